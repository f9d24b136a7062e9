"""The ledger of commitments (``targets.csv``).
"""

from __future__ import annotations

import re

from .figures.lists import _split_list
from .figures.meaning import _CLAUSE_SEP, _clean_indicator, _cue_period
from .figures.pipeline import _report_structure, _themes_for, figures_from_structure
from .figures.record import Figure
from .figures.vocab import _GROWTH_NOUN3_END, _target_patterns, indicator_aliases, indicator_id_for
from .structure import Structure
from .textlayer import _FOLD


TARGET_COLUMNS = [
    "target_id", "indicator_id", "indicator", "period", "measure", "value", "unit", "bound", "rule",
    "figure_id", "sentence",
]


_DIGIT = re.compile(r"\d")


def _bound_rule(value: float | None, unit: str, bound: str, measure: str, name: str) -> str:
    what = {"growth_rate": f"growth rate of {name}", "change": f"change in {name}"}.get(measure, name)
    v = format(value, "g") if value is not None else "?"
    op = {"min": ">=", "max": "<=", "approx": "≈", "": "="}[bound]
    return f"{what} {op} {v}{'' if unit == '%' else ' '}{unit}".strip()


def targets_from(st: Structure, figs: list[Figure]) -> list[list[object]]:
    """Rows of targets.csv: numeric targets with an indicator, 均 expansions, qualitative and relational targets."""
    _, rows_by_id = indicator_aliases()
    out: list[tuple[int, list[object]]] = []
    for f in figs:
        if f.category != "quantity" or f.status != "target" or f.role != "value":
            continue
        names = f._applies_to or (f.indicator,)
        for name in names:
            iid = indicator_id_for(name)
            if not iid:
                continue
            measure = f.measure
            if measure == "level" and f.unit == "%" and _GROWTH_NOUN3_END.search(name):
                measure = "growth_rate"
            rule = _bound_rule(f.value, f.unit, f.bound, measure, rows_by_id[iid]["name_zh"])
            out.append((f.start, [iid, name, f.period, measure, f.value, f.unit, f.bound, rule, f.figure_id, f.sentence]))
    # Qualitative and relational wording in target sentences.
    for sent in st.sentences:
        part = st.part_of(sent.section_id) if sent.section_id else None
        status = part.status if part and part.level == 1 else ""
        period = part.period if part and part.level == 1 else ""
        cue = _cue_period(sent.text, st.report_year, period)
        if cue:
            period, status = cue
        if status != "target":
            continue
        pos = 0
        for clause in _CLAUSE_SEP.split(sent.text):
            c_off = sent.text.find(clause, pos)
            pos = c_off + len(clause)
            if _DIGIT.search(clause.translate(_FOLD)):
                continue
            for pat, kind, rule in _target_patterns():
                m = pat.search(clause)
                if not m:
                    continue
                phrase = _clean_indicator(m.group("indicator"))
                for name in _split_list(phrase):
                    iid = indicator_id_for(name)
                    if not iid:
                        continue
                    r = rule.format(indicator=rows_by_id[iid]["name_zh"])
                    measure = "growth_rate" if "growth rate" in r else "level"
                    out.append((sent.start + c_off, [iid, name, period, measure, None, "", "", r, "", sent.text]))
                break
    out.sort(key=lambda x: x[0])
    return [[f"T{k:03d}", *row] for k, (_, row) in enumerate(out, 1)]


def targets(report=None):
    """``targets.csv`` as a DataFrame."""
    import pandas as pd

    st = _report_structure(report)
    figs = figures_from_structure(st, _themes_for(st))
    return pd.DataFrame(targets_from(st, figs), columns=TARGET_COLUMNS)
