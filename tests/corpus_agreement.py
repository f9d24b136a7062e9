"""Agreement of the corpus panel with series built by hand from the texts.

Two fixtures, both read from ``data/corpus/national/`` by people, not from the extractor's output:

* ``national_gdp_series.csv``: the GDP growth target and outcome, 1991–2025 (``gdp_agreement``);
* ``national_main_series.csv``: thirteen national indicators, 1991–2025 (``main_agreement``, per indicator;
  ``national_main_series.md`` says how it was built and in which units it states values).

``python tests/corpus_agreement.py CORPUS_DIR`` prints the counts and the misses; tests/test_corpus.py
asserts floors on them.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "national_gdp_series.csv"
MAIN_FIXTURE = FIXTURES / "national_main_series.csv"
FIRST_YEAR, LAST_YEAR = 1991, 2025
#: How many of the panel's base unit make one unit of the hand series (national_main_series.md, Conventions).
UNIT_SCALE = {"人": 1e4, "元": 1e8, "公斤": 1e7, "吨": 1e4, "斤": 1e8}
#: Indicators the hand series states as a fall given as a positive number.
FALL_AS_POSITIVE = {"energy_intensity"}
COUNTS = ("targets", "target_value", "target_bound", "target_range", "outcomes", "outcome_value",
          "spurious_targets", "spurious_outcomes")


def _na(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x == ""


def _same(a, b) -> bool:
    if _na(a) or _na(b):
        return _na(a) and _na(b)
    a, b = float(a), float(b)
    return abs(a - b) <= 1e-9 + 1e-9 * max(abs(a), abs(b))


def _text(x) -> str:
    return "" if _na(x) else str(x)


def _followed(frame: pd.DataFrame, indicator: str, measure: str) -> pd.DataFrame:
    """One row per year of ``indicator`` and ``measure`` (the panel and outcome tables hold one already)."""
    rows = frame[(frame.indicator_id == indicator) & (frame.measure == measure)]
    return rows.drop_duplicates("year").set_index("year")


def _scaled(value, unit, indicator: str):
    """A panel value in the hand series' unit (万人, 亿元, 万吨 or 亿斤; falls as positive numbers)."""
    if _na(value):
        return value
    v = float(value) / UNIT_SCALE.get(_text(unit), 1.0)
    return abs(v) if indicator in FALL_AS_POSITIVE else v


def agreement(hand: pd.DataFrame, panel: pd.DataFrame, outcomes: pd.DataFrame, indicator: str,
              measure: str) -> dict[str, object]:
    """Counts of one indicator's hand-checked targets (value, bound, range) and outcomes that the corpus
    tables reproduce, rows the tables hold where the hand series has none (1991–2025), and the misses.

    A range's value is its lower end (the panel's ``value``); its bound is empty.
    """
    hand = hand.set_index("year")
    have_t, have_o = _followed(panel, indicator, measure), _followed(outcomes, indicator, measure)
    res: dict[str, object] = {k: 0 for k in COUNTS}
    misses: list[str] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        r = hand.loc[year] if year in hand.index else None
        want = None if r is None else (r.target if not _na(r.target) else r.low)
        t = have_t.loc[year] if year in have_t.index else None
        got = None if t is None else _scaled(t.value, t.unit, indicator)
        if not _na(want):
            res["targets"] += 1
            if t is not None and _same(got, want):
                res["target_value"] += 1
                res["target_bound"] += int(_text(t.bound) == _text(r.bound))
                res["target_range"] += int(_same(_scaled(t.low, t.unit, indicator), r.low)
                                           and _same(_scaled(t.high, t.unit, indicator), r.high))
                if _text(t.bound) != _text(r.bound):
                    misses.append(f"{year} target bound {_text(r.bound) or '-'}: {_text(t.bound) or '-'}")
            else:
                misses.append(f"{year} target {want:g}: {got}")
        elif t is not None and not _na(got):  # a target in words only (回稳向好) is no spurious number
            res["spurious_targets"] += 1
            misses.append(f"{year} no target, panel has {got:g}")
        o = have_o.loc[year] if year in have_o.index else None
        got_o = None if o is None else _scaled(o.value, o.unit, indicator)
        want_o = None if r is None else r.outcome
        if not _na(want_o):
            res["outcomes"] += 1
            if o is not None and _same(got_o, want_o):
                res["outcome_value"] += 1
            else:
                misses.append(f"{year} outcome {want_o:g}: {got_o}")
        elif o is not None:
            res["spurious_outcomes"] += 1
            misses.append(f"{year} no outcome, table has {got_o:g}")
    res["misses"] = misses
    return res


def main_agreement(panel: pd.DataFrame, outcomes: pd.DataFrame) -> dict[str, dict[str, object]]:
    """``agreement`` for every indicator of national_main_series.csv (measures from panel_indicators.csv),
    and their sum under ``"all"``."""
    from weihai_analysis.corpus import panel_indicators

    hand = pd.read_csv(MAIN_FIXTURE, dtype={"bound": str}, keep_default_na=False, na_values=[""])
    measures = panel_indicators()
    out = {ind: agreement(rows, panel, outcomes, ind, measures[ind][0])
           for ind, rows in hand.groupby("indicator_id", sort=False)}
    out["all"] = {k: sum(v[k] for v in out.values()) for k in COUNTS}
    return out


def gdp_agreement(panel: pd.DataFrame, outcomes: pd.DataFrame) -> dict[str, object]:
    """``agreement`` of GDP growth with national_gdp_series.csv."""
    hand = pd.read_csv(FIXTURE, dtype={"bound": str}, keep_default_na=False, na_values=[""])
    return agreement(hand, panel, outcomes, "gdp", "growth_rate")


def _print(name: str, res: dict[str, object]) -> None:
    print(f"{name:24}", *(f"{k}={res[k]}" for k in COUNTS))
    for m in res.get("misses", []):
        print("    ", m)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    p = pd.read_csv(folder / "target_panel.csv", encoding="utf-8-sig")
    o = pd.read_csv(folder / "outcomes.csv", encoding="utf-8-sig")
    _print("gdp (national_gdp_series)", gdp_agreement(p, o))
    for name, res in main_agreement(p, o).items():
        _print(name, res)
