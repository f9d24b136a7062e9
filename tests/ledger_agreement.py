"""How far the ledger (targets.csv) agrees with a hand-coded ledger of the same report.

A labelled quantified commitment is found when a quantified row's span overlaps it; a labelled
qualitative commitment when a qualitative row's clause overlaps its clause. Run as a script to print the
figures for the seed: ``python tests/ledger_agreement.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

LABELS = Path(__file__).parent / "fixtures" / "seed_ledger_labels.csv"


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def ledger_scores(ledger: pd.DataFrame, labels: list[dict]) -> dict[str, float]:
    quantified = ledger[ledger.value.notna()]
    words = ledger[ledger.value.isna()]
    out: dict[str, float] = {}
    for flag, rows, name in (("1", quantified, "quantified"), ("0", words, "qualitative")):
        lab = [r for r in labels if r["quantified"] == flag]
        found = agree_kind = agree_firm = agree_judged = 0
        for r in lab:
            a, b = int(r["start"]), int(r["end"])
            hits = rows[(rows.start < b) & (rows.end > a)]
            if hits.empty:
                continue
            found += 1
            h = hits.iloc[0]
            agree_kind += h.kind == r["kind"]
            agree_firm += h.firmness == r["firmness"]
            agree_judged += h.judged_as == r["judged_as"]
        matched_rows = sum(any(_overlaps(int(x.start), int(x.end), int(r["start"]), int(r["end"])) for r in lab)
                           for x in rows.itertuples())
        out[f"{name}_recall"] = found / len(lab)
        out[f"{name}_precision"] = matched_rows / len(rows) if len(rows) else 0.0
        out[f"{name}_kind"] = agree_kind / max(found, 1)
        out[f"{name}_firmness"] = agree_firm / max(found, 1)
        out[f"{name}_judged_as"] = agree_judged / max(found, 1)
    return out


def seed_labels() -> list[dict]:
    return list(csv.DictReader(LABELS.open(encoding="utf-8")))


if __name__ == "__main__":  # pragma: no cover
    from weihai_analysis.ledger import targets

    for k, v in ledger_scores(targets(), seed_labels()).items():
        print(f"{k}: {v:.3f}")
