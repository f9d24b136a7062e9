"""Theme scoring: the lexicon rule of themes.yml (a feature of the model), agreement on the seed, shares per unit."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from weihai_analysis.paths import REFERENCE_DIR
from weihai_analysis.themes import THEMES, lexicon, lexicon_themes, score_sentence, sentence_themes, theme_shares

LABELS = Path(__file__).parent / "fixtures" / "seed_theme_labels.csv"


@pytest.fixture(scope="module")
def lexicon_rows() -> list[tuple[str, str, float]]:
    with (REFERENCE_DIR / "themes.csv").open(encoding="utf-8") as fh:
        return [(r["term"], r["theme"], float(r["weight"])) for r in csv.DictReader(fh)]


def _alone(rows, theme: str, weight: float) -> str:
    """A term of ``theme`` with ``weight`` that contains no other lexicon term."""
    terms = [t for t, _, _ in rows]
    return next(t for t, th, w in rows if th == theme and w == weight and not any(o != t and o in t for o in terms))


def test_lexicon_loads_every_row_and_the_sidecar_threshold(lexicon_rows):
    lex = lexicon()
    assert len(lex.terms) == len(lexicon_rows) > 500
    assert {theme for _, theme, _ in lex.terms} == set(THEMES)
    assert lex.threshold == 2


@pytest.mark.parametrize("sentence", [
    "统筹疫情防控和经济社会发展。",
    "加快建设口袋公园,改善人居环境,推进乡村振兴。",
    "深化放管服改革,优化营商环境,支持企业创新。",
])
def test_score_is_the_weighted_count_of_every_term(lexicon_rows, sentence):
    expected = dict.fromkeys(THEMES, 0.0)
    for term, theme, weight in lexicon_rows:
        expected[theme] += sentence.count(term) * weight
    assert score_sentence(sentence) == expected
    assert list(score_sentence(sentence)) == list(THEMES)


def test_nested_terms_add_up(lexicon_rows):
    weights = {t: w for t, _, w in lexicon_rows}
    assert {"疫情防控", "疫情"} <= set(weights)
    assert score_sentence("疫情防控")["livelihood"] >= weights["疫情防控"] + weights["疫情"]


def test_threshold_and_empty_sentences(lexicon_rows):
    assert lexicon_themes("各位代表!") == ((), "")
    weak = _alone(lexicon_rows, "economy", 1)
    assert score_sentence(weak)["economy"] == 1
    assert lexicon_themes(weak) == ((), "")  # a weak cue needs a partner
    assert lexicon_themes(weak + "," + weak) == (("economy",), "economy")


def test_ties_are_deterministic(lexicon_rows):
    eco, gov = _alone(lexicon_rows, "economy", 3), _alone(lexicon_rows, "governance", 3)
    for sentence in (f"{eco},{gov}。", f"{gov},{eco}。"):
        assert lexicon_themes(sentence) == (("economy", "governance"), "economy")
    # with equal scores the theme whose best term weighs more wins over the contract order
    eco1 = _alone(lexicon_rows, "economy", 1)
    eco_weak = ",".join([eco1] * 3)
    assert lexicon_themes(f"{eco_weak},{gov}。")[1] == "governance"


def test_full_width_latin_matches_ascii_terms(lexicon_rows):
    latin = next(t for t, _, _ in lexicon_rows if t.isascii())
    full = latin.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert score_sentence(full) == score_sentence(latin)


def test_primary_theme_agrees_with_hand_labels(seed):
    with LABELS.open(encoding="utf-8") as fh:
        labels = list(csv.DictReader(fh))
    assert len(labels) > 250
    for r in labels:
        assert seed.text[int(r["start"]):int(r["end"])] == r["sentence"]
    hits = sum(sentence_themes(r["sentence"])[1] == r["primary_theme"] for r in labels)
    agreement = hits / len(labels)
    print(f"primary-theme agreement with {LABELS.name}: {hits}/{len(labels)} = {agreement:.3f}")
    assert agreement >= 0.85
    # the theme sets overlap too, not only the primary
    jaccard = sum(
        len(set(sentence_themes(r["sentence"])[0]) & set(r["themes"].split(";")))
        / len(set(sentence_themes(r["sentence"])[0]) | set(r["themes"].split(";")))
        for r in labels
    ) / len(labels)
    assert jaccard >= 0.75


@pytest.mark.parametrize("level, column", [("paragraph", "paragraph_id"), ("section", "section_id"), ("part", "part")])
def test_theme_shares(seed_structure, level, column):
    shares = theme_shares(seed_structure, level)
    assert list(shares.columns) == [column, "n_chars", *THEMES, "none"]
    assert shares[[*THEMES, "none"]].sum(axis=1).round(9).eq(1).all()
    assert shares["n_chars"].sum() == sum(len(s.text) for s in seed_structure.sentences)
    assert shares[column].is_unique
    if level == "part":
        assert shares["part"].tolist() == ["0", "1", "2", "3", "4", "5"]
    if level == "paragraph":
        assert len(shares) == len(seed_structure.paragraphs)


def test_theme_shares_of_one_part_by_hand(seed_structure):
    part5 = theme_shares(seed_structure, "part").set_index("part").loc["5"]
    sentences = [s for s in seed_structure.sentences if s.section_id.split(".")[0] == "5"]
    gov = sum(len(s.text) for s in sentences if sentence_themes(s.text)[1] == "governance")
    assert part5["governance"] == pytest.approx(gov / sum(len(s.text) for s in sentences))
    assert part5["governance"] > 0.5  # part five is about the government's own conduct


def test_theme_shares_rejects_unknown_level(seed_structure):
    with pytest.raises(ValueError, match="level must be"):
        theme_shares(seed_structure, "chapter")


def test_a_reports_sentences_at_once_get_what_each_gets_alone(seed_structure):
    """``themes_of`` (how extract scores a report: every sentence's pairs looked up in one pass) gives
    exactly ``sentence_themes`` of each sentence, on the seed and on a State Council report."""
    from weihai_analysis.corpus import NATIONAL_CORPUS
    from weihai_analysis.readers import load_report
    from weihai_analysis.structure import parse
    from weihai_analysis.themes import themes_of

    for st in (seed_structure, parse(load_report(NATIONAL_CORPUS / "national_1978.txt").text)):
        texts = [s.text for s in st.sentences]
        assert len(texts) > 200
        found = themes_of(texts)
        assert found == [sentence_themes.__wrapped__(t) for t in texts]
        assert sum(bool(primary) for _, primary in found) > len(texts) / 2


def test_pair_weights_count_each_distinct_pair_once_and_never_across_sentences():
    from weihai_analysis import themes

    m = themes.model()
    row = m.pair_table[m.pair_row["经济"]].tolist()
    assert any(row)
    assert themes._pair_totals(["经济"]) == [row]
    assert themes._pair_totals(["经济，经济"]) == [row]  # twice in a sentence: once
    assert themes._pair_totals(["经", "济"]) == [[0] * len(themes.CLASSES)] * 2  # not across two sentences
    assert themes._pair_totals(["A经济", "", "经济"]) == [row, [0] * len(themes.CLASSES), row]
    assert themes._pair_totals([]) == []
