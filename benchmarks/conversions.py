"""Agreement of the figures read from converted and damaged copies with the clean text's (README, "Reports
as published"): for the seed and each fixture report, the share of its quantities read alike on value,
unit, indicator, measure, period, status, role and bound (the lowest of the eight), and whether the
outline is the same.

    .venv/bin/python benchmarks/conversions.py
"""

from __future__ import annotations

import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import conversions as cv  # noqa: E402

from weihai_analysis import load_report, parse  # noqa: E402
from weihai_analysis.figures import figures_from_structure  # noqa: E402
from weihai_analysis.plotting import font_path  # noqa: E402

REPORTS = [None, "state_council_style", "city_gb18030_crlf", "holdout/province_2022", "holdout/county_2021_crlf",
           "holdout2/national_2022", "holdout2/district_2023_gbk", "national/national_1995",
           "national/national_2008", "national/national_2023"]


def _copies(text: str, folder: Path) -> dict[str, str]:
    """Each damaged or converted copy of ``text``, as the report text a reader gives."""
    html, docx, pdf = folder / "r.html", folder / "r.docx", folder / "r.pdf"
    html.write_text(cv.html_page(text), encoding="utf-8")
    docx.write_bytes(cv.docx_bytes(text))
    pdf.write_bytes(cv.pdf_bytes(text, str(font_path())))
    return {"spaced numbers": cv.spaced_numbers(text), "spaced full-width digits": cv.spaced_fullwidth_digits(text),
            "wrapped, footers, headers": cv.wrapped(text), "HTML page": load_report(html).text,
            "Word file": load_report(docx).text, "PDF": load_report(pdf).text}


def _outline(text: str) -> list:
    return [(sid, unicodedata.normalize("NFKC", t)) for sid, t in cv.outline(parse(text))]


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="wh-conv-"))
    kinds = None
    lines = []
    for stem in REPORTS:
        path = ROOT / "tests" / "fixtures" / f"{stem}.txt" if stem else None
        clean = load_report(path).text
        base = figures_from_structure(parse(clean))
        n = sum(f.category == "quantity" for f in base)
        cells = []
        copies = _copies(clean, folder)
        kinds = list(copies)
        for kind, copy in copies.items():
            worst = min(cv.agreement(base, figures_from_structure(parse(copy))).values())
            same = "" if _outline(copy) == _outline(clean) else " (outline differs)"
            cells.append(f"{worst:.3f}{same}")
        lines.append(f"| {stem or 'seed'} | {n} | " + " | ".join(cells) + " |")
    print("| report | quantities | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
