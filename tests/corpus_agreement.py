"""Agreement of the corpus panel with the hand-built GDP series (tests/fixtures/national_gdp_series.csv).

``python tests/corpus_agreement.py CORPUS_DIR`` prints the counts; tests/test_corpus.py asserts them.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd

FIXTURE = Path(__file__).parent / "fixtures" / "national_gdp_series.csv"


def _same(a, b) -> bool:
    a_na = a is None or (isinstance(a, float) and math.isnan(a))
    b_na = b is None or (isinstance(b, float) and math.isnan(b))
    return a_na and b_na or (not a_na and not b_na and abs(float(a) - float(b)) < 1e-9)


def gdp_agreement(panel: pd.DataFrame, outcomes: pd.DataFrame) -> dict[str, object]:
    """Counts of hand-checked targets (value, bound, range) and outcomes the corpus tables reproduce."""
    hand = pd.read_csv(FIXTURE, dtype={"bound": str}, keep_default_na=False, na_values=[""])
    gdp = panel[(panel.indicator_id == "gdp") & (panel.measure == "growth_rate")].set_index("year")
    out = outcomes[(outcomes.indicator_id == "gdp") & (outcomes.measure == "growth_rate")].set_index("year")
    res = {"targets": 0, "target_value": 0, "target_bound": 0, "target_range": 0, "outcomes": 0, "outcome_value": 0,
           "spurious_targets": 0, "spurious_outcomes": 0, "misses": []}
    for r in hand.itertuples():
        have = gdp.loc[r.year] if r.year in gdp.index else None
        if not pd.isna(r.target):
            res["targets"] += 1
            if have is not None and _same(have.value, r.target):
                res["target_value"] += 1
                res["target_bound"] += int(str(have.bound if not pd.isna(have.bound) else "") == str(r.bound if not pd.isna(r.bound) else ""))
                res["target_range"] += int(_same(have.low, r.low) and _same(have.high, r.high))
            else:
                res["misses"].append(f"{r.year} target {r.target}: {None if have is None else have.value}")
        elif have is not None:
            res["spurious_targets"] += 1
            res["misses"].append(f"{r.year} no target, panel has {have.value}")
        got = out.loc[r.year] if r.year in out.index else None
        if not pd.isna(r.outcome):
            res["outcomes"] += 1
            if got is not None and _same(got.value, r.outcome):
                res["outcome_value"] += 1
            else:
                res["misses"].append(f"{r.year} outcome {r.outcome}: {None if got is None else got.value}")
        elif got is not None and r.year >= 1991:
            res["spurious_outcomes"] += 1
            res["misses"].append(f"{r.year} no outcome, table has {got.value}")
    return res


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    p = pd.read_csv(folder / "target_panel.csv", encoding="utf-8-sig")
    o = pd.read_csv(folder / "outcomes.csv", encoding="utf-8-sig")
    for k, v in gdp_agreement(p, o).items():
        print(k, *(v if isinstance(v, list) else [v]), sep="\n  " if isinstance(v, list) else " ")
