"""Policy themes of sentences, decided by the weighted lexicon ``data/reference/themes.csv``.

A theme's score is the sum of ``weight × occurrences`` of its terms in the sentence (nested terms
add up: ``疫情防控`` scores for itself and for ``疫情``). A sentence has every theme whose score
reaches the threshold stated in ``themes.yml`` (2); its primary theme is the best-scoring one.

>>> sentence_themes("加快建设口袋公园,改善人居环境。")
(['urban_rural'], 'urban_rural')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ReportError
from .reference import read_sidecar, read_table
from .structure import Structure

if TYPE_CHECKING:
    import pandas as pd

# The contract's order; it also breaks ties between equally scored themes.
THEMES = ("economy", "livelihood", "ecology", "urban_rural", "governance")
LEVELS = {"paragraph": "paragraph_id", "section": "section_id", "part": "part"}
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)}
_THRESHOLD_NOTE = re.compile(r"score\[theme\]\s*>=\s*(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Lexicon:
    """The theme lexicon: (term, theme, weight) triples and the score a theme needs."""

    terms: tuple[tuple[str, str, float], ...]
    threshold: float


def _threshold(sidecar: dict) -> float:
    """The threshold from ``themes.yml``: a ``threshold`` key, else the ``score[theme] >= N`` rule in its notes."""
    if "threshold" in sidecar:
        return float(sidecar["threshold"])
    m = _THRESHOLD_NOTE.search(str(sidecar.get("notes", "")))
    return float(m.group(1)) if m else 2.0


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    """Load ``themes.csv`` (cached), checking every row so a typo fails here, not in a score."""
    terms = []
    for i, row in enumerate(read_table("themes.csv"), start=2):
        term, theme, weight = ((row.get(k) or "").strip() for k in ("term", "theme", "weight"))
        if not term or theme not in THEMES:
            raise ReportError(f"data/reference/themes.csv line {i} needs a term and one of the themes {', '.join(THEMES)}.")
        try:
            terms.append((term.translate(_FULLWIDTH_ALNUM), theme, float(weight)))
        except ValueError:
            raise ReportError(f"data/reference/themes.csv line {i} has a weight that is not a number: {weight!r}.") from None
    return Lexicon(tuple(terms), _threshold(read_sidecar("themes.csv")))


@lru_cache(maxsize=None)
def _index() -> tuple[dict[str, list[tuple[str, float]]], tuple[int, ...]]:
    """term → [(theme, weight)], and the distinct term lengths (longest first)."""
    by_term: dict[str, list[tuple[str, float]]] = {}
    for term, theme, weight in lexicon().terms:
        by_term.setdefault(term, []).append((theme, weight))
    return by_term, tuple(sorted({len(t) for t in by_term}, reverse=True))


def _scores(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """Per theme: the score and the weight of its heaviest matching term.

    Every occurrence of every term counts, including terms inside longer terms (疫情 in 疫情防控):
    each position of the sentence is looked up once per term length, instead of counting each of the
    lexicon's terms in turn.
    """
    folded = text.translate(_FULLWIDTH_ALNUM)  # full-width Latin letters and digits match their ASCII terms
    by_term, lengths = _index()
    score = dict.fromkeys(THEMES, 0.0)
    best = dict.fromkeys(THEMES, 0.0)
    n = len(folded)
    last_end: dict[str, int] = {}
    for i in range(n):
        for k in lengths:
            if i + k > n:
                continue
            w = folded[i:i + k]
            hits = by_term.get(w)
            if hits and last_end.get(w, -1) <= i:  # non-overlapping, as str.count
                last_end[w] = i + k
                for theme, weight in hits:
                    score[theme] += weight
                    best[theme] = max(best[theme], weight)
    return score, best


def score_sentence(text: str) -> dict[str, float]:
    """Score of every theme (in ``THEMES`` order) for one sentence."""
    return _scores(text)[0]


@lru_cache(maxsize=16384)
def sentence_themes(text: str) -> tuple[tuple[str, ...], str]:
    """The sentence's themes (alphabetical, as in the labels) and its primary theme, or ([], "").

    Ties go to the theme whose best term weighs more, then to the earlier theme in ``THEMES``.
    """
    score, best = _scores(text)
    threshold = lexicon().threshold
    found = [t for t in THEMES if score[t] >= threshold]
    if not found:
        return (), ""
    primary = max(found, key=lambda t: (score[t], best[t], -THEMES.index(t)))
    return tuple(sorted(found)), primary


def theme_shares(structure: Structure, level: str = "section") -> pd.DataFrame:
    """Share of characters per primary theme in each paragraph, section or part, in text order.

    Columns: the unit id (``paragraph_id``, ``section_id`` or ``part``), ``n_chars`` (characters of
    its sentences), one column per theme and ``none`` (sentences without a theme); shares sum to 1.
    """
    import pandas as pd

    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    totals: dict[str, dict[str, int]] = {}
    for s in structure.sentences:
        unit = {"paragraph": s.paragraph_id, "section": s.section_id,
                "part": structure.part_of(s.section_id).section_id}[level]
        chars = totals.setdefault(unit, dict.fromkeys((*THEMES, "none"), 0))
        chars[sentence_themes(s.text)[1] or "none"] += len(s.text)
    rows = []
    for unit, chars in totals.items():
        n = sum(chars.values())
        rows.append({LEVELS[level]: unit, "n_chars": n, **{k: v / n for k, v in chars.items()}})
    return pd.DataFrame(rows, columns=[LEVELS[level], "n_chars", *THEMES, "none"])
