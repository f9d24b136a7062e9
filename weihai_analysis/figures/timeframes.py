"""Numbers of years that are the time frame of their sentence (在五年内建成, 过去五年, 五年来, 四十年代):
not measured quantities, so neither outcomes nor targets (``data/reference/time_frame_words.csv``)."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ReportError
from ..reference import read_table
from .record import Figure
from .vocab import approx_bound_words, indicator_id_for

YEARS = "年"


POSITIONS = ("after", "before", "not_after", "not_before", "name_after")


@lru_cache(maxsize=1)
def time_frame_words() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(words after a mention, longest first; words before it; text after it that only starts like a word
    after, 内乱; text before it that makes it a streak, 连续; text after it that makes the years part of a
    name, 义务教育) of time_frame_words.csv."""
    rows = read_table("time_frame_words.csv")
    for line, r in enumerate(rows, start=2):
        if not (r.get("word") or "").strip() or r.get("position") not in POSITIONS:
            raise ReportError(f"data/reference/time_frame_words.csv line {line} needs a word and a position "
                              f"({', '.join(POSITIONS[:-1])} or {POSITIONS[-1]}).")
    after = tuple(sorted((r["word"] for r in rows if r["position"] == "after"), key=len, reverse=True))
    return (after, frozenset(r["word"] for r in rows if r["position"] == "before"),
            tuple(r["word"] for r in rows if r["position"] == "not_after"),
            tuple(r["word"] for r in rows if r["position"] == "not_before"),
            tuple(r["word"] for r in rows if r["position"] == "name_after"))


def time_frame_word(text: str, f: Figure) -> str:
    """The word that makes quantity ``f`` (a number of years) a time frame, or ""."""
    if f.category != "quantity" or f.unit_as_written != YEARS:
        return ""
    after_words, before_words, not_after, not_before, _ = time_frame_words()
    if text[max(0, f.start - 4):f.start].endswith(not_before):  # 连续五年增长: a streak is a count
        return ""
    after = text[f.end:f.end + 6]
    after = after[len(next((w for w in approx_bound_words() if after.startswith(w)), "")):][:4]  # 三年左右时间
    if any(after.startswith(w) for w in not_after):  # 五年中央财政, 十年内乱: the word goes on
        return ""
    word = next((w for w in after_words if after.startswith(w)), "")
    if word:
        return word
    from .phrases import tagged

    before = tagged(text[max(0, f.start - 6):f.start])
    last = before[-1][0] if before else ""
    if last == "的" and len(before) > 1:  # 过去的五年
        last = before[-2][0]
    return last if last in before_words else ""


def _first_word(phrase: str) -> str:
    from .phrases import tagged

    words = tagged(phrase)
    return words[0][0] if words else ""


def mark_time_frames(text: str, figs: list[Figure]) -> list[Figure]:
    """Each number of years that is a time frame becomes category ``other``, without the value, unit and
    meaning a quantity has, with a note naming the word that makes it one. Run after the sentences are
    read, so the figures around it keep their readings; only an indicator that began with the time
    frame's word (五年内增加的年产能力 read as 内增加的年产能力) loses that word."""
    frames: dict[str, list[tuple[int, str]]] = {}  # sentence id → (end of the time frame, its word)
    names = time_frame_words()[4]
    for f in figs:
        if f.category == "quantity" and f.unit_as_written == YEARS and text.startswith(names, f.end):
            f.role = "name"  # 九年义务教育: the years name the system
            f.note = f"{f.note}; part of a name" if f.note else "part of a name: the years name what follows"
            continue
        word = time_frame_word(text, f)
        if word:
            f.category, f.value, f.value_high = "other", None, None
            f.unit = f.unit_as_written = f.indicator = f.indicator_id = f.measure = f.period = ""
            f.status = f.aggregation = f.role = f.bound = ""
            f.note = f"a time frame ({word}): the period of what is said, not a measured quantity"
            frames.setdefault(f.sentence_id, []).append((f.end, word))
    for f in figs:
        for end, word in frames.get(f.sentence_id, ()) if f.category == "quantity" else ():
            if (f.indicator.startswith(word) and len(f.indicator) > len(word) and text.startswith(f.indicator, end)
                    and _first_word(f.indicator) == word):  # not 中 of 中央财政
                f.indicator = f.indicator[len(word):].removeprefix("的")
                f.indicator_id = f.indicator_id or indicator_id_for(f.indicator)
                break
    return figs
