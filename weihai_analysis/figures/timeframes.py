"""Numbers of years that are the time frame of their sentence (在五年内建成, 过去五年, 五年来, 四十年代):
not measured quantities, so neither outcomes nor targets (``data/reference/time_frame_words.csv``)."""

from __future__ import annotations

from functools import lru_cache

from ..reference import read_table
from .record import Figure

YEARS = "年"


@lru_cache(maxsize=1)
def time_frame_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """(words after a mention, longest first; words before it) of time_frame_words.csv."""
    rows = read_table("time_frame_words.csv")
    after = tuple(sorted((r["word"] for r in rows if r["position"] == "after"), key=len, reverse=True))
    return after, frozenset(r["word"] for r in rows if r["position"] == "before")


def time_frame_word(text: str, f: Figure) -> str:
    """The word that makes quantity ``f`` (a number of years) a time frame, or ""."""
    if f.category != "quantity" or f.unit_as_written != YEARS:
        return ""
    after_words, before_words = time_frame_words()
    after = text[f.end:f.end + 4]
    word = next((w for w in after_words if after.startswith(w)), "")
    if word:
        return word
    from .phrases import tagged

    before = tagged(text[max(0, f.start - 6):f.start])
    last = before[-1][0] if before else ""
    if last == "的" and len(before) > 1:  # 过去的五年
        last = before[-2][0]
    return last if last in before_words else ""


def mark_time_frames(text: str, figs: list[Figure]) -> list[Figure]:
    """Each number of years that is a time frame becomes category ``other``, without the value, unit and
    meaning a quantity has, with a note naming the word that makes it one. Run after the sentences are
    read, so the figures around it keep the readings they had with it as a quantity beside them."""
    for f in figs:
        word = time_frame_word(text, f)
        if word:
            f.category, f.value, f.value_high = "other", None, None
            f.unit = f.unit_as_written = f.indicator = f.indicator_id = f.measure = f.period = ""
            f.status = f.aggregation = f.role = f.bound = ""
            f.note = f"a time frame ({word}): the period of what is said, not a measured quantity"
    return figs
