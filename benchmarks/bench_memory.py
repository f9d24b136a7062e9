"""Peak memory of ``extract`` against the size of its input: ``.venv/bin/python benchmarks/bench_memory.py
[--runs 3] [--sizes 1,3,6] [--code DIR]``.

The inputs are the State Council reports of ``data/corpus/national/`` one after another, up to each size
(MB of UTF-8; the reader refuses files over 10 MiB). Each command runs ``--runs`` times in a fresh
process, interleaved (seed, then each size, then again); the figure is the median peak RSS. The measure
of issue 13 is (peak − the seed's peak) / input bytes: the seed's run holds what every run holds
whatever its input (Python, pandas, the segmenter, the theme model), so the difference is what the input
costs. The user's POS-tag cache is warmed by one run of each input first, so that no measured run reads
jieba's whole dictionary (a constant 45 MB that only a run meeting new words pays). ``--code DIR`` measures
another checkout of the project (its package is put first on ``PYTHONPATH``), e.g. the code before a change.

Figures go to docs/benchmarks.md by hand; this script prints them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEAK = ("import sys\nfrom weihai_analysis.cli import main\ncode = main(sys.argv[1:])\n"
        "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))\n"
        "sys.exit(code)")


def synthetic(n_bytes: int) -> str:
    """The corpus reports in order, one after another, up to ``n_bytes`` of UTF-8 (cycling if need be)."""
    paths = sorted((ROOT / "data" / "corpus" / "national").glob("*.txt"))
    texts, size, i = [], 0, 0
    while True:
        t = paths[i % len(paths)].read_text(encoding="utf-8")
        if size + len(t.encode()) + 1 > n_bytes:
            return "\n".join(texts)
        texts.append(t)
        size += len(t.encode()) + 1
        i += 1


def peak_kb(report: str | None, out: Path, code: Path | None) -> int:
    """Peak RSS (KB) of one ``extract`` in a fresh process."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    args = ["extract", *([report] if report else []), "--out", str(out), "--quiet"]
    # run in the checkout measured: ``python -c`` puts its working folder first on sys.path
    done = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, env=env,
                          cwd=code or ROOT)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return int(done.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1,3,6", help="input sizes in MB (10**6 bytes), comma-separated")
    ap.add_argument("--code", type=Path, help="a checkout whose weihai_analysis to measure instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs: list[tuple[str, str | None, int]] = [("seed", None, 0)]
        for mb in args.sizes.split(","):
            path = Path(tmp) / f"in_{mb}.txt"
            path.write_text(synthetic(int(float(mb) * 10**6)), encoding="utf-8")
            inputs.append((f"{mb} MB", str(path), path.stat().st_size))
        for _, report, _ in inputs:  # warm the POS-tag cache
            peak_kb(report, Path(tmp) / "out", args.code)
        peaks: dict[str, list[int]] = {name: [] for name, _, _ in inputs}
        for _ in range(args.runs):
            for name, report, _ in inputs:
                peaks[name].append(peak_kb(report, Path(tmp) / "out", args.code))
    base = statistics.median(peaks["seed"])
    print(f"| input | bytes | peak RSS MB (median of {args.runs}) | (peak − seed) / bytes | peak / bytes |")
    print("|---|---|---|---|---|")
    for name, _, size in inputs:
        med = statistics.median(peaks[name])
        ratio = f"{(med - base) * 1024 / size:.1f}x" if size else ""
        absolute = f"{med * 1024 / size:.1f}x" if size else ""
        print(f"| {name} | {size:,} | {med / 1024:.0f} | {ratio} | {absolute} |")
    sized = [(size, statistics.median(peaks[name])) for name, _, size in inputs if size]
    if len(sized) >= 2:
        (s0, p0), (s1, p1) = sized[0], sized[-1]
        print(f"slope between {s0:,} and {s1:,} bytes: {(p1 - p0) * 1024 / (s1 - s0):.1f} bytes a byte")


if __name__ == "__main__":
    main()
