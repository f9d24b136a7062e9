"""compare: outside outcomes scaled like figures.csv, targets judged, growth derived and flagged, continuity."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from weihai_analysis import compare
from weihai_analysis.figures import figures, targets


@pytest.fixture(scope="module")
def figs():
    return figures()


@pytest.fixture(scope="module")
def tgts():
    return targets()


@pytest.fixture(scope="module")
def outcomes():
    return compare.load_outcomes()


@pytest.fixture(scope="module")
def versus(tgts, figs, outcomes):
    return compare.targets_vs_outcomes(tgts, figs, outcomes).set_index("indicator_id")


# --- numbers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("written, expected", [
    ("亿元", (1e8, "元")), ("亿美元", (1e8, "美元")), ("万人", (1e4, "人")), ("万人次", (1e4, "人次")),
    ("%", (1.0, "%")), ("万亿元", (1e12, "元")), ("家", (1.0, "家")),
])
def test_split_unit(written, expected):
    assert compare.split_unit(written) == expected


def test_growth_and_implied_growth():
    assert compare.growth_rate(252.4, 266.9) == pytest.approx(5.7448, abs=1e-4)
    assert compare.implied_annual_growth(3017.8, 4000, 5) == pytest.approx(5.7971, abs=1e-4)
    # one year: the implied rate is the plain growth rate
    assert compare.implied_annual_growth(100, 110, 1) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        compare.growth_rate(0, 5)
    with pytest.raises(ValueError):
        compare.implied_annual_growth(100, 110, 0)


def test_as_written():
    assert compare.as_written(301780000000.0, "元") == "3017.8亿元"
    assert compare.as_written(1.36e9, "美元") == "13.6亿美元"
    assert compare.as_written(2.39, "%") == "2.39%"
    assert compare.as_written(126000.0, "人次") == "12.6万人次"
    assert compare.as_written(737.0, "家") == "737家"
    assert compare.as_written(float("nan"), "元") == ""
    # a unit with its own magnitude is read as its base; large counts take 亿 and 万亿, not 1.3e+08万
    assert compare.as_written(1.3e8, "万斤") == "1.3万亿斤"
    assert compare.as_written(1.2e9, "人") == "12亿人"
    assert compare.as_written(13000.0, "万吨") == "1.3亿吨"


# --- outside facts -------------------------------------------------------------------------------
def test_outcomes_are_scaled_like_figures(outcomes):
    rev = outcomes[(outcomes.indicator_id == "budget_revenue") & (outcomes.period == "2021")].iloc[0]
    assert rev["value"] == pytest.approx(2.669e10) and rev["unit"] == "元" and rev["value_as_written"] == 266.9
    fdi = outcomes[outcomes.indicator_id == "fdi_actual"].iloc[0]
    assert fdi["value"] == pytest.approx(1.45e9) and fdi["unit"] == "美元"
    gdp24 = outcomes[(outcomes.indicator_id == "gdp") & (outcomes.period == "2024") & (outcomes.measure == "level")]
    assert gdp24.iloc[0]["value"] == pytest.approx(3.72862e11)
    assert set(outcomes["indicator_id"]) >= {"gdp", "exports", "imports", "cpi", "registered_unemployment"}


def test_national_table_keeps_a_note_with_an_unquoted_comma():
    nat = compare.load_national()
    unemp = nat[(nat.indicator_id == "surveyed_unemployment") & (nat.status == "target")].iloc[0]
    assert unemp["value"] == 5.5 and unemp["bound"] == "approx"
    assert unemp["note"].endswith("not the registered rate that Weihai targets")
    assert None not in nat.columns
    jobs = nat[(nat.indicator_id == "new_urban_jobs") & (nat.status == "target")].iloc[0]
    assert jobs["value"] == pytest.approx(1.1e7) and jobs["unit"] == "人"


def test_sources_name_every_source_id(outcomes):
    src = compare.sources()
    assert set(outcomes["source_id"]) <= set(src)
    assert set(compare.load_national()["source_id"]) <= set(src)


# --- judging -------------------------------------------------------------------------------------
@pytest.mark.parametrize("bound, target, outcome, verdict", [
    ("min", 6, 7.5, "met"), ("min", 6, 5.9, "missed"), ("max", 3, 2.27, "met"), ("max", 3, 3.2, "missed"),
    ("approx", 5.5, 5.1, "met"), ("approx", 5.5, 4.9, "missed"), ("", 4, 5.74, "met"), ("", 4, 3.9, "missed"),
    ("min", 6, None, "no outcome"),
])
def test_judge(bound, target, outcome, verdict):
    assert compare.judge(bound, target, outcome) == verdict


@pytest.mark.parametrize("rule, outcome, gdp, verdict", [
    ("growth rate of 城镇居民人均可支配收入 >= growth rate of GDP", 7.6, 7.5, "met"),
    ("growth rate of 城镇居民人均可支配收入 >= growth rate of GDP", 7.4, 7.5, "missed"),
    ("growth rate of 外贸进出口总额 > 0", 25.9, None, "met"),
    ("growth rate of 单位生产总值能耗 < 0", 1.0, None, "missed"),
    ("制造业增加值占比 stays close to last year's level", 27.0, None, "not judged"),
    ("growth rate of 外贸进出口总额 > 0", None, None, "no outcome"),
])
def test_judge_rule(rule, outcome, gdp, verdict):
    assert compare.judge_rule(rule, outcome, gdp) == verdict


def test_target_meaning():
    assert compare.target_meaning(6.0, "min", "") == "floor"
    assert compare.target_meaning(3.0, "max", "") == "ceiling"
    assert compare.target_meaning(75.0, "approx", "") == "approximate"
    assert compare.target_meaning(4.0, "", "") == "point"
    assert compare.target_meaning(None, "", "growth rate of X >= growth rate of GDP") == "relational"
    assert compare.target_meaning(float("nan"), "", "growth rate of X > 0") == "qualitative"


def test_seed_gdp_target_met(versus):
    gdp = versus.loc["gdp"]
    assert (gdp["target"], gdp["bound"], gdp["meaning"]) == (6.0, "min", "floor")
    assert gdp["outcome"] == 7.5 and not gdp["derived"] and gdp["verdict"] == "met"


def test_budget_revenue_growth_derived_and_flagged(versus, figs, outcomes):
    rev = versus.loc["budget_revenue"]
    assert rev["outcome"] == pytest.approx(5.7448, abs=1e-3)  # 266.9 / 252.4 - 1
    assert bool(rev["derived"]) and rev["verdict"] == "met" and rev["meaning"] == "point"
    d = compare.derived_growth(figs, outcomes, "budget_revenue")
    by_id = figs.set_index("figure_id")
    assert by_id.loc[d["from_figure_id"], "mention"] == "252.4亿元" and by_id.loc[d["from_figure_id"], "period"] == "2020"
    assert d["from_value"] == pytest.approx(2.524e10) and d["derived"] is True
    assert "252.4亿元" in d["basis"] and "266.9亿元" in d["basis"]


def test_fdi_in_dollars_and_total_trade_derived(versus, figs, outcomes):
    fdi = versus.loc["fdi_actual"]
    assert fdi["outcome"] == pytest.approx((14.5 / 13.6 - 1) * 100) and bool(fdi["derived"])
    trade = versus.loc["total_trade"]
    assert trade["meaning"] == "qualitative" and bool(trade["derived"]) and trade["verdict"] == "met"
    assert trade["outcome"] == pytest.approx(((1494 + 538.5) / 1615 - 1) * 100)
    assert compare.outcome_level(outcomes, "total_trade", "2021")[0] == pytest.approx(2.0325e11)


def test_relational_and_ceiling_targets(versus):
    assert versus.loc["urban_income", "verdict"] == "met"  # 7.6 >= 7.5
    assert versus.loc["rural_income", "verdict"] == "met"  # 10 >= 7.5
    assert versus.loc["registered_unemployment", "outcome"] == 2.27
    assert versus.loc["registered_unemployment", "verdict"] == "met"
    assert versus.loc["cpi", "outcome"] == 0.8 and versus.loc["cpi", "verdict"] == "met"
    assert versus.loc["manufacturing_share", "verdict"] == "not judged"
    assert versus.loc["fixed_asset_investment", "verdict"] == "no outcome"


def test_nominal_gdp_growth_is_derived_not_stated(figs, outcomes):
    stated = compare.outcome_growth(figs, outcomes, "gdp")
    nominal = compare.derived_growth(figs, outcomes, "gdp")
    assert stated["value"] == 7.5 and stated["derived"] is False
    assert nominal["value"] == pytest.approx((3463.9 / 3017.8 - 1) * 100) and nominal["derived"] is True


def test_units_must_agree_to_derive(figs):
    fake = pd.DataFrame([{"indicator_id": "fdi_actual", "period": "2021", "measure": "level", "value": 9.9e9,
                          "unit": "元", "source_id": "x", "indicator_zh": "实际使用外资", "note": ""}])
    assert compare.derived_growth(figs, fake, "fdi_actual") is None


# --- before/after, continuity, tables ------------------------------------------------------------
def test_before_after_innovation(figs):
    ba = compare.before_after(figs).set_index("indicator_id")
    assert (ba.loc["high_tech_enterprises", "before"], ba.loc["high_tech_enterprises", "after"]) == (502, 737)
    assert (ba.loc["tech_smes", "before"], ba.loc["tech_smes", "after"]) == (634, 1136)
    share = ba.loc["high_tech_output_share"]
    assert (share["before"], share["after"]) == (49.5, 60.1) and share["change"] == pytest.approx(10.6)
    assert ba.loc["urbanisation_rate", "before_period"] == "2015"


@pytest.mark.parametrize("phrase, expected", [
    ("新建改扩建中小学", "中小学"), ("新建幼儿园", "幼儿园"), ("农村老年餐桌", "农村老年餐桌"),
    ("新建农村老年餐桌", "农村老年餐桌"), ("新增省级清洁村庄", "省级清洁村庄"), ("创建省级清洁村庄", "省级清洁村庄"),
    ("高标准农田建设", "高标准农田"), ("“口袋公园”", "口袋公园"), ("新建", "新建"),
])
def test_normalise_indicator(phrase, expected):
    assert compare.normalise_indicator(phrase) == expected


def test_continuity_matches_through_indicators(figs):
    c = compare.continuity(figs).set_index("item")
    for item, v2020, v2021 in [("幼儿园", 20, 7), ("中小学", 19, 10), ("农村老年餐桌", 453, 100), ("口袋公园", 131, 30)]:
        assert (c.loc[item, "value_2020"], c.loc[item, "value_2021"]) == (v2020, v2021), item
    assert not c.loc["口袋公园", "same_unit"]  # 131处 against 30个
    by_id = figs.set_index("figure_id")
    assert by_id.loc[c.loc["幼儿园", "figure_2020"], ["mention", "period"]].tolist() == ["20所", "2020"]
    assert by_id.loc[c.loc["幼儿园", "figure_2021"], ["mention", "period"]].tolist() == ["7所", "2021"]
    assert "项目" not in c.index  # too generic to match
    assert c.loc["重点工业项目", "unit_2020"] == "个"  # 174个, not 四批: the same unit wins


def test_continuity_on_a_small_table():
    rows = [
        dict(figure_id="F1", indicator="建成社区食堂", indicator_id="", value=40.0, unit="处", period="2020",
             status="actual"),
        dict(figure_id="F2", indicator="新建社区食堂", indicator_id="", value=10.0, unit="处", period="2021",
             status="target"),
        dict(figure_id="F3", indicator="新建项目", indicator_id="", value=5.0, unit="个", period="2021", status="target"),
        dict(figure_id="F4", indicator="项目", indicator_id="", value=8.0, unit="个", period="2020", status="actual"),
        dict(figure_id="F5", indicator="社区食堂", indicator_id="", value=20.0, unit="%", period="2020", status="actual"),
    ]
    df = pd.DataFrame([{**r, "category": "quantity", "role": "value", "measure": "level", "bound": "",
                        "paragraph_id": "P1"} for r in rows])
    c = compare.continuity(df)
    assert c["item"].tolist() == ["社区食堂"]
    assert (c.iloc[0]["figure_2020"], c.iloc[0]["figure_2021"], c.iloc[0]["ratio"]) == ("F1", "F2", 0.25)


def test_headline_table(figs):
    h = compare.headline_table(figs).set_index("indicator_id")
    assert h.loc["gdp", "level"] == pytest.approx(3.0178e11) and h.loc["gdp", "growth"] == 3.0
    assert h.loc["budget_revenue", "level_as_written"] == "252.4亿元"
    assert h.loc["urban_income", "growth"] == 2.8 and h.loc["rural_income", "growth"] == 5.3
    assert math.isnan(h.loc["registered_unemployment", "growth"]) and h.loc["registered_unemployment", "level"] == 2.39


def test_compare_national(tgts):
    n = compare.compare_national(tgts, compare.load_national())
    gdp = n[n.concept == "gdp"].iloc[0]
    assert gdp["same_indicator"] and gdp["national_target"] == "≥ 6%" and gdp["weihai_target"] == "≥ 6%"
    un = n[n.concept == "unemployment rate"].iloc[0]
    assert (un["national_id"], un["weihai_id"], bool(un["same_indicator"])) == (
        "surveyed_unemployment", "registered_unemployment", False)
    assert (un["national_target"], un["weihai_target"]) == ("≈ 5.5%", "≤ 3%")
    jobs = n[n.concept == "new_urban_jobs"].iloc[0]
    assert jobs["weihai_target"] == "" and jobs["national_target"] == "≥ 1100万人"


def test_target_text():
    assert compare.target_text(6.0, "min", "%") == "≥ 6%"
    assert compare.target_text(4e11, "min", "元") == "≥ 4000亿元"
    assert compare.target_text(2e4, "min", "美元") == "≥ 2万美元"
    assert compare.target_text(None, "", "", "growth rate of X > 0") == "growth rate of X > 0"
    assert compare.target_text(4.0, "", "%") == "= 4%"


def test_section_label():
    assert compare.section_label("1.2") == "part 一 (二)"
    assert compare.section_label("4.10") == "part 四 (十)"
    assert compare.section_label("2") == "part 二" and compare.section_label("0") == "front matter"


def test_context_and_full_sentence(figs):
    from weihai_analysis import load_report

    text = load_report().text
    row = figs[(figs.mention == "100处") & (figs.period == "2021")].iloc[0]
    assert compare.context(text, row.start, row.end, 8) == "…新建农村老年餐桌100处、镇街养老服务中…"
    anchor = figs[(figs.indicator.str.contains("民生实事")) & (figs.period == "2020")].iloc[0]
    items = compare.full_sentence(figs, text, anchor.figure_id)
    # the list runs over several ；-separated parts: schools to pocket parks
    mention = figs.set_index("figure_id")["mention"]
    assert [mention[i] for i in items["figure_id"].tolist()[:3]] == ["20件", "19所", "20所"]
    assert mention[items["figure_id"].tolist()[-1]] == "131处"


def test_continuity_labels(figs):
    c = compare.continuity(figs).set_index("item")
    assert c.loc["vocational_training", "label"] == "职业技能培训"
    assert c.loc["vocational_training", "indicator_id"] == "vocational_training"
    assert c.loc["幼儿园", "label"] == "幼儿园" and c.loc["幼儿园", "indicator_id"] == ""


def test_rule_threshold():
    assert compare.rule_threshold("growth rate of 外贸进出口总额 > 0") == 0.0
    assert compare.rule_threshold("growth rate of 城镇居民人均可支配收入 >= growth rate of GDP", 7.5) == 7.5
    assert compare.rule_threshold("制造业增加值占比 stays close to last year's level") is None


def test_no_growth_rate_derived_for_a_rate(figs, outcomes):
    # 2.39% → 2.27% is a change of points, not a growth rate
    assert compare.derived_growth(figs, outcomes, "registered_unemployment") is None
    assert compare.derived_growth(figs, outcomes, "exports")["value"] == pytest.approx((1494 / 1166 - 1) * 100)
