"""Numbers that count items of a list in the text itself, （1）…（2）…: not quantities, so neither outcomes
nor targets."""

from __future__ import annotations

from .record import Figure

OPENING, CLOSING = "（(", "）)"


def is_enumerator(text: str, f: Figure) -> bool:
    """A whole number without a unit standing alone in brackets: （2）坚持正确发挥政府和市场的作用."""
    return (f.category == "quantity" and not f.unit_as_written and f.value is not None
            and float(f.value).is_integer() and text[f.start - 1:f.start] in tuple(OPENING)
            and text[f.end:f.end + 1] in tuple(CLOSING))


def mark_enumerators(text: str, figs: list[Figure]) -> list[Figure]:
    """Each enumerator becomes category ``other``, without the value and meaning of a quantity, with a note."""
    for f in figs:
        if is_enumerator(text, f):
            f.category, f.value, f.value_high = "other", None, None
            f.unit = f.unit_as_written = f.indicator = f.indicator_id = f.measure = f.period = ""
            f.status = f.aggregation = f.role = f.bound = ""
            f.note = "an enumerator: the number of an item in a list of the text, not a quantity"
    return figs
