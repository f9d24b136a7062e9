"""Reading a PDF report: the seed written as a 12-page PDF (fpdf2, as the tests write it) and the 14-page
print of the seed by Chromium (tests/fixtures/converted/seed_chromium.pdf).

For each: ``load_report`` in a warm process (the text layer of every page, median of N runs), the text
layer's repair and parse, and ``weihai-analysis extract`` in a cold process against the same command on
the seed's text file (interleaved). Goal (issue 11): reading a 12-page PDF report in under 5 s.

    .venv/bin/python benchmarks/bench_pdf.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import conversions  # noqa: E402  (the PDF writer the tests use)

from weihai_analysis import load_report, parse  # noqa: E402
from weihai_analysis.plotting import font_path  # noqa: E402


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _cold(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "weihai_analysis", "extract", *args, "--quiet"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def rows(runs: int) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="wh-bench-pdf-"))
    written = folder / "seed_12_pages.pdf"
    written.write_bytes(conversions.pdf_bytes(load_report().text, str(font_path())))
    pdfs = {"seed, fpdf2": written, "seed, Chromium print": ROOT / "tests/fixtures/converted/seed_chromium.pdf"}
    out = ["| PDF | pages | MB | load_report s | repair + parse s | cold extract s | cold extract of the .txt s |",
           "|---|---|---|---|---|---|---|"]
    for name, pdf in pdfs.items():
        report = load_report(pdf)
        read = _median(lambda: load_report(pdf), runs)
        layer = _median(lambda: parse(report.text), runs)
        cold, text = [], []
        for _ in range(runs):
            cold.append(_cold([str(pdf), "--out", str(folder / "pdf")]))
            text.append(_cold(["--out", str(folder / "txt")]))
        out.append(f"| {name} | {report.pages} | {pdf.stat().st_size / 2**20:.2f} | {read:.3f} | {layer:.3f} | "
                   f"{statistics.median(cold):.2f} | {statistics.median(text):.2f} |")
    out.append("")
    out.append(f"Median of {runs} runs each; the two cold extracts interleaved. The 12-page PDF is read (text layer "
               f"of every page) in well under the goal of 5 s.")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    print("\n".join(rows(ap.parse_args().runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
