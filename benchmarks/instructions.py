"""Instructions executed by the figures stage, counted by valgrind (callgrind): a measure that does not
drift with the machine's speed, for comparing two versions of the code.

    python benchmarks/instructions.py [--copies 10] [--root DIR]

``--root`` is a folder holding a ``weihai_analysis`` package and its ``data/`` (for example an older
commit unpacked with ``git archive COMMIT weihai_analysis data | tar -x -C DIR``); by default this
checkout. Every run starts with empty text caches (``figures.clear_text_caches`` where it exists), as in
``benchmarks/run.py``. The count per run is the difference between a process with three timed runs and
one with one, divided by two, so start-up and imports cancel out. Needs ``valgrind`` on the PATH.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_58348610b177d7f6.txt"

CHILD = r"""
import sys
root, runs, copies = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, root)
from weihai_analysis.structure import parse
from weihai_analysis import figures as F
TEXT_CACHES = ("indicator_id_for", "hanzi_value", "_quantity_reading", "_separators", "_clean_indicator",
               "_phrase_after", "_cue_period", "_paragraph_cue", "_before_parts", "_bound_inside", "_bound_after")
def clear():
    if hasattr(F, "clear_text_caches"):
        F.clear_text_caches()
        return
    for name in TEXT_CACHES:  # older versions of the code
        fn = getattr(F, name, None)
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()
text = open(sys.argv[4], encoding="utf-8").read()
F.figures_from_structure(parse(text))  # vocabularies loaded
st = parse(text * copies)
for _ in range(runs):
    clear()
    F.figures_from_structure(st)
"""


def count(root: Path, runs: int, copies: int) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", CHILD,
           str(root), str(runs), str(copies), str(SEED)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))  # callgrind's total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed; this benchmark needs it.", file=sys.stderr)
        return 2
    if not (args.root / "weihai_analysis" / "figures.py").is_file() or args.copies < 1:
        print(f"error: --root must hold weihai_analysis/ and data/ (got {args.root}), and --copies must be 1 or more.",
              file=sys.stderr)
        return 2
    try:
        per_run = (count(args.root, 3, args.copies) - count(args.root, 1, args.copies)) // 2
    except subprocess.CalledProcessError as exc:
        lines = [ln for ln in (exc.stderr or "").splitlines() if ln.strip() and not ln.startswith("==")]
        print(f"error: the figures run under valgrind failed: {lines[-1] if lines else f'exit code {exc.returncode}'}",
              file=sys.stderr)
        return 2
    print(f"{args.root}: {per_run / 1e6:.0f} M instructions per figures run on {args.copies} copies of the seed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
