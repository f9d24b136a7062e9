"""Bounds on what one row of ``figures.csv`` carries, applied to the rows just before they are written.

- A number too large for a float (a run of 310+ digits) keeps its row, with ``value`` empty and a note.
- The ``sentence`` column repeats the whole sentence in every row. A "sentence" longer than
  ``SENTENCE_LIMIT`` characters (no real report has one: the longest of 52 State Council reports is
  well under it) is cut, for that column only, to the clauses around the figure, with a note giving
  the kept span; ``sentences.csv`` still holds the whole sentence. So the file grows with the input,
  not with the input times its numbers.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

SENTENCE_LIMIT = 1000
_CLAUSE_END = re.compile(r"[，,；;：:、。！？!?]")


def bound_figure_rows(rows: Sequence[list[object]], columns: Sequence[str], sentence_start: Mapping[str, int],
                      limit: int = SENTENCE_LIMIT) -> list[list[object]]:
    """``figures.csv`` rows with over-large values emptied and over-long sentences cut, each with a note.

    ``sentence_start`` maps a ``sentence_id`` to the sentence's offset in the report's text, so the cut
    keeps the figure's own clause.
    """
    col = {c: i for i, c in enumerate(columns)}
    out = []
    for row in rows:
        row = list(row)
        notes = [str(row[col["note"]])] if row[col["note"]] else []
        for name in ("value", "value_high"):
            if isinstance(row[col[name]], float) and math.isinf(row[col[name]]):
                row[col[name]] = None
                notes.append(f"{name} too large for a float ({_digits(row[col['mention']])} digits): left empty")
        sentence = row[col["sentence"]]
        if isinstance(sentence, str) and len(sentence) > limit:
            base = sentence_start[row[col["sentence_id"]]]
            a, b = clause_window(sentence, row[col["start"]] - base, row[col["end"]] - base, limit)
            row[col["sentence"]] = sentence[a:b]
            notes.append(f"sentence of {len(sentence)} characters cut to its characters {a}-{b} around the "
                         f"figure (whole sentence in sentences.csv)")
        row[col["note"]] = "; ".join(notes) or None
        out.append(row)
    return out


def _digits(mention: object) -> int:
    return sum(ch.isdigit() for ch in str(mention))


def clause_window(sentence: str, start: int, end: int, limit: int = SENTENCE_LIMIT) -> tuple[int, int]:
    """The span of whole clauses around ``sentence[start:end]``, at most ``limit`` characters long.

    Clauses end at Chinese or Latin punctuation (，；：、。！？). The figure's own clause is kept, then the
    clauses before and after it, alternately, while they fit; a clause longer than the limit by itself is
    cut to a window centred on the figure.

    >>> s = "甲" * 30 + "，增长5%，" + "乙" * 30
    >>> a, b = clause_window(s, 33, 35, limit=10)
    >>> s[a:b]
    '增长5%，'
    """
    cuts = _clause_cuts(sentence)
    i = bisect.bisect_right(cuts, start) - 1
    j = bisect.bisect_left(cuts, end)
    if cuts[j] - cuts[i] > limit:
        a = max(0, min(start - (limit - (end - start)) // 2, len(sentence) - limit))
        return a, min(len(sentence), max(a + limit, end))
    grew = True
    while grew:
        grew = False
        if i > 0 and cuts[j] - cuts[i - 1] <= limit:
            i, grew = i - 1, True
        if j < len(cuts) - 1 and cuts[j + 1] - cuts[i] <= limit:
            j, grew = j + 1, True
    return cuts[i], cuts[j]


@lru_cache(maxsize=4)
def _clause_cuts(sentence: str) -> tuple[int, ...]:
    """Offsets where a clause of ``sentence`` may start or end (memoised: a long sentence has many figures)."""
    return tuple(sorted({0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)}))
