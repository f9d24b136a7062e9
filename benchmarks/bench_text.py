"""Benchmark of weihai_analysis.text: segmentation speed, warm start and throughput against plain jieba.

Run: ``python benchmarks/bench_text.py``. Prints a markdown table:

* segmentation of the seed with the dictionaries already loaded (median of 5 runs);
* start of a second process that loads the tokenizers (median of 5), which must read jieba's
  prefix-dict cache rather than rebuild it, next to what a rebuild costs;
* throughput in characters per second on 100 concatenated copies of the seed, ours against plain
  ``jieba.lcut`` on the same text, measured in the same run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weihai_analysis import load_report, parse
from weihai_analysis import text as T

_START = """
import time
t = time.perf_counter()
from weihai_analysis import text
text.initialize()
print(time.perf_counter() - t)
"""
_REBUILD = """
import tempfile, time
from weihai_analysis.text import _jieba
jieba = _jieba()
jieba.setLogLevel(30)
with tempfile.TemporaryDirectory() as d:
    tok = jieba.Tokenizer()
    tok.tmp_dir = d
    t = time.perf_counter()
    tok.initialize()
    print(time.perf_counter() - t)
"""


def median_time(f: Callable[[], object], n: int) -> float:
    """Median wall time of ``n`` calls of ``f``, in seconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run_python(code: str) -> tuple[float, str]:
    """Run ``code`` in a fresh interpreter; return the seconds it prints and its stderr."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip()), done.stderr


def main() -> None:
    report = load_report()
    st = parse(report.text)
    jieba = T._jieba()
    jieba.setLogLevel(30)
    jieba.initialize()
    T.initialize()

    seed_ours = median_time(lambda: T.tokenize(report.text, st.sentences), 5)
    seed_plain = median_time(lambda: jieba.lcut(report.text), 5)

    cache = Path(tempfile.gettempdir()) / "jieba.cache"
    run_python(_START)  # make sure the cache exists before timing warm starts
    mtime = cache.stat().st_mtime_ns
    starts, stderr = zip(*(run_python(_START) for _ in range(5)))
    rebuilt = cache.stat().st_mtime_ns != mtime or any("Building prefix dict" in e for e in stderr)
    rebuild, _ = run_python(_REBUILD)

    big = report.text * 100
    big_st = parse(big)
    ours_t, plain_t = [], []
    for _ in range(5):  # interleaved, so a change in the machine's speed touches both alike
        ours_t.append(median_time(lambda: T.tokenize(big, big_st.sentences), 1))
        plain_t.append(median_time(lambda: jieba.lcut(big), 1))
    ours, plain = statistics.median(ours_t), statistics.median(plain_t)

    print("| measure | value |")
    print("|---|---|")
    print(f"| seed segmentation, dictionaries loaded (median of 5) | {seed_ours:.3f} s (plain jieba.lcut {seed_plain:.3f} s) |")
    print(f"| second-process start, `text.initialize()` (median of 5) | {statistics.median(starts):.2f} s |")
    print(f"| prefix dict rebuilt or 'Building prefix dict' printed in that start | {'yes' if rebuilt else 'no'} |")
    print(f"| building the prefix dict without a cache, for comparison | {rebuild:.2f} s |")
    print(f"| throughput, ours, 100 copies ({len(big):,} chars, median of 5, interleaved) | {len(big) / ours:,.0f} chars/s |")
    print(f"| throughput, plain jieba.lcut, same text | {len(big) / plain:,.0f} chars/s |")
    print(f"| ours / plain | {plain / ours:.2f} |")


if __name__ == "__main__":
    main()
