"""Corpus mode against plain jieba: ``.venv/bin/python benchmarks/bench_corpus.py [--repeat 10] [--workers N]``.

Measured in the same run, one after the other:

1. ``weihai-analysis corpus`` on the 52 State Council reports (``data/corpus/national/``) with one
   worker and with one per core: wall time and peak RSS (the largest process: main or a worker);
2. plain ``jieba.lcut`` of the same texts in one process (dictionary loaded before timing);
3. with ``--repeat K`` (default 10), the same for K copies of the corpus under other file names, to show
   that the cost grows linearly with the number of reports.

Figures go to docs/benchmarks.md by hand; this script prints them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "national"
PY = sys.executable


def _child(cmd: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (MB) of a child and its largest descendant."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return time.perf_counter() - t0, max(usage.ru_maxrss, children) // 1024


def _jieba(folder: Path) -> tuple[float, int]:
    code = ("import sys, time, pathlib, jieba; jieba.initialize(); "
            "texts = [p.read_text(encoding='utf-8') for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]; "
            "t = time.perf_counter(); [jieba.lcut(x) for x in texts]; print(time.perf_counter() - t)")
    out = subprocess.run([PY, "-c", code, str(folder)], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip()), 0


def _copies(k: int, dest: Path) -> Path:
    """k copies of the corpus under other names (national_1954_c3.txt), without the manifest."""
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(k):
        for p in sorted(CORPUS.glob("*.txt")):
            shutil.copy(p, dest / f"{p.stem}_c{i}.txt")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    n_chars = sum(len(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt"))
    print(f"corpus: {len(list(CORPUS.glob('*.txt')))} reports, {n_chars:,} characters; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sets = [("corpus", CORPUS)]
        if args.repeat > 1:
            sets.append((f"{args.repeat}x corpus", _copies(args.repeat, tmp / "copies")))
        for label, folder in sets:
            jieba_s, _ = _jieba(folder)
            for w in sorted({1, args.workers}):
                secs, rss = _child([PY, "-m", "weihai_analysis", "corpus", str(folder), "--out", str(tmp / f"out{w}"),
                                    "--workers", str(w), "--quiet"])
                print(f"{label}: weihai-analysis corpus, {w} worker(s): {secs:.1f} s, peak RSS {rss} MB; "
                      f"plain jieba.lcut (1 process): {jieba_s:.1f} s; ratio {secs / jieba_s:.1f}x")
                shutil.rmtree(tmp / f"out{w}", ignore_errors=True)


if __name__ == "__main__":
    main()
