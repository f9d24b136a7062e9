"""Benchmarks for docs/benchmarks.md: ``make bench`` (or ``.venv/bin/python benchmarks/run.py``).

Every figure is a median of several runs, with its baseline measured in the same run, interleaved:

1. ``weihai-analysis extract`` on the seed, cold process, against ``python -c "import pandas"`` and
   ``python -c "import pandas, jieba; jieba.initialize()"``; and its peak memory (max RSS).
2. Peak memory of one process extracting a 100-report corpus (100 copies of the seed as files).
3. The figures stage on 25, 50 and 100 concatenated copies of the seed: seconds and MB/s.
4. The policy-language stage (``benchmarks/bench_text.py``): segmentation time and throughput against
   plain ``jieba.lcut``.
5. Reading a PDF report (``benchmarks/bench_pdf.py``): a 12-page PDF of the seed and Chromium's print.
6. With ``--notebooks``: executing every notebook in a fresh kernel.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLI = [PY, "-m", "weihai_analysis"]


def _run(cmd: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss // 1024


def cold_extract(runs: int) -> list[str]:
    out = tempfile.mkdtemp(prefix="wh-bench-")
    cmds = {
        "extract": CLI + ["extract", "--out", out, "--quiet"],
        "import pandas": [PY, "-c", "import pandas"],
        "import pandas, jieba; jieba.initialize()": BASELINE,
    }
    _run(cmds["extract"])  # warm the OS file cache and jieba's dictionary cache once
    times: dict[str, list[float]] = {k: [] for k in cmds}
    rss: dict[str, list[int]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            t, m = _run(cmd)
            times[name].append(t)
            rss[name].append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["import pandas, jieba; jieba.initialize()"]
    rows = [
        "| command (cold process, seed) | median s | peak RSS MB |",
        "|---|---|---|",
    ]
    for name in cmds:
        rows.append(f"| `{name}` | {med[name]:.3f} | {statistics.median(rss[name])} |")
    rows.append("")
    rows.append(f"extract / (import pandas, jieba; jieba.initialize()) = **{med['extract'] / base:.2f}x** "
                f"(goal 1.25x); extract / import pandas = {med['extract'] / med['import pandas']:.2f}x; "
                f"{runs} runs each, interleaved.")
    return rows


def corpus_memory(n: int) -> list[str]:
    seed = (ROOT / "seeds" / "000_58348610b177d7f6.txt").read_bytes()
    with tempfile.TemporaryDirectory(prefix="wh-corpus-") as tmp:
        files = []
        for i in range(n):
            p = Path(tmp) / f"report_{i:03d}.txt"
            p.write_bytes(seed)
            files.append(str(p))
        t1, one = _run(CLI + ["extract", files[0], "--out", str(Path(tmp) / "one"), "--quiet"])
        tn, many = _run(CLI + ["extract", *files, "--out", str(Path(tmp) / "out"), "--quiet"])
    return [
        "| run | wall s | peak RSS MB |",
        "|---|---|---|",
        f"| 1 report | {t1:.2f} | {one} |",
        f"| {n} reports, one process | {tn:.2f} | {many} |",
        "",
        f"Peak memory for {n} reports is {many / one:.2f}x that of one report.",
    ]


BASELINE = [PY, "-c", "import pandas, jieba; jieba.initialize()"]
ISSUE_BASELINE_S = 0.8  # the issue's measurement of BASELINE on this machine when the goals were set


def figures_stage(runs: int) -> list[str]:
    """Figures stage on 25/50/100 copies, with BASELINE timed between the runs to gauge the machine's speed.

    Every timed run starts with empty text caches (``figures.clear_text_caches``): the memoised readings
    of phrases and sentences are reused within a run, never from the run before. A last row times the
    seed alone with empty caches, the cost of text that repeats nothing.
    """
    from weihai_analysis import load_report, parse
    from weihai_analysis.figures import clear_text_caches, figures_from_structure

    text = load_report().text
    figures_from_structure(parse(text))  # load vocabularies once
    rows = ["| copies of the seed | characters | MB (UTF-8) | median s | MB/s | MB/s at the issue's machine speed |",
            "|---|---|---|---|---|---|"]
    base: list[float] = []
    for n in (25, 50, 100):
        big = text * n
        st = parse(big)
        ts = []
        for _ in range(runs):
            clear_text_caches()
            t0 = time.perf_counter()
            figures_from_structure(st)
            ts.append(time.perf_counter() - t0)
            base.append(_run(BASELINE)[0])
        mb = len(big.encode("utf-8")) / 1e6
        t = statistics.median(ts)
        scale = ISSUE_BASELINE_S / statistics.median(base)
        rows.append(f"| {n} | {len(big):,} | {mb:.2f} | {t:.3f} | {mb / t:.2f} | {mb / (t * scale):.2f} |")
    st = parse(text)
    cold = []
    for _ in range(9):
        clear_text_caches()
        t0 = time.perf_counter()
        figures_from_structure(st)
        cold.append(time.perf_counter() - t0)
    mb, t = len(text.encode("utf-8")) / 1e6, statistics.median(cold)
    scale = ISSUE_BASELINE_S / statistics.median(base)
    rows.append(f"| 1, nothing repeated (empty caches) | {len(text):,} | {mb:.3f} | {t:.4f} | {mb / t:.2f} | "
                f"{mb / (t * scale):.2f} |")
    rows.append("")
    rows.append(f"Median of {runs} runs each (9 for the single copy; goal: linear, 5 MB/s or more), each run "
                f"starting with empty text caches. `{' '.join(BASELINE[1:])}` took "
                f"{statistics.median(base):.2f} s (median) between these runs, against {ISSUE_BASELINE_S} s when the "
                "goals were written; the last column rescales by that ratio.")
    return rows


def notebooks() -> list[str]:
    from weihai_analysis.site import execute, notebook_paths

    rows = ["| notebook | seconds |", "|---|---|"]
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for nb in notebook_paths():
            t0 = time.perf_counter()
            execute(nb, Path(tmp) / nb.name)
            dt = time.perf_counter() - t0
            total += dt
            rows.append(f"| {nb.name} | {dt:.1f} |")
    rows.append(f"| **total** | **{total:.1f}** |")
    rows.append("")
    rows.append("One run, each notebook in a fresh kernel (goal: 60 s or less in total).")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--notebooks", action="store_true", help="also time executing all notebooks")
    ap.add_argument("--only", choices=["extract", "memory", "figures", "text", "pdf", "notebooks"], help="run one benchmark")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    wanted = (lambda name: args.only in (None, name))
    sections = []
    if wanted("extract"):
        sections.append(("Cold extract on the seed", cold_extract(args.runs)))
    if wanted("memory"):
        sections.append(("Memory on a 100-report corpus", corpus_memory(100)))
    if wanted("figures"):
        sections.append(("Figures stage", figures_stage(args.runs)))
    bench_text = ROOT / "benchmarks" / "bench_text.py"
    if bench_text.exists() and wanted("text"):
        out = subprocess.run([PY, str(bench_text)], capture_output=True, text=True, cwd=ROOT, check=True).stdout
        sections.append(("Policy-language stage", out.strip().splitlines()))
    if wanted("pdf"):
        import bench_pdf

        sections.append(("Reading a PDF report", bench_pdf.rows(args.runs)))
    if args.notebooks or args.only == "notebooks":
        sections.append(("Executing the notebooks", notebooks()))
    for title, rows in sections:
        print(f"### {title}\n")
        print("\n".join(rows))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
