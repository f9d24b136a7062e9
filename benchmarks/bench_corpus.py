"""Corpus mode against plain jieba: ``.venv/bin/python benchmarks/bench_corpus.py [--repeat 10] [--workers N]``.

Measured in the same run, one after the other:

1. ``weihai-analysis corpus`` on the 52 State Council reports (``data/corpus/national/``) with one
   worker and with one per core: wall time and peak RSS (the largest process: main or a worker);
2. plain ``jieba.lcut`` of the same texts in one process (dictionary loaded before timing);
3. with ``--repeat K`` (default 10), the corpus command (one worker per core) on K copies of the corpus
   under other file names, to show that the cost grows linearly with the number of reports and memory
   does not;
4. ``extract`` on the largest report alone, for the memory of one report.

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


_RSS_WRAPPER = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                "stderr=subprocess.DEVNULL).returncode; print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _child(cmd: list[str]) -> tuple[float, int]:
    """Wall time (s) of a command and the peak RSS (MB) of its largest process (main or a worker), measured
    by a fresh wrapper process so that earlier runs do not count."""
    t0 = time.perf_counter()
    out = subprocess.run([PY, "-c", _RSS_WRAPPER, *cmd], capture_output=True, text=True, cwd=ROOT, check=True)
    secs = time.perf_counter() - t0
    rc, rss = out.stdout.split()
    if rc != "0":
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return secs, int(rss) // 1024


_STAGES = ("import sys, time, pathlib, jieba; jieba.initialize()\n"
           "from weihai_analysis.load import load_report\nfrom weihai_analysis.structure import parse\n"
           "from weihai_analysis.extract import build_tables\n"
           "paths = sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))\n"
           "reports = [load_report(p) for p in paths]\n"
           "build_tables(parse(reports[0].text))\n"  # imports and vocabularies loaded before timing
           "t = time.perf_counter(); [jieba.lcut(r.text) for r in reports]; j = time.perf_counter() - t\n"
           "t = time.perf_counter(); [build_tables(parse(r.text)) for r in reports]; b = time.perf_counter() - t\n"
           "print(j, b)")


def _in_process(folder: Path) -> tuple[float, float]:
    """(plain jieba.lcut, every stage of extract) over the folder's reports in one warm process, seconds."""
    out = subprocess.run([PY, "-c", _STAGES, str(folder)], capture_output=True, text=True, check=True, cwd=ROOT)
    j, b = out.stdout.split()
    return float(j), float(b)


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
            for w in sorted({1, args.workers}) if label == "corpus" else [args.workers]:
                secs, rss = _child([PY, "-m", "weihai_analysis", "corpus", str(folder), "--out", str(tmp / f"out{w}"),
                                    "--workers", str(w), "--quiet"])
                print(f"{label}: weihai-analysis corpus, {w} worker(s): {secs:.1f} s, peak RSS {rss} MB; "
                      f"plain jieba.lcut (1 process, dictionary loaded): {jieba_s:.1f} s; ratio {secs / jieba_s:.1f}x")
                shutil.rmtree(tmp / f"out{w}", ignore_errors=True)
            if label == "corpus":
                j, b = _in_process(folder)
                print(f"{label}, one warm process: every extract stage {b:.1f} s, plain jieba.lcut {j:.1f} s; "
                      f"ratio {b / j:.1f}x")
        one = sorted(CORPUS.glob("*.txt"), key=lambda p: p.stat().st_size)[-1]
        secs, rss = _child([PY, "-m", "weihai_analysis", "extract", str(one), "--out", str(tmp / "one"), "--quiet"])
        print(f"one report ({one.name}, the largest): extract {secs:.1f} s, peak RSS {rss} MB")

if __name__ == "__main__":
    main()
