"""The record of one numeric mention (a row of ``figures.csv``) and the table's columns.

The lowest room of the figures package: every stage imports it, it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field



@dataclass(slots=True)
class Figure:
    figure_id: str
    start: int
    end: int
    mention: str
    numeral: str
    category: str
    value: float | None = None
    unit: str = ""
    unit_as_written: str = ""
    indicator: str = ""
    indicator_id: str = ""
    measure: str = ""
    period: str = ""
    status: str = ""
    aggregation: str = ""
    role: str = ""
    bound: str = ""
    section_id: str = ""
    paragraph_id: str = ""
    sentence: str = ""
    theme: str = ""
    note: str = ""
    value_high: float | None = None
    sentence_id: str = ""
    # working fields, not written
    _unit_kind: str = field(default="", repr=False)
    _applies_to: tuple[str, ...] = field(default=(), repr=False)


FIGURE_COLUMNS = [
    "figure_id", "start", "end", "mention", "numeral", "category", "value", "unit", "unit_as_written",
    "indicator", "indicator_id", "measure", "period", "status", "aggregation", "role", "bound", "section_id",
    "paragraph_id", "sentence", "theme", "note", "value_high", "sentence_id",
]
