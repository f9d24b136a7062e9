"""Every reference vocabulary has a sidecar that names its source, licence and columns."""

from __future__ import annotations

import csv

import pytest
import yaml

from weihai_analysis.paths import REFERENCE_DIR

DATA_FILES = sorted(p for p in REFERENCE_DIR.rglob("*") if p.suffix in (".csv", ".txt"))


def test_there_are_vocabularies():
    names = {p.name for p in DATA_FILES}
    assert {"units.csv", "indicators.csv", "bound_words.csv", "policy_terms.txt", "themes.csv",
            "stopwords_project.txt", "outcomes_2021.csv", "national_2021.csv"} <= names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_sidecar(path):
    side = path.with_suffix(".yml")
    assert side.exists(), f"{path.name} has no sidecar"
    meta = yaml.safe_load(side.read_text(encoding="utf-8"))
    for key in ("title", "description", "source", "license", "created", "columns"):
        assert meta.get(key), f"{side.name} lacks {key}"
    if path.suffix == ".csv":
        with path.open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert set(header) <= set(meta["columns"]), f"{side.name} does not describe {set(header) - set(meta['columns'])}"


def test_units_and_aliases_are_unique():
    units = [r["unit"] for r in csv.DictReader((REFERENCE_DIR / "units.csv").open(encoding="utf-8"))]
    assert len(units) == len(set(units))
    seen = {}
    for r in csv.DictReader((REFERENCE_DIR / "indicators.csv").open(encoding="utf-8")):
        for a in r["aliases"].split(";"):
            assert seen.setdefault(a, r["indicator_id"]) == r["indicator_id"], a
