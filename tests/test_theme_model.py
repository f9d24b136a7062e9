"""The learned theme model: labels with provenance, agreement on held-out reports, cues, determinism, regeneration."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
import yaml

from weihai_analysis import themes, themes_train
from weihai_analysis.load import load_report
from weihai_analysis.themes import CLASSES, THEMES, sentence_themes
from weihai_analysis.themes_eval import (SPLITS, agreement, bootstrap_interval, load_labels, readers_agreement,
                                         second_labelled)

FIXTURES = Path(__file__).parent / "fixtures" / "themes"
# Measured on the held-out reports (docs/themes.md): 0.88 (480 sentences) and 0.806; the floors leave room
# for about five changed sentences and keep the goal of the theme issue (0.85).
HELDOUT_PRIMARY_FLOOR = 0.87
HELDOUT_JACCARD_FLOOR = 0.79


@pytest.fixture(scope="module")
def heldout():
    return agreement("heldout")


def test_labels_point_into_the_copied_reports_and_follow_the_guide():
    side = yaml.safe_load((FIXTURES / "national_theme_labels.yml").read_text(encoding="utf-8"))
    rows = load_labels()
    national = [r for r in rows if r.report != "seed"]
    assert len(national) == 24530 and len(rows) == 24530 + 259
    texts = {}
    for r in national:
        if r.report not in texts:
            path = FIXTURES / "reports" / r.report
            assert hashlib.sha256(path.read_bytes()).hexdigest() == side["reports"][r.report]
            texts[r.report] = load_report(path).text
        assert texts[r.report][r.start:r.end] == r.sentence
        assert (r.primary == "") == (not r.themes) and (not r.primary or r.primary in r.themes)
        assert set(r.themes) <= set(THEMES) and list(r.themes) == sorted(r.themes)
    by_split = {s: {r.report for r in national if r.split == s} for s in SPLITS}
    assert not by_split["train"] & by_split["heldout"]  # whole reports, never both
    assert len(by_split["heldout"]) == 5 and len(by_split["train"]) == 47
    assert sum(r.split == "heldout" for r in national) == 480


def test_every_sentence_of_the_train_reports_is_labelled():
    """Draw 4 (sample.py) labelled the rest: every sentence of 10 or more CJK characters of a train report
    is labelled, and in each heldout report the first draw's 32 and the fifth's 64."""
    import re

    from weihai_analysis.structure import parse

    cjk = re.compile(r"[\u3400-\u9fff]")
    labelled: dict[str, set[int]] = {}
    stale = 0
    for r in load_labels():
        labelled.setdefault(r.report, set()).add(r.start)
    for path in sorted((FIXTURES / "reports").glob("national_*.txt")):
        pool = {s.start for s in parse(load_report(path).text).sentences if len(cjk.findall(s.text)) >= 10}
        if path.name in {"national_1986.txt", "national_1997.txt", "national_2007.txt", "national_2016.txt",
                         "national_2025.txt"}:
            assert len(labelled[path.name]) == 96 and labelled[path.name] < pool
        else:
            assert pool <= labelled[path.name], path.name
            stale += len(labelled[path.name] - pool)
    # three labels of 2017 are fragments of sentences cut at a line break (广义货币M⏎2) by an older parse;
    # the whole sentences are labelled too
    assert stale == 3


def test_heldout_agreement_stays_above_its_floor(heldout):
    print(f"held-out primary-theme agreement {heldout.summary()}, Jaccard {heldout.jaccard:.3f}")
    assert heldout.n == 480
    assert heldout.primary >= HELDOUT_PRIMARY_FLOOR and heldout.primary_low >= 0.85
    assert heldout.primary_low < heldout.primary < heldout.primary_high
    assert heldout.jaccard >= HELDOUT_JACCARD_FLOOR
    # better than the lexicon alone on the same sentences
    assert heldout.primary > agreement("heldout", method=themes.lexicon_themes).primary + 0.05


def test_two_readers_agree_more_than_the_model_does(heldout):
    """A second, independent labelling of the held-out sentences: the ceiling the model is measured against."""
    readers = readers_agreement()
    model = agreement("heldout", labels=second_labelled())  # the model on the same 160 sentences
    assert readers.n == model.n == 160
    assert round(readers.primary, 2) == 0.96 and round(readers.jaccard, 2) == 0.91
    assert round(model.primary, 2) == 0.86 and readers.primary > model.primary + 0.05


def test_per_theme_precision_and_recall_by_hand(heldout):
    rows = load_labels("heldout")
    pred = [sentence_themes(r.sentence) for r in rows]
    for t in THEMES:
        tp = sum(r.primary == t and p[1] == t for r, p in zip(rows, pred))
        assert heldout.per_theme[t]["primary_recall"] == pytest.approx(tp / sum(r.primary == t for r in rows))
        assert heldout.per_theme[t]["primary_precision"] == pytest.approx(tp / sum(p[1] == t for p in pred))


def test_bootstrap_interval_is_deterministic_and_brackets_the_share():
    hits = [True] * 70 + [False] * 30
    low, high = bootstrap_interval(hits)
    assert bootstrap_interval(hits) == (low, high)
    assert 0.6 < low < 0.7 < high < 0.8


@pytest.mark.parametrize("sentence, not_theme", [
    ("在人才集中区域设立人才驿站,打造专业、精准、温情的人才生态环境。", "ecology"),
    ("落实绿色通道制度和保姆式服务机制,推进人才公寓建设。", "ecology"),
    ("打造集成电路产业生态圈,引进一批龙头企业。", "ecology"),
])
def test_metaphors_are_not_ecology(sentence, not_theme):
    assert not_theme not in sentence_themes(sentence)[0]
    assert themes.features(sentence)[f"lex:{not_theme}"] == 0


def test_cues_weigh_and_blank_their_parts():
    f = themes.features("优化营商环境。")
    assert f["lex:governance"] >= 1 and not any(k.startswith("b:") and k[2:] in "营商环境" for k in f)


def test_short_sentences_keep_the_lexicon_rule():
    assert sentence_themes("各位代表!") == ((), "")
    assert sentence_themes("推进乡村振兴。") == themes.lexicon_themes("推进乡村振兴。")


def test_same_input_same_themes():
    rows = load_labels("heldout")
    first = [sentence_themes(r.sentence) for r in rows]
    sentence_themes.cache_clear()
    assert [sentence_themes(r.sentence) for r in rows] == first
    p = themes.probabilities(rows[0].sentence)
    assert list(p) == list(CLASSES) and sum(p.values()) == pytest.approx(1)


def test_model_file_is_small_and_matches_a_regeneration():
    assert themes.MODEL_FILE.stat().st_size < 5_000_000
    text, side = themes_train.build()
    assert themes.MODEL_FILE.read_text(encoding="utf-8") == text
    assert themes_train.SIDECAR.read_text(encoding="utf-8") == side


def test_extract_uses_the_model(tmp_path):
    """extract on a held-out report writes the same primary themes the labels are measured against."""
    from weihai_analysis.cli import main

    report = FIXTURES / "reports" / "national_2025.txt"
    assert main(["extract", str(report), "--out", str(tmp_path)]) == 0
    with (tmp_path / "sentences.csv").open(encoding="utf-8") as fh:
        written = {(int(r["start"]), int(r["end"])): r for r in csv.DictReader(fh)}
    labels = [r for r in load_labels("heldout") if r.report == report.name]
    for r in labels:
        row = written[(r.start, r.end)]
        assert (tuple(t for t in row["themes"].split(";") if t), row["primary_theme"]) == sentence_themes(r.sentence)


def test_scores_are_the_weights_of_the_features():
    """``probabilities`` (integer sums of pair weights) is the softmax of bias + value x weight over ``features``."""
    import math

    with themes.MODEL_FILE.open(encoding="utf-8", newline="") as fh:
        weights = {r["feature"]: [float(r[c]) for c in CLASSES] for r in csv.DictReader(fh)}
    for r in load_labels("heldout")[::40]:
        f = {"bias": 1.0, **themes.features(r.sentence)}
        z = [math.fsum(v * weights[k][c] for k, v in f.items() if k in weights) for c in range(len(CLASSES))]
        e = [math.exp(x - max(z)) for x in z]
        assert list(themes.probabilities(r.sentence).values()) == pytest.approx([x / sum(e) for x in e], abs=1e-12)


def test_cross_validation_folds_whole_train_reports():
    train = load_labels("train")
    first_six = {"seed", *sorted({r.report for r in train} - {"seed"})[:6]}
    small = [r for r in train if r.report in first_six][::8]  # a few hundred sentences: a quick fit
    rows = themes_train.cross_validate(small, folds=3)
    national = [r for r in small if r.report != "seed"]
    folds = [set(reports.split(",")) for reports, _, _ in rows]
    assert len(folds) == 3 and set().union(*folds) == {r.report for r in national} and sum(map(len, folds)) == 6
    assert sum(n for _, n, _ in rows) == len(national)
    assert sum(h for _, _, h in rows) / len(national) > 0.5  # far above chance (six classes)


@pytest.mark.parametrize("row", ["b:测试,0.1,x", "b:测试,0.1,x,0,0,0,0", "lex:economy,0.1,x,0,0,0,0"])
def test_a_damaged_model_file_gets_one_sentence(tmp_path, monkeypatch, row):
    """Too few numbers, or a word where a number should be, in a pair row or a lexicon row."""
    bad = tmp_path / "theme_model.csv"
    lines = themes.MODEL_FILE.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:3], row, *lines[3:10]]) + "\n", encoding="utf-8")
    monkeypatch.setattr(themes, "MODEL_FILE", bad)
    themes.model.cache_clear()
    try:
        with pytest.raises(themes.ReportError, match="line 4 needs 6 numbers"):
            themes.model()
    finally:
        themes.model.cache_clear()
