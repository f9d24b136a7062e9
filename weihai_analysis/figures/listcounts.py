"""Counts that restate the length of the list just before them (香港、澳门两个特别行政区, 从需要和可能两个方面):
they name a set rather than promise or report a quantity (``data/reference/list_count_words.csv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import ReportError
from ..reference import read_table
from .meaning import _CLAUSE_SEP
from .record import Figure

POSITIONS = ("separator", "closer", "classifier")
MAX_ITEM = 12  # characters of an item after the first (the first runs from the start of the clause)
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]")


@lru_cache(maxsize=1)
def list_count_words() -> tuple[re.Pattern, re.Pattern, frozenset[str], tuple[str, ...]]:
    """(separators, closers at the end of a text as a pattern, classifiers, words of delivery: the project
    words of commitment_words.csv and the award and selection words of rhetoric_words.csv)."""
    rows = read_table("list_count_words.csv")
    for line, r in enumerate(rows, start=2):
        if not (r.get("word") or "").strip() or r.get("position") not in POSITIONS:
            raise ReportError(f"data/reference/list_count_words.csv line {line} needs a word and a position "
                              f"({', '.join(POSITIONS)}).")
    words = {p: sorted((r["word"] for r in rows if r["position"] == p), key=len, reverse=True) for p in POSITIONS}
    delivery = tuple(r["word"] for r in read_table("commitment_words.csv") if r.get("kind") == "project")
    delivery += tuple(r["word"] for r in read_table("rhetoric_words.csv") if r.get("kind") in ("award", "selection"))
    return (frozenset(words["separator"]), re.compile(f"(?:{'|'.join(map(re.escape, words['closer']))})$"),
            frozenset(words["classifier"]), delivery)


def _items(phrase: str, separators: frozenset[str]) -> list[str]:
    """The phrase cut at the words (jieba's, as tokens.csv has them) that are separators: 和 in 需要和可能,
    not in 共和国."""
    from .phrases import tagged

    items = [""]
    for word, _ in tagged(phrase):
        if word in separators:
            items.append("")
        else:
            items[-1] += word
    return items


def listed_items(text: str, f: Figure) -> int:
    """How many items the clause lists just before quantity ``f`` when ``f`` is a count of as many (its
    value) with a classifier for a measure word and no word of delivery in its clause (建成 four reservoirs,
    two areas 入选: what is built or won is counted); else 0."""
    separators, closer, classifiers, delivery = list_count_words()
    if (f.category != "quantity" or f.role != "value" or f.unit_as_written not in classifiers
            or f.value is None or f.value_high is not None or not float(f.value).is_integer() or f.value < 2):
        return 0
    lo = max(0, f.start - 80, text.rfind("\n", 0, f.start) + 1)  # within its line
    starts = [m.end() for m in _CLAUSE_SEP.finditer(text, lo, f.start)]
    before = closer.sub("", text[starts[-1] if starts else lo:f.start])
    items = _items(before, separators)
    if len(items) != int(f.value) or not all(items) or any(
            len(item) > MAX_ITEM or _NOT_HAN.search(item) for item in items[1:]):
        return 0
    hi = min(f.end + 80, len(text) if text.find("\n", f.end) < 0 else text.find("\n", f.end))
    end = _CLAUSE_SEP.search(text, f.end, hi)
    clause = before + text[f.end:end.start() if end else hi]
    return 0 if any(word in clause for word in delivery) else len(items)


def mark_list_counts(text: str, figs: list[Figure]) -> list[Figure]:
    """Each count that restates its list gets role ``name`` and a note: never a target or an outcome."""
    for f in figs:
        n = listed_items(text, f)
        if n:
            f.role = "name"
            note = f"counts the {n} items listed before it: it names the set, it is not a quantity to reach"
            f.note = f"{f.note}; {note}" if f.note else note
    return figs
