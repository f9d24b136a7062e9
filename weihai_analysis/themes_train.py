"""Fit the theme model on the hand-labelled sentences and write ``data/reference/theme_model.csv``.

    python -m weihai_analysis.themes_train          # refit and write the model and its sidecar
    python -m weihai_analysis.themes_train --check  # exit 1 if the committed model differs from a refit
    python -m weihai_analysis.themes_train --cv     # 5-fold agreement over whole train reports

The model is a multinomial logistic regression (``themes.CLASSES``: five themes and ``none``) over
``themes.features``: lexicon scores, the lexicon's own choice, and character pairs seen in at least
``MIN_COUNT`` training sentences. It is fitted on the ``train`` split only (the seed and the train
reports); the ``heldout`` reports are never read here, and ``--cv`` folds over train reports only,
so choices made from its figures never see them. Full-batch Adam from zero weights, a fixed number of steps,
no randomness: the same labels give the same file. Weights are rounded to 4 decimals.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from collections import Counter
from collections.abc import Sequence

from .paths import REFERENCE_DIR
from .themes import CLASSES, MODEL_FILE, features
from .themes_eval import NATIONAL_LABELS, SEED_LABELS, Labelled, load_labels

MIN_COUNT = 2          # a character pair must occur in this many training sentences
L2 = 0.0001            # ridge penalty on every weight but the bias (best of 0.001, 0.0003, 0.0001 in 5-fold CV)
STEPS, STEP_SIZE = 600, 0.05
SET_THRESHOLD = 0.25   # a second theme joins the primary one from this probability (best of 0.15-0.5 in --cv)
MIN_HAN = 10           # the labels sample sentences of at least 10 Chinese characters (tests/fixtures/themes/sample.py)
DECIMALS = 4
SIDECAR = MODEL_FILE.with_suffix(".yml")


def _matrix(rows: Sequence[dict[str, float]], vocab: dict[str, int]):
    """Dense feature matrix with a final column of ones (the bias)."""
    import numpy as np

    x = np.zeros((len(rows), len(vocab) + 1))
    x[:, -1] = 1.0
    for i, f in enumerate(rows):
        for name, value in f.items():
            j = vocab.get(name)
            if j is not None:
                x[i, j] = value
    return x


def _softmax(z):
    import numpy as np

    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class _Sparse:
    """The feature matrix as its non-zero cells (rows, columns, values), with a bias column of ones:
    a sentence has a few dozen of the thousands of features, so products over the cells are far
    cheaper than dense ones. Each product sums the cells of one output row in a fixed order
    (``np.add.reduceat`` over the cells sorted by that row), so the same labels give the same file."""

    def __init__(self, rows: Sequence[dict[str, float]], vocab: dict[str, int]):
        import numpy as np

        cells = [(i, vocab[name], value) for i, f in enumerate(rows) for name, value in f.items() if name in vocab]
        cells += [(i, len(vocab), 1.0) for i in range(len(rows))]
        i, j, v = (np.array(c) for c in zip(*cells))
        self.shape = (len(rows), len(vocab) + 1)
        self._by_row = self._grouped(i, j, v)
        self._by_column = self._grouped(j, i, v)

    @staticmethod
    def _grouped(out, into, v):
        """The cells sorted by their output index (stable): (output indices, segment starts, input indices, values)."""
        import numpy as np

        order = np.argsort(out, kind="stable")
        out, into, v = out[order], into[order], v[order]
        starts = np.flatnonzero(np.r_[True, out[1:] != out[:-1]])
        return out[starts], starts, into, v[:, None]

    @staticmethod
    def _product(grouped, m, n_out):
        import numpy as np

        targets, starts, into, v = grouped
        out = np.zeros((n_out, m.shape[1]))
        out[targets] = np.add.reduceat(v * m[into], starts, axis=0)
        return out

    def times(self, w):
        """X @ w."""
        return self._product(self._by_row, w, self.shape[0])

    def transposed_times(self, g):
        """X.T @ g."""
        return self._product(self._by_column, g, self.shape[1])


def fit(labels: Sequence[Labelled]) -> tuple[list[str], list[list[float]]]:
    """Feature names (``bias`` first) and their weights per class, fitted on ``labels``."""
    import numpy as np

    rows = [features(r.sentence) for r in labels]
    seen = Counter(name for f in rows for name in f)
    names = sorted(n for n, c in seen.items() if c >= MIN_COUNT or not n.startswith("b:"))
    vocab = {n: j for j, n in enumerate(names)}
    x = _Sparse(rows, vocab)
    y = np.zeros((len(rows), len(CLASSES)))
    y[np.arange(len(rows)), [CLASSES.index(r.primary or "none") for r in labels]] = 1.0
    penalty = np.ones((x.shape[1], 1))
    penalty[-1] = 0.0
    w = np.zeros((x.shape[1], len(CLASSES)))
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, STEPS + 1):
        g = x.transposed_times(_softmax(x.times(w)) - y) / len(rows) + L2 * penalty * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= STEP_SIZE * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    w = np.round(w, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    return ["bias", *names], [list(w[-1]), *map(list, w[:-1])]


def model_csv(names: Sequence[str], weights: Sequence[Sequence[float]]) -> str:
    """The model file's text: ``feature`` and one column per class, features with all-zero weights left out."""
    out = io.StringIO()
    wr = csv.writer(out, lineterminator="\n")
    wr.writerow(["feature", *CLASSES])
    for name, ws in zip(names, weights):
        if name == "bias" or any(ws):
            wr.writerow([name, *(f"{x:.{DECIMALS}f}" for x in ws)])
    return out.getvalue()


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecar_text(labels: Sequence[Labelled], n_features: int) -> str:
    """The model's ``.yml`` sidecar: what it is, what it was fitted on, and how to regenerate it."""
    by_class = Counter(r.primary or "none" for r in labels)
    reports = sorted({r.report for r in labels})
    return f"""title: Learned theme model for sentences of government work reports
description: >-
  Multinomial logistic regression over weihai_analysis.themes.features (lexicon scores with the cues
  of theme_cues.csv, the lexicon's own choice, and pairs of adjacent Chinese characters), with one
  column of weights per class: {', '.join(CLASSES)}. A sentence's class scores are the bias plus the
  sum of value x weight over its features; the most probable class is its primary theme (none: no
  theme), and every other theme whose softmax probability reaches set_threshold joins its themes.
  Sentences of fewer than min_han Chinese characters (never sampled for labels) keep the lexicon rule.
  {n_features} features with a non-zero weight.
source: >-
  Generated by `python -m weihai_analysis.themes_train` (do not edit by hand) from the train split of
  the hand labels: {len(labels)} sentences ({', '.join(f'{c} {by_class[c]}' for c in CLASSES)}) of
  {len(reports)} reports: {', '.join(reports)}. The heldout reports of
  {NATIONAL_LABELS.relative_to(NATIONAL_LABELS.parents[2]).as_posix()} are never used. Agreement on them is in docs/themes.md.
license: CC0-1.0
created: 2026-11-27
columns:
  feature: >-
    bias; lex:<theme> (lexicon score, min(score, 9) / 3); lexprim:<theme or none> (1 for the
    lexicon rule's own choice); b:<two characters> (1 if the pair occurs).
{chr(10).join(f'  {c}: Weight of the feature for the class {c}.' for c in CLASSES)}
set_threshold: {SET_THRESHOLD}
min_han: {MIN_HAN}
training:
  min_count: {MIN_COUNT}
  l2: {L2}
  steps: {STEPS}
  step_size: {STEP_SIZE}
  decimals: {DECIMALS}
  optimizer: full-batch Adam from zero weights (beta 0.9, 0.999), weights rounded to {DECIMALS} decimals
  labels_sha256:
    {SEED_LABELS.name}: {_sha256(SEED_LABELS)}
    {NATIONAL_LABELS.name}: {_sha256(NATIONAL_LABELS)}
"""


