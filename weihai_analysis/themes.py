"""Policy themes of sentences: a small learned model over the theme lexicon and character pairs.

Every sentence gets zero or more of the five themes and one primary theme (data contract, "Themes").
The decision is data, in ``data/reference/``:

* ``theme_cues.csv`` — multi-word cues and metaphors (人才生态, 营商环境, 绿色通道): each adds its
  weight to its theme and is blanked, so its parts (生态, 环境, 绿色) are not read on their own;
* ``themes.csv`` — the weighted lexicon (558 terms): its score per theme and the theme it alone
  would choose (score >= 2, the rule of ``themes.yml``) are features of the model;
* ``theme_model.csv`` — a multinomial logistic regression (five themes and ``none``) over those
  features and the sentence's pairs of adjacent Chinese characters, fitted on the hand-labelled
  sentences by ``python -m weihai_analysis.themes_train`` (``theme_model.yml`` says how).

The primary theme is the most probable class (``none``: no theme); the themes are the primary one
and every other theme with probability at least ``set_threshold`` (``theme_model.yml``). Sentences
of fewer than ``min_han`` (10) Chinese characters, which the labels never sampled, keep the lexicon rule. How well
this agrees with hand labels on reports never used to fit it is in ``docs/themes.md``.

>>> sentence_themes("加快建设口袋公园,改善人居环境。")
(('urban_rural',), 'urban_rural')
"""

from __future__ import annotations

import csv
import math
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ReportError
from .paths import REFERENCE_DIR
from .reference import read_sidecar, read_table
from .structure import Structure

if TYPE_CHECKING:
    import pandas as pd

# The contract's order; it also breaks ties between equally scored themes.
THEMES = ("economy", "livelihood", "ecology", "urban_rural", "governance")
CLASSES = (*THEMES, "none")  # the model's classes: a sentence may have no theme
MODEL_FILE = REFERENCE_DIR / "theme_model.csv"
_MODEL_CHUNK = 4096  # pair rows of theme_model.csv parsed at once
PAIR_CHUNK = 20_000  # characters of sentences whose pairs are looked up at once (``themes_of``)
# Lexicon scores enter the model as min(score, LEX_CAP) / LEX_SCALE: one weight-3 term is 1.
LEX_CAP, LEX_SCALE = 9.0, 3.0
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
LEVELS = {"paragraph": "paragraph_id", "section": "section_id", "part": "part"}
_FULLWIDTH_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))  # ０-９, Ａ-Ｚ, ａ-ｚ
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for a, b in _FULLWIDTH_RANGES for c in range(a, b + 1)}
_FULLWIDTH = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _FULLWIDTH_RANGES) + "]")
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


