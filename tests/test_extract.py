"""The CLI writes the contract's tables: UTF-8 with BOM, stable, byte-identical reruns, exact spans."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import fixture_path
from weihai_analysis import load_report

TABLES = ["sections", "paragraphs", "figures", "targets", "sentences", "tokens", "terms", "slogans"]
CONTRACT_COLUMNS = {
    "sections": ["section_id", "level", "number", "title", "start", "end", "period"],
    "paragraphs": ["paragraph_id", "section_id", "start", "end", "text", "n_chars"],
    "figures": ["figure_id", "start", "end", "mention", "numeral", "category", "value", "unit", "unit_as_written",
                "indicator", "indicator_id", "measure", "period", "status", "aggregation", "role", "bound",
                "section_id", "paragraph_id", "sentence", "theme"],
    "targets": ["target_id", "indicator_id", "indicator", "period", "measure", "value", "value_high", "unit", "bound",
                "kind", "firmness", "judged_as", "wording", "rule", "figure_id", "section_id", "sentence", "start",
                "end"],
    "sentences": ["sentence_id", "paragraph_id", "section_id", "start", "end", "text", "themes", "primary_theme"],
    "tokens": ["sentence_id", "start", "end", "token", "pos", "is_stopword"],
    "terms": ["term", "pos", "count", "n_sentences", "n_sections", "in_lexicon"],
    "slogans": ["slogan", "kind", "count", "first_start", "sentence"],
}


def _extract(out: Path, *reports: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "weihai_analysis", "extract", *reports, "--out", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    r = _extract(out)
    assert r.returncode == 0, r.stderr
    return out


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} lacks the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_all_tables_with_contract_columns(seed_tables):
    for name in TABLES:
        path = seed_tables / f"{name}.csv"
        header = next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        assert header[: len(CONTRACT_COLUMNS[name])] == CONTRACT_COLUMNS[name], name
        text = path.read_text(encoding="utf-8-sig")
        assert ",nan," not in text and ",None," not in text


def test_rerun_is_byte_identical(seed_tables, tmp_path):
    assert _extract(tmp_path).returncode == 0
    for name in TABLES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (seed_tables / f"{name}.csv").read_bytes(), name


def test_spans_point_into_the_report(seed_tables):
    text = load_report().text
    for row in _read(seed_tables / "paragraphs.csv"):
        assert text[int(row["start"]):int(row["end"])] == row["text"]
    for row in _read(seed_tables / "sentences.csv"):
        assert text[int(row["start"]):int(row["end"])] == row["text"]
    for row in _read(seed_tables / "figures.csv"):
        assert text[int(row["start"]):int(row["end"])] == row["mention"]
    for row in _read(seed_tables / "tokens.csv"):
        assert text[int(row["start"]):int(row["end"])] == row["token"]
    sections = _read(seed_tables / "sections.csv")
    assert [s["section_id"] for s in sections if s["level"] == "1"] == ["1", "2", "3", "4", "5"]


def test_figure_values_are_numbers_and_themes_present(seed_tables):
    rows = _read(seed_tables / "figures.csv")
    quantities = [r for r in rows if r["category"] == "quantity"]
    assert all(float(r["value"]) == float(r["value"]) for r in quantities)
    assert all(r["value"] == "" for r in rows if r["category"] != "quantity")
    gdp = next(r for r in rows if r["mention"] == "3017.8亿元")
    assert gdp["value"] == "301780000000" and gdp["theme"] == "economy"


def test_several_reports_go_to_subfolders(tmp_path):
    r = _extract(tmp_path, str(fixture_path("state_council_style")), str(fixture_path("city_gb18030_crlf")))
    assert r.returncode == 0, r.stderr
    for stem in ("state_council_style", "city_gb18030_crlf"):
        rows = _read(tmp_path / stem / "figures.csv")
        assert len(rows) > 50