def build() -> tuple[str, str]:
    """The model file and sidecar texts fitted on the train split."""
    labels = load_labels("train")
    names, weights = fit(labels)
    text = model_csv(names, weights)
    return text, sidecar_text(labels, text.count("\n") - 2)


CV_FOLDS = 5


def cross_validate(labels: Sequence[Labelled] | None = None, folds: int = CV_FOLDS) -> list[tuple[str, int, int]]:
    """Grouped k-fold cross-validation over whole national reports of the train split (default): the
    reports in sorted order, every ``folds``-th in the same fold, the seed always in training (as it is
    for the model). (fold's reports, sentences, primary hits) per fold, so choices made from it never
    see a held-out report (the split these figures come from in docs/themes.md)."""
    import numpy as np

    labels = list(load_labels("train") if labels is None else labels)
    reports = sorted({r.report for r in labels} - {"seed"})
    out = []
    for k in range(min(folds, len(reports))):
        fold = set(reports[k::folds])
        train = [r for r in labels if r.report not in fold]
        test = [r for r in labels if r.report in fold]
        names, weights = fit(train)
        vocab = {n: j for j, n in enumerate(names[1:])}
        w = np.array([*weights[1:], weights[0]])
        pred = (_matrix([features(r.sentence) for r in test], vocab) @ w).argmax(axis=1)
        hits = int(sum(CLASSES[p] == (r.primary or "none") for p, r in zip(pred, test)))
        out.append((",".join(sorted(fold)), len(test), hits))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m weihai_analysis.themes_train", description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare a refit with the committed model; write nothing")
    ap.add_argument("--cv", action="store_true",
                    help=f"print {CV_FOLDS}-fold agreement over whole train reports (several minutes)")
    args = ap.parse_args(argv)
    if args.cv:
        rows = cross_validate()
        for reports, n, hits in rows:
            print(f"{n}\t{hits / n:.3f}\t{reports}")
        n, hits = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"{n}\t{hits / n:.3f}\tall")
        return 0
    text, side = build()
    if args.check:
        same = MODEL_FILE.exists() and MODEL_FILE.read_text(encoding="utf-8") == text \
            and SIDECAR.read_text(encoding="utf-8") == side
        print("theme model matches a refit" if same else "error: data/reference/theme_model.csv differs from a refit")
        return 0 if same else 1
    MODEL_FILE.write_text(text, encoding="utf-8")
    SIDECAR.write_text(side, encoding="utf-8")
    print(f"wrote {MODEL_FILE.relative_to(REFERENCE_DIR.parents[1])} ({len(text.encode()) // 1024} KB) and its sidecar")
    return 0


if __name__ == "__main__":
    sys.exit(main())