@lru_cache(maxsize=None)
def _automaton():
    """An Aho–Corasick automaton of the lexicon's terms (pyahocorasick): each match gives
    (term, length, [(theme, weight)])."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for term, hits in _index()[0].items():
        auto.add_word(term, (term, len(term), hits))
    auto.make_automaton()
    return auto


def _scores(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """Per theme: the score and the weight of its heaviest matching term.

    Every occurrence of every term counts, including terms inside longer terms (疫情 in 疫情防控);
    occurrences of one term do not overlap, as with ``str.count``. One pass of an Aho–Corasick
    automaton finds them all.
    """
    folded = _fold(text)
    score = dict.fromkeys(THEMES, 0.0)
    best = dict.fromkeys(THEMES, 0.0)
    auto = _automaton()
    if not len(auto):
        return score, best
    last_end: dict[str, int] = {}
    for end, (term, k, hits) in auto.iter(folded):
        start = end + 1 - k
        if last_end.get(term, -1) <= start:  # non-overlapping, as str.count
            last_end[term] = end + 1
            for theme, weight in hits:
                score[theme] += weight
                best[theme] = max(best[theme], weight)
    return score, best


def score_sentence(text: str) -> dict[str, float]:
    """Score of every theme (in ``THEMES`` order) for one sentence."""
    return _scores(text)[0]


def lexicon_themes(text: str) -> tuple[tuple[str, ...], str]:
    """The themes the lexicon alone gives (its score >= threshold) and its best theme, or ((), "").

    Ties go to the theme whose best term weighs more, then to the earlier theme in ``THEMES``.
    This was the whole method before the model; it is now one of the model's features.
    """
    score, best = _scores(text)
    return _lexicon_decision(score, best)


def _lexicon_decision(score: dict[str, float], best: dict[str, float]) -> tuple[tuple[str, ...], str]:
    """Themes reaching the lexicon threshold and the best of them (see ``lexicon_themes``)."""
    threshold = lexicon().threshold
    found = [t for t in THEMES if score[t] >= threshold]
    if not found:
        return (), ""
    primary = max(found, key=lambda t: (score[t], best[t], -THEMES.index(t)))
    return tuple(sorted(found)), primary


@lru_cache(maxsize=None)
def cues() -> tuple[tuple[str, str, float], ...]:
    """``theme_cues.csv`` as (cue, theme, weight), longest cue first (cached, checked row by row)."""
    rows = []
    for i, row in enumerate(read_table("theme_cues.csv"), start=2):
        cue, theme, weight = ((row.get(k) or "").strip() for k in ("cue", "theme", "weight"))
        if not cue or theme not in THEMES:
            raise ReportError(f"data/reference/theme_cues.csv line {i} needs a cue and one of the themes {', '.join(THEMES)}.")
        try:
            rows.append((cue, theme, float(weight)))
        except ValueError:
            raise ReportError(f"data/reference/theme_cues.csv line {i} has a weight that is not a number: {weight!r}.") from None
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def _apply_cues(text: str) -> tuple[str, dict[str, float]]:
    """The text with every cue blanked (``|``), and the weight the cues add to each theme."""
    added = dict.fromkeys(THEMES, 0.0)
    for cue, theme, weight in cues():
        n = text.count(cue)
        if n:
            added[theme] += n * weight
            text = text.replace(cue, "|")
    return text, added


def _fold(text: str) -> str:
    """Full-width Latin letters and digits as ASCII (they match the lexicon's ASCII terms)."""
    return text.translate(_FULLWIDTH_ALNUM) if _FULLWIDTH.search(text) else text


def _parts(text: str) -> tuple[dict[str, float], str]:
    """The lexicon features of one sentence (``lex:…``, ``lexprim:…``) and the masked sentence, whose
    pairs of adjacent characters are the other features.

    The pairs are taken over the whole masked sentence, so some hold a punctuation mark, a digit or the
    cue blank; only pairs of two Chinese characters are features (``features``) or have weights.
    """
    masked, added = _apply_cues(_fold(text))
    score, best = _scores(masked)
    for t in THEMES:
        score[t] += added[t]
        best[t] = max(best[t], 3.0 if added[t] else 0.0)
    f = {f"lex:{t}": min(score[t], LEX_CAP) / LEX_SCALE for t in THEMES}
    f[f"lexprim:{_lexicon_decision(score, best)[1] or 'none'}"] = 1.0
    return f, masked


def _pairs(masked: str) -> set[str]:
    return set(map(operator.add, masked, masked[1:]))


def features(text: str) -> dict[str, float]:
    """The model's features of one sentence: lexicon scores (with cues), the lexicon's choice, character pairs.

    ``lex:<theme>`` is min(score, LEX_CAP) / LEX_SCALE; ``lexprim:<theme>`` (or ``lexprim:none``) is 1
    for the theme the lexicon rule alone would choose; ``b:<pair>`` is 1 for each pair of adjacent
    Chinese characters not interrupted by punctuation, digits, Latin letters or a cue.
    """
    f, masked = _parts(text)
    f.update((f"b:{pair}", 1.0) for pair in sorted(p for p in _pairs(masked) if not _NOT_HAN.search(p)))
    return f


@dataclass(frozen=True)
class Model:
    """Weights of the theme model: ``weights[feature]`` is one weight per class (``CLASSES`` order) for the
    lexicon features.

    The pair weights (``b:<pair>``) are integers in units of the file's last decimal (``pair_table``,
    row 0 all zero; ``pair_row`` maps a bare pair to its row), so a sentence's pair total is an exact
    integer sum whatever the order of its pairs.
    """

    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    set_threshold: float
    min_han: int  # shorter sentences were never sampled for labels: the lexicon rule decides them
    pair_row: dict[str, int]
    pair_table: object  # numpy int64 array, one row per pair feature and one column per class
    unit: int  # the table's integers are weights x unit
    pair_keys: object  # numpy: the pairs as integers (``_pair_key``), sorted, for ``_pair_totals``
    key_rows: object  # numpy: the table row of each of ``pair_keys``


@lru_cache(maxsize=None)
def model() -> Model:
    """Load ``theme_model.csv`` and its sidecar (cached).

    The file is read row by row (not through the cached ``read_table``, which would keep a dict per row):
    the numbers of its tens of thousands of pair rows are parsed by numpy a few thousand rows at a time
    into the integer table (0.15 s against 0.56 s number by number), so they are held once, compactly.
    """
    import numpy as np

    if not MODEL_FILE.exists():
        raise ReportError(f"the reference table {MODEL_FILE} is missing; reinstall the project from a full clone.")
    side = read_sidecar(MODEL_FILE.name)
    unit = 10 ** int(side["training"]["decimals"])
    weights: dict[str, tuple[float, ...]] = {}
    pair_row: dict[str, int] = {}
    tables = [np.zeros((1, len(CLASSES)), dtype=np.int64)]  # row 0: a pair without weights
    chunk: list[tuple[int, list[str]]] = []  # (line, numbers) of pair rows not yet in ``tables``
    with MODEL_FILE.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        if next(rows, None) != ["feature", *CLASSES]:
            raise ReportError(f"{MODEL_FILE} must have the columns feature,{','.join(CLASSES)}; regenerate it with "
                              "python -m weihai_analysis.themes_train.")
        for line, (name, *values) in enumerate(rows, start=2):
            if len(values) != len(CLASSES):
                raise _damaged_row(line)
            if name.startswith("b:"):
                pair_row[name[2:]] = len(pair_row) + 1
                chunk.append((line, values))
                if len(chunk) == _MODEL_CHUNK:
                    tables.append(_pair_weights(chunk, unit))
                    chunk = []
            else:
                try:
                    weights[name] = tuple(map(float, values))
                except ValueError:
                    raise _damaged_row(line) from None
    tables.append(_pair_weights(chunk, unit))
    if "bias" not in weights:
        raise ReportError(f"{MODEL_FILE} has no bias row; regenerate it with python -m weihai_analysis.themes_train.")
    table = np.concatenate(tables)
    bias = weights.pop("bias")
    keys = np.array([_pair_key(pair) for pair in pair_row], dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    return Model(bias, weights, float(side["set_threshold"]), int(side["min_han"]), pair_row, table, unit,
                 keys[order], np.array(list(pair_row.values()), dtype=np.int64)[order])


def _pair_weights(chunk: list[tuple[int, list[str]]], unit: int):
    """The integer weights of some pair rows: numpy parses their numbers in one pass (a few thousand rows at
    a time, so the strings are not all held at once), and rint rounds half to even, as round() does."""
    import numpy as np

    try:
        return np.rint(np.array([values for _, values in chunk], dtype=float).reshape(-1, len(CLASSES))
                       * unit).astype(np.int64)
    except ValueError:
        raise _damaged_row(next(line for line, values in chunk if not _numbers(values))) from None


def _pair_key(pair: str) -> int:
    """Two characters as one integer: the first's code point in the high bits (code points need 21)."""
    return ord(pair[0]) << 21 | ord(pair[1])


def _numbers(values: list[str]) -> bool:
    try:
        return bool([float(v) for v in values])
    except ValueError:
        return False


def _damaged_row(line: int) -> ReportError:
    return ReportError(f"{MODEL_FILE} line {line} needs {len(CLASSES)} numbers after the feature name; "
                       "regenerate it with python -m weihai_analysis.themes_train.")


def probabilities(text: str) -> dict[str, float]:
    """The model's probability of each class (``CLASSES`` order) for one sentence.

    Each class's score is the bias plus value x weight over the sentence's features: the lexicon
    features summed exactly (``math.fsum``), the pair weights as an exact integer sum, so the result
    does not depend on the order of the features.
    """
    lex, masked = _parts(text)
    return _softmax(lex, _pair_totals([masked])[0])


def _softmax(lex: dict[str, float], pair_total: Sequence[int]) -> dict[str, float]:
    """Class probabilities from the lexicon features and the integer sum of the pair weights."""
    m = model()
    lex_terms = [tuple(map(value.__mul__, m.weights[name])) for name, value in lex.items() if name in m.weights]
    z = [math.fsum((*col, total / m.unit)) for col, total in zip(zip(m.bias, *lex_terms), pair_total)]
    top = max(z)
    e = [math.exp(zi - top) for zi in z]
    total = sum(e)
    return {c: ei / total for c, ei in zip(CLASSES, e)}


def _pair_totals(masked: Sequence[str]) -> list[list[int]]:
    """For each masked sentence, the sum of the weights (integers, one per class) of its distinct pairs
    of adjacent characters, all sentences in one numpy pass.

    The sentences are joined by a line break, so a pair across two of them holds a character that is not
    Chinese and has no weight; pairs the model has no weight for count nothing.
    """
    import numpy as np

    m = model()
    joined = "\n".join(masked)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    keys = codes[:-1] << 21 | codes[1:]
    at = np.minimum(np.searchsorted(m.pair_keys, keys), len(m.pair_keys) - 1)
    known = np.flatnonzero(m.pair_keys[at] == keys)
    starts = np.cumsum([0, *(len(t) + 1 for t in masked[:-1])])
    sentence = np.searchsorted(starts, known, side="right") - 1
    # each distinct (sentence, row) once: a pair repeated in a sentence counts once
    n_rows = len(m.pair_table)
    distinct = np.unique(sentence * n_rows + m.key_rows[at[known]])
    sentence, rows = distinct // n_rows, distinct % n_rows
    totals = np.zeros((len(masked), len(CLASSES)), dtype=np.int64)
    if len(distinct):
        first = np.flatnonzero(np.diff(sentence, prepend=-1))
        totals[sentence[first]] = np.add.reduceat(m.pair_table[rows], first, axis=0)
    return totals.tolist()


@lru_cache(maxsize=4096)
def sentence_themes(text: str) -> tuple[tuple[str, ...], str]:
    """The sentence's themes (alphabetical, as in the labels) and its primary theme, or ((), "").

    The primary theme is the most probable class (the earlier in ``CLASSES`` on a tie); ``none``
    means no theme. Other themes join when their probability reaches the model's ``set_threshold``.
    Sentences with fewer than ``min_han`` Chinese characters (salutations, headings, fragments) are
    outside what the model was fitted on (labels were drawn from longer sentences) and get the
    lexicon rule, ``lexicon_themes``.
    """
    return themes_of([text])[0]


def themes_of(texts: Sequence[str]) -> list[tuple[tuple[str, ...], str]]:
    """``sentence_themes`` of each text, the pair weights of all of them looked up at once (a report's
    sentences: twice as fast as one by one)."""
    m = model()
    found: list[tuple[tuple[str, ...], str]] = [((), "")] * len(texts)
    scored = []
    for k, text in enumerate(texts):
        if len(_HAN.findall(text)) < m.min_han:
            found[k] = lexicon_themes(text)
        else:
            scored.append(k)
    for chunk in _chunks(scored, texts):
        parts = [_parts(texts[k]) for k in chunk]
        for k, (lex, _), total in zip(chunk, parts, _pair_totals([masked for _, masked in parts])):
            found[k] = _themes_from(_softmax(lex, total))
    return found


def _chunks(indices: list[int], texts: Sequence[str], chars: int = PAIR_CHUNK) -> Iterator[list[int]]:
    """``indices`` in runs of about ``chars`` characters of text, so that the arrays of one
    ``_pair_totals`` call stay small however long the report (a report of 1 MB is 300,000 characters)."""
    run: list[int] = []
    size = 0
    for k in indices:
        run.append(k)
        size += len(texts[k])
        if size >= chars:
            yield run
            run, size = [], 0
    if run:
        yield run


def _themes_from(p: dict[str, float]) -> tuple[tuple[str, ...], str]:
    primary = max(CLASSES, key=lambda c: (p[c], -CLASSES.index(c)))
    if primary == "none":
        return (), ""
    return tuple(sorted({primary} | {t for t in THEMES if p[t] >= model().set_threshold})), primary


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
