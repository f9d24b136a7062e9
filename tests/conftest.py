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
