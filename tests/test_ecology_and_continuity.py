"""Helpers of the livelihood and ecology notebooks: ecology read literally, environmental figures, and
items counted in the year under review that the ledger commits to again."""

from __future__ import annotations

import pandas as pd
import pytest

from weihai_analysis import compare, overview
from weihai_analysis.figures import figures
from weihai_analysis.ledger import targets
from weihai_analysis.themes import lexicon_themes, sentence_themes


@pytest.fixture(scope="module")
def seed_figures(seed_structure):
    return figures(seed_structure)


@pytest.fixture(scope="module")
def seed_ledger(seed_structure):
    return targets(seed_structure)


def test_literal_text_masks_metaphors_and_keeps_offsets():
    sentence = "打造专业、精准、温情的人才生态环境,拓展产业生态圈,落实绿色通道制度。"
    literal = overview.literal_text(sentence)
    assert len(literal) == len(sentence)
    assert "生态" not in literal and "绿色" not in literal
    assert "ecology" in lexicon_themes(sentence)[0]           # the lexicon alone counts the metaphors
    assert "ecology" not in lexicon_themes(literal)[0]
    assert "ecology" not in sentence_themes(sentence)[0]      # the theme model reads them as cues
    assert overview.literal_text("保护生态环境") == "保护生态环境"  # the literal use is kept


def test_counted_part_drops_examples_before_deng():
    assert overview.counted_part("实施智慧生态等13项示范工程", 7) == "等13项示范工程"
    assert overview.counted_part("完成植树造林4.5万亩", 6) == "完成植树造林4.5万亩"


def test_environmental_figures_of_the_seed(seed, seed_figures):
    found = overview.environmental_figures(seed_figures, seed.text, keep_all=True).set_index("mention")
    kept = found[found["included"]]
    # green loans (a term the theme lexicon lacks) and their growth, read through the indicator
    assert {"248.7亿元", "82.5%", "10万立方米", "4.5万亩", "1637辆", "2万户"} <= set(kept.index)
    assert found.loc["五年", "reason"].startswith("a duration")
    assert found.loc["三年", "reason"].startswith("role name")
    assert found.loc["35蒸吨", "reason"].startswith("role threshold")
    assert found.loc["13项", "reason"] == "ecology word only in an example before 等"
    assert (kept["role"] == "value").all()
    assert len(kept) == 15 and (kept["status"] == "target").sum() == 7


def test_environmental_figures_on_a_made_up_text():
    text = "今年完成植树造林3万亩,打造人才生态环境10处,新增绿色贷款20亿元。"
    figs = pd.DataFrame([
        {"figure_id": f"F{i}", "start": text.index(m), "end": text.index(m) + len(m), "mention": m,
         "category": "quantity", "unit": u, "role": "value", "indicator": ind}
        for i, (m, u, ind) in enumerate([("3万亩", "亩", "植树造林"), ("10处", "处", "人才生态环境"),
                                         ("20亿元", "元", "绿色贷款")])])
    found = overview.environmental_figures(figs, text, keep_all=True).set_index("mention")
    assert found["included"].to_dict() == {"3万亩": True, "10处": False, "20亿元": True}
    assert found.loc["10处", "reason"] == "ecology word only in a metaphor"


def test_shared_in_order():
    assert compare.shared_in_order("清洁供暖", "农村清洁取暖") == 3
    assert compare.shared_in_order("省级重大科技", "省级科技创新项目") == 4
    assert compare.shared_in_order("", "abc") == 0


def test_carried_forward_on_the_seed(seed_figures, seed_ledger):
    out = compare.carried_forward(seed_figures, seed_ledger).set_index("item")
    farmland = out.loc["高标准农田"]
    assert (farmland["value_2020"], farmland["value_2021"], farmland["unit_2021"]) == (170000, 160000, "亩")
    heating = out.loc["农村清洁取暖"]
    assert (heating["indicator_2020"], heating["value_2020"], heating["value_2021"]) == ("清洁供暖", 55000, 20000)
    assert heating["match"] == "3 of 4 characters in order"
    assert out.loc["高新技术企业数量", "stock"] and not out.loc["中小学", "stock"]
    assert "公共停车位" not in out.index  # 11处 car parks are not 1050个 parking spaces
    assert out["target_id"].is_unique and out["figure_2020"].is_unique
    assert not out["unit_2021"].isin(["%", "个百分点"]).any()
    # 29项省级重大科技创新 → 省级科技创新项目20项: the 2020 indicator is cut (省级重大科技), 4 of 6 shared
    assert "省级科技创新项目" not in out.index


def test_carried_forward_needs_the_same_theme_for_a_loose_match():
    figs = pd.DataFrame([
        {"figure_id": "F1", "category": "quantity", "period": "2020", "status": "actual", "role": "value",
         "measure": "level", "unit": "处", "indicator": "农田水利设施", "indicator_id": "", "value": 564.0,
         "theme": "urban_rural", "aggregation": "", "section_id": "1.5", "sentence_id": "S1", "start": 0},
        {"figure_id": "F2", "category": "quantity", "period": "2021", "status": "target", "role": "value",
         "measure": "level", "unit": "处", "indicator": "储水设施", "indicator_id": "", "value": 178.0,
         "theme": "governance", "aggregation": "", "section_id": "4.10", "sentence_id": "S2", "start": 9}])
    ledger = pd.DataFrame([{"target_id": "T1", "period": "2021", "value": 178.0, "measure": "level", "unit": "处",
                            "indicator": "储水设施", "indicator_id": "", "figure_id": "F2", "kind": "project",
                            "firmness": "binding", "wording": "新建", "section_id": "4.10", "start": 9}])
    assert compare.carried_forward(figs, ledger).empty
    figs.loc[1, "theme"] = "urban_rural"
    assert compare.carried_forward(figs, ledger)["match"].tolist() == ["3 of 4 characters in order"]
