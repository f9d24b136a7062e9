"""The overview helpers: outline, clause rule for environmental figures, lexicon effect, notebook list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from weihai_analysis import overview
from weihai_analysis.figures import figures


@pytest.fixture(scope="module")
def seed_figures(seed_structure):
    return figures(seed_structure)


def test_outline_of_the_seed(seed_structure):
    out = overview.outline(seed_structure)
    assert out["part"].tolist() == ["0", "1", "2", "3", "4", "5"]
    assert out["number"].tolist() == ["", "一", "二", "三", "四", "五"]
    assert out["sub_sections"].tolist() == [0, 8, 0, 0, 10, 0]
    assert out["paragraphs"].sum() == len(seed_structure.paragraphs) == 71
    assert out["sentences"].sum() == len(seed_structure.sentences) == 400
    assert out["n_chars"].sum() == sum(p.n_chars for p in seed_structure.paragraphs)
    assert out.set_index("part").loc["4", "n_chars"] == 6440  # the year's work plan, the longest part
    assert out["share"].sum() == pytest.approx(1.0)
    assert out["status"].tolist() == ["", "actual", "actual", "target", "target", "target"]


@pytest.mark.parametrize("text, start, end, clause", [
    ("完成植树造林4.5万亩,新建步道。", 6, 11, "完成植树造林4.5万亩"),
    ("新增清洁供暖5.5万户，新增省级清洁村庄562个。", 6, 11, "新增清洁供暖5.5万户"),
    ("植树4.5万亩", 2, 7, "植树4.5万亩"),  # no separator on either side
    ("甲;新增6家国家级、36家省级企业;乙", 4, 6, "新增6家国家级、36家省级企业"),  # 、 does not end a clause
])
def test_clause_span(text, start, end, clause):
    a, b = overview.clause_span(text, start, end)
    assert text[a:b] == clause


def test_ecology_figures_follow_the_clause_not_the_sentence(seed, seed_figures):
    eco = overview.ecology_figures(seed_figures, seed.text)
    mentions = dict(zip(eco["mention"], eco["clause"]))
    # the environmental quantities of the 2021 plan, part 4 (七)
    assert mentions["4.5万亩"] == "完成植树造林4.5万亩"
    assert mentions["1637辆"] == "年内淘汰1637辆国三及以下排放标准营运柴油货车"
    assert mentions["35蒸吨"] == "完成35蒸吨以下燃煤锅炉淘汰任务"
    assert mentions["151处"] == "修复治理151处废弃矿山"
    assert mentions["5.5万户"] == "新增清洁供暖5.5万户"
    # same sentence as 5.5万户, but a clause about water supply, not the environment
    assert "554个" not in mentions
    # the headline growth targets share a sentence with 节能减排 but are not environmental
    assert not eco["figure_id"].isin(seed_figures.loc[seed_figures["indicator_id"] == "gdp", "figure_id"]).any()
    assert len(eco) == 15
    assert eco["status"].value_counts().to_dict() == {"actual": 8, "target": 7}
    assert (eco["category"] == "quantity").all() and (eco["clause_score"] > 0).all()
    assert eco["start"].is_monotonic_increasing


def test_ecology_figures_other_theme(seed, seed_figures):
    livelihood = overview.ecology_figures(seed_figures, seed.text, theme="livelihood")
    assert len(livelihood) > 0
    trees = set(seed_figures.loc[seed_figures["indicator"] == "植树造林", "figure_id"])
    assert trees and set(livelihood["figure_id"]).isdisjoint(trees)  # 植树造林 is not livelihood


def test_lexicon_effect_on_the_seed(seed, seed_structure):
    eff = overview.lexicon_effect(seed.text, seed_structure)
    # the figures stated in data/reference/policy_terms.yml: 327 terms occur, 314 split by plain jieba
    assert len(eff) == 327
    assert int((eff["whole_plain"] == 0).sum()) == 314
    assert (eff["whole_with"] > 0).all()  # with the lexicon every term is kept whole at least once
    first = eff.iloc[0]
    assert (first["term"], first["occurrences"], first["whole_with"], first["plain"]) == ("精致城市", 14, 14, "精致 / 城市")
    row = eff.set_index("term").loc["乡村振兴"]
    assert row["occurrences"] == 9 and row["whole_with"] == 5  # four times inside 乡村振兴样板片区 and the like
    assert eff.set_index("term").loc["新旧动能转换", "plain"].count(" / ") >= 1  # plain jieba cuts it
    assert (eff["whole_with"] <= eff["occurrences"]).all() and (eff["whole_plain"] <= eff["occurrences"]).all()


def test_notebooks_lists_titles(tmp_path):
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["# A title\n", "text"]}
    for name in ("01_b.ipynb", "00_a.ipynb"):
        (tmp_path / name).write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                                     encoding="utf-8")
    (tmp_path / "Untitled.ipynb").write_text("{}", encoding="utf-8")
    nbs = overview.notebooks(tmp_path)
    assert nbs.to_dict("records") == [{"notebook": "00_a.ipynb", "title": "A title"},
                                      {"notebook": "01_b.ipynb", "title": "A title"}]


def test_notebooks_of_the_collection():
    nbs = overview.notebooks()
    assert {"00_overview.ipynb", "03_ecology.ipynb", "05_policy_language.ipynb"} <= set(nbs["notebook"])
    assert nbs.set_index("notebook").loc["00_overview.ipynb", "title"] == "The 2021 Weihai Government Work Report at a glance"


# ---------------------------------------------------------------- rhetoric and admitted weaknesses


NATIONAL_2023 = Path(__file__).parent / "fixtures" / "national" / "national_2023.txt"


@pytest.fixture(scope="module")
def seed_ledger(seed_structure):
    from weihai_analysis.ledger import targets

    return targets(seed_structure)


def test_rhetoric_on_the_seed(seed_structure):
    claims = overview.rhetoric(seed_structure)
    assert len(claims) == 59
    assert claims["kind"].value_counts().to_dict() == {"selection": 19, "award": 18, "rank": 12, "first": 10}
    for row in claims.itertuples():  # provenance: every row points back to its words
        assert seed_structure.text[row.start:row.end] == row.word
        assert row.word in row.clause
    # 第一时间 (at once), 第一例 (the first case), 第一个五年 are ordinals, never claims
    assert not claims["clause"].str.contains("第一时间|第一例|第一个").any()
    assert claims["start"].is_monotonic_increasing
    assert claims.groupby(claims["section_id"].str[0]).size().to_dict() == {"1": 39, "2": 14, "3": 4, "4": 2}


def test_rhetoric_on_another_report():
    from weihai_analysis import load_report, parse

    st = parse(load_report(NATIONAL_2023).text)
    claims = overview.rhetoric(st)
    assert len(claims) == 4 and set(claims["kind"]) == {"rank", "first"}
    assert all(st.text[r.start:r.end] == r.word for r in claims.itertuples())


def test_admitted_weaknesses_on_the_seed(seed_structure, seed_ledger):
    weak = overview.admitted_weaknesses(seed_structure, seed_ledger)
    assert weak["paragraph_id"].unique().tolist() == ["P031"]
    assert len(weak) == 25 and (weak["topics"] != "").sum() == 16
    for row in weak.itertuples():
        assert seed_structure.text[row.start:row.end].strip() == row.clause
        assert "清醒" not in row.clause  # the cue's own clause is not a weakness
    by_clause = weak.set_index("clause")
    assert by_clause.loc["财政收支矛盾突出", "target_ids"] == "T015, T113, T114"  # 一般公共预算收入, 一般性支出, 非急需非刚性支出
    assert by_clause.loc["创新能力不强", "quantified"] == 3
    no_commitment = weak[(weak["topics"] != "") & (weak["commitments"] == 0)]["clause"].tolist()
    assert no_commitment == ["部分行业、一些中小企业生产经营困难", "营商环境需要持续优化", "干部作风需要持续改进",
                             "廉政建设需要持续加强"]


def test_admitted_weaknesses_elsewhere(seed_ledger):
    from weihai_analysis import load_report, parse
    from weihai_analysis.ledger import targets

    st = parse(load_report(NATIONAL_2023).text)
    weak = overview.admitted_weaknesses(st, targets(st))
    assert weak["paragraph_id"].nunique() == 1 and "清醒认识到" in st.text  # the cue without 地
    assert (weak["topics"] != "").sum() >= 5
    none = overview.admitted_weaknesses(parse("一、工作回顾\n\n今年经济增长5%。\n"), seed_ledger)
    assert none.empty and list(none.columns)[:4] == ["paragraph_id", "start", "end", "clause"]
