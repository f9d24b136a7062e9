"""The hand-labelled theme sentences, and how well a theme method agrees with them.

Labels live in ``tests/fixtures/``: ``seed_theme_labels.csv`` (259 sentences of the 2021 Weihai
seed) and ``themes/national_theme_labels.csv`` (24530 sentences of 52 State Council reports, each
report wholly in the ``train`` or the ``heldout`` split; ``themes/GUIDE.md`` is the labelling
guide). The seed is training data. ``agreement()`` measures ``themes.sentence_themes`` on a split:

>>> a = agreement("heldout")
>>> a.n, a.primary >= 0.5
(480, True)
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import ReportError
from .paths import THEME_LABELS_DIR
from .themes import THEMES

SEED_LABELS = THEME_LABELS_DIR / "seed_theme_labels.csv"
NATIONAL_LABELS = THEME_LABELS_DIR / "themes" / "national_theme_labels.csv"
SECOND_LABELLER = THEME_LABELS_DIR / "themes" / "heldout_second_labeller.csv"
SPLITS = ("train", "heldout")
BOOTSTRAP_SEED = 15


class Labelled(NamedTuple):
    """One hand-labelled sentence: where it is, its themes and its primary theme ("" for none)."""

    report: str
    start: int
    end: int
    sentence: str
    primary: str
    themes: tuple[str, ...]
    split: str


def _read(path: Path, report: str | None = None) -> list[Labelled]:
    """Rows of a label CSV; the seed file has no report or split column (it is all ``train``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [Labelled(report or r["report"], int(r["start"]), int(r["end"]), r["sentence"], r["primary_theme"],
                         tuple(t for t in r["themes"].split(";") if t), r.get("split", "train"))
                for r in csv.DictReader(fh)]


def load_labels(split: str | None = None) -> list[Labelled]:
    """All labelled sentences (seed first, then the national reports), or those of one split."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    if not NATIONAL_LABELS.exists():
        raise ReportError(f"the theme labels {NATIONAL_LABELS} are missing: they ship with the source tree, not the installed package.")
    rows = _read(SEED_LABELS, report="seed") + _read(NATIONAL_LABELS)
    return [r for r in rows if split is None or r.split == split]


@dataclass(frozen=True)
class Agreement:
    """Agreement of a theme method with hand labels on ``n`` sentences.

    ``primary``: share of sentences whose primary theme (or "no theme") matches, with a 95 %
    bootstrap interval ``primary_low``–``primary_high``; ``primary_themed``: the same over the
    sentences that have a labelled theme (as on the seed, whose labels leave formulae out);
    ``jaccard``: mean overlap of the theme sets; ``per_theme``: precision and recall of each theme,
    for the primary theme and for the theme sets.
    """

    n: int
    primary: float
    primary_low: float
    primary_high: float
    n_themed: int
    primary_themed: float
    jaccard: float
    per_theme: dict[str, dict[str, float]]

    def summary(self) -> str:
        """One line for prose: ``0.88 (95 % CI 0.85–0.91, n = 480)``."""
        return f"{self.primary:.2f} (95 % CI {self.primary_low:.2f}–{self.primary_high:.2f}, n = {self.n})"


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def _per_theme(pairs: Sequence[tuple[Labelled, tuple[tuple[str, ...], str]]]) -> dict[str, dict[str, float]]:
    """Precision and recall of each theme as primary theme and as a member of the theme set."""
    out = {}
    for t in THEMES:
        row = {}
        for kind, gold_of, pred_of in (("primary", lambda r: {r.primary}, lambda p: {p[1]}),
                                       ("set", lambda r: set(r.themes), lambda p: set(p[0]))):
            tp = sum(t in gold_of(r) and t in pred_of(p) for r, p in pairs)
            row[f"{kind}_precision"] = _ratio(tp, sum(t in pred_of(p) for _, p in pairs))
            row[f"{kind}_recall"] = _ratio(tp, sum(t in gold_of(r) for r, _ in pairs))
            row[f"{kind}_n"] = sum(t in gold_of(r) for r, _ in pairs)
        out[t] = row
    return out


def bootstrap_interval(hits: Sequence[bool], n_boot: int = 2000, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """95 % percentile interval of the share of hits, resampling sentences with replacement."""
    import numpy as np

    h = np.asarray(hits, dtype=float)
    means = h[np.random.default_rng(seed).integers(0, len(h), (n_boot, len(h)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def agreement(split: str = "heldout", method: Callable[[str], tuple[tuple[str, ...], str]] | None = None,
              labels: Sequence[Labelled] | None = None) -> Agreement:
    """How ``method`` (default ``themes.sentence_themes``) agrees with the labels of ``split``."""
    if method is None:
        from .themes import sentence_themes as method
    rows = list(load_labels(split) if labels is None else labels)
    pairs = [(r, method(r.sentence)) for r in rows]
    hits = [p[1] == r.primary for r, p in pairs]
    themed = [h for (r, _), h in zip(pairs, hits) if r.primary]
    jaccard = sum(len(set(r.themes) & set(p[0])) / len(set(r.themes) | set(p[0])) if r.themes or p[0] else 1.0
                  for r, p in pairs) / len(pairs)
    low, high = bootstrap_interval(hits)
    return Agreement(len(rows), sum(hits) / len(rows), low, high, len(themed), _ratio(sum(themed), len(themed)),
                     jaccard, _per_theme(pairs))


def second_labelled() -> list[Labelled]:
    """The heldout labels of the sentences that ``heldout_second_labeller.csv`` labels again (the first
    draw's 160)."""
    again = {(r.report, r.start) for r in _read(SECOND_LABELLER)}
    return [r for r in load_labels("heldout") if (r.report, r.start) in again]


def readers_agreement() -> Agreement:
    """How far two careful readers agree: the heldout labels measured against a second, independent
    labelling of the same sentences (``heldout_second_labeller.csv``), as ``agreement`` measures the model."""
    second = {r.sentence: (r.themes, r.primary) for r in _read(SECOND_LABELLER)}
    return agreement("heldout", method=second.__getitem__, labels=second_labelled())


def per_theme_table(a: Agreement):
    """``a.per_theme`` as a DataFrame, one row per theme (for notebooks and docs)."""
    import pandas as pd

    return pd.DataFrame.from_dict(a.per_theme, orient="index").rename_axis("theme")


def agreement_note(a: Agreement, theme: str | None = None) -> str:
    """A sentence for a notebook, next to a theme chart: how far the themes agree with hand labels."""
    note = (f"**How far to trust the themes** (`docs/themes.md` in the repository): on {a.n} hand-labelled "
            f"sentences of State Council reports never used to fit the theme model, the primary theme agrees "
            f"with the labels on {a.summary()}, so about {1 - a.primary:.0%} of sentences may carry another "
            f"primary theme than a careful reader would give them.")
    if theme is not None:
        t = a.per_theme[theme]
        note += (f" For {theme} as primary theme, precision is {t['primary_precision']:.2f} and recall "
                 f"{t['primary_recall']:.2f} ({t['primary_n']} labelled sentences).")
    return note + " Read shares to the nearest ten percentage points; smaller differences are not findings."
