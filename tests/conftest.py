"""Shared fixtures: the seed, fixture reports and their expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from weihai_analysis import load_report, parse

FIXTURES = Path(__file__).parent / "fixtures"
REPORT_FIXTURES = ["state_council_style", "city_gb18030_crlf", "utf8_bom", "utf16_bom",
                   "holdout/province_2022", "holdout/county_2021_crlf",
                   "holdout2/national_2022", "holdout2/district_2023_gbk"]
EDGE_FIXTURES = ["edge/no_headings", "edge/one_paragraph", "edge/number_at_edges"]


def fixture_path(stem: str) -> Path:
    return FIXTURES / f"{stem}.txt"


def expected(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed():
    return load_report()


@pytest.fixture(scope="session")
def seed_structure(seed):
    return parse(seed.text)


def require_pypi() -> None:
    """Skip the calling test when PyPI cannot be reached — unless ``CI`` is set, where it must be."""
    import os
    import urllib.request

    try:
        urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=10).close()
    except OSError as exc:
        reason = f"PyPI is not reachable ({exc}); this test needs it to install or look up packages"
        if os.environ.get("CI"):
            pytest.fail(reason + " and CI is set, so it may not be skipped")
        pytest.skip(reason)


def without_input_path(tables: dict[str, bytes]) -> dict[str, bytes]:
    """A snapshot of written tables with report.csv's ``path`` cell blanked: the one cell that names where
    the input was (the same report read from another folder, or from an installed wheel, differs there)."""
    import csv
    import io

    if "report.csv" not in tables:
        return tables
    rows = list(csv.reader(io.StringIO(tables["report.csv"].decode("utf-8-sig"), newline="")))
    k = rows[0].index("path")
    for row in rows[1:]:
        row[k] = ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return {**tables, "report.csv": buf.getvalue().encode("utf-8")}
