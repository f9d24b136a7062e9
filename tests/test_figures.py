"""Figures: completeness, provenance, accuracy against hand labels, meaning rules, odd input."""

from __future__ import annotations

import csv
import math
import re

import pytest

from conftest import EDGE_FIXTURES, FIXTURES, expected, fixture_path
from weihai_analysis import load_report, parse
from weihai_analysis.extract import structure_of
from weihai_analysis.figures import figures_from_structure, find_mentions, indicator_id_for, targets_from

LABELLED = {
    "seed": (None, FIXTURES / "seed_figures_labels.csv"),
    "state_council_style": (fixture_path("state_council_style"), FIXTURES / "state_council_style.labels.csv"),
    "city_gb18030_crlf": (fixture_path("city_gb18030_crlf"), FIXTURES / "city_gb18030_crlf.labels.csv"),
    # labelled by a second person after the extractor was written, from texts it had never seen
    "province_2022": (fixture_path("holdout/province_2022"), FIXTURES / "holdout" / "province_2022.labels.csv"),
    "county_2021_crlf": (fixture_path("holdout/county_2021_crlf"), FIXTURES / "holdout" / "county_2021_crlf.labels.csv"),
    "national_2022": (fixture_path("holdout2/national_2022"), FIXTURES / "holdout2" / "national_2022.labels.csv"),
    "district_2023_gbk": (fixture_path("holdout2/district_2023_gbk"), FIXTURES / "holdout2" / "district_2023_gbk.labels.csv"),
    # State Council reports of eras labelled less, labelled by a fourth person before running the extractor
    "national_1986": (fixture_path("holdout3/national_1986"), FIXTURES / "holdout3" / "national_1986.labels.csv"),
    "national_2005": (fixture_path("holdout3/national_2005"), FIXTURES / "holdout3" / "national_2005.labels.csv"),
}
THRESHOLDS = {"value": 0.98, "unit": 0.98, "category": 0.95, "measure": 0.95, "period": 0.95, "status": 0.95,
              "role": 0.95, "bound": 0.95}
# Reports whose labels the extractor does not yet reach on every column: a floor per column slightly below
# what it measures, so that a regression fails (tests/fixtures/holdout3/README.md lists what it still misses).
REPORT_FLOORS = {
    "national_1986": {"value": 0.93, "unit": 0.93, "category": 0.93, "measure": 0.92, "period": 0.78, "status": 0.92,
                      "role": 0.91, "bound": 0.96},
    "national_2005": {"value": 0.94, "unit": 0.97, "category": 0.99, "measure": 0.98, "period": 0.99, "status": 0.99,
                      "role": 0.99, "bound": 0.99},
}
INDICATOR_ID_FLOORS = {"national_1986": 0.70}
DIGIT_RUN = re.compile(r"[0-9０-９]+")


def _figs(path):
    """The report and its figures as ``weihai-analysis extract`` reads them (the year from the file's name
    where the header does not say)."""
    report = load_report(path)
    return report, figures_from_structure(structure_of(report))


@pytest.fixture(scope="module")
def seed_figs():
    return _figs(None)


@pytest.mark.parametrize("name", list(LABELLED) + EDGE_FIXTURES + ["utf8_bom", "utf16_bom"])
def test_every_digit_run_in_exactly_one_row_and_provenance(name):
    path = LABELLED[name][0] if name in LABELLED else fixture_path(name)
    report, figs = _figs(path)
    text = report.text
    for f in figs:
        assert text[f.start:f.end] == f.mention
    for m in DIGIT_RUN.finditer(text):
        owners = [f for f in figs if f.start <= m.start() and m.end() <= f.end]
        assert len(owners) == 1, (m.group(), text[m.start() - 10:m.end() + 10])
    ids = [f.figure_id for f in figs]
    assert ids == [f"F{i:04d}" for i in range(1, len(figs) + 1)]
    assert [f.start for f in figs] == sorted(f.start for f in figs)


def _agreement(name):
    path, labels = LABELLED[name]
    _, figs = _figs(path)
    by_span = {(f.start, f.end): f for f in figs}
    rows = list(csv.DictReader(labels.open(encoding="utf-8")))
    agree = {c: 0 for c in THRESHOLDS}
    for row in rows:
        f = by_span.get((int(row["start"]), int(row["end"])))
        for col in THRESHOLDS:
            if f is None:
                continue
            got, want = getattr(f, col), row[col]
            if col == "value":
                ok = (got is None and want == "") or (got is not None and want != "" and math.isclose(got, float(want), rel_tol=1e-9))
            else:
                ok = (got or "") == want
            agree[col] += ok
    return {c: agree[c] / len(rows) for c in THRESHOLDS}, len(rows)


@pytest.mark.parametrize("name", list(LABELLED))
def test_agreement_with_hand_labels(name):
    scores, n = _agreement(name)
    print(f"\n{name}: {n} labelled mentions; " + ", ".join(f"{c} {v:.3f}" for c, v in scores.items()))
    if name == "seed":
        assert n >= 80
    for col, floor in REPORT_FLOORS.get(name, THRESHOLDS).items():
        assert scores[col] >= floor, (col, scores[col])


def test_seed_labels_cover_all_parts():
    rows = list(csv.DictReader(LABELLED["seed"][1].open(encoding="utf-8")))
    st = parse(load_report().text)
    parts = {st.part_of(next(p.section_id for p in st.paragraphs if p.start <= int(r["start"]) < p.end)).section_id
             for r in rows}
    assert {"1", "2", "3", "4", "5"} <= parts


def _get(figs, mention, nth=0):
    return [f for f in figs if f.mention == mention][nth]


def test_headline_figures(seed_figs):
    _, figs = seed_figs
    gdp = _get(figs, "3017.8亿元")
    assert (gdp.value, gdp.unit, gdp.unit_as_written, gdp.indicator_id, gdp.measure, gdp.period, gdp.status) == (
        301780000000, "元", "亿元", "gdp", "level", "2020", "actual")
    g = _get(figs, "3%")
    assert (g.value, g.indicator_id, g.measure) == (3, "gdp", "growth_rate")
    assert _get(figs, "2.8万家").value == 28000
    exports = _get(figs, "1166亿元")
    assert exports.indicator == "出口" and exports.indicator_id == "exports"
    assert _get(figs, "2小时6分钟").value == 126 and _get(figs, "2小时6分钟").unit == "分钟"


def test_distributive_lists(seed_figs):
    _, figs = seed_figs
    urban, rural = _get(figs, "2.8%"), _get(figs, "5.3%")
    assert (urban.indicator, urban.value, urban.measure) == ("城镇居民人均可支配收入", 2.8, "growth_rate")
    assert (rural.indicator, rural.value, rural.measure) == ("农村居民人均可支配收入", 5.3, "growth_rate")
    assert _get(figs, "6.8%").indicator_id == "urban_income" and _get(figs, "7.4%").indicator_id == "rural_income"


def test_baseline_and_value(seed_figs):
    _, figs = seed_figs
    base, value = _get(figs, "502家"), _get(figs, "737家")
    assert (base.role, base.period, value.role, value.period) == ("baseline", "2019", "value", "2020")
    assert base.indicator_id == value.indicator_id == "high_tech_enterprises"
    share = _get(figs, "49.5%")
    assert share.measure == "level" and share.role == "baseline"


def test_signs_bounds_and_periods(seed_figs):
    _, figs = seed_figs
    cut = _get(figs, "10%", -1)
    assert cut.value == -10 and cut.measure == "growth_rate" and cut.period == "2021" and cut.status == "target"
    assert _get(figs, "6%").bound == "min" and _get(figs, "6%").status == "target"
    assert _get(figs, "75%").bound == "approx" and _get(figs, "75%").period == "2021-2025"
    assert _get(figs, "4000亿元").bound == "min"
    assert _get(figs, "35蒸吨").bound == "max"
    assert {f.category for f in figs if f.mention in ("K1068", "5G", "12345", "4·24", "光汇616", "1+4+N")} == {"identifier"}
    assert _get(figs, "第8位").category == "rank" and _get(figs, "20强").category == "rank"
    assert _get(figs, "2018年6月").category == "date"
    assert _get(figs, "二〇三五年").category == "year" and _get(figs, "二〇三五年").numeral == "hanzi"
    assert _get(figs, "两座").value == 2 and _get(figs, "十条").value == 10


def test_synthetic_grammar():
    text = ("政府工作报告\n一、2021年重点工作\n企业1,286家，增长5%-8%，新增3至5个，完成百分之八十，"
            "规模达到２０２１项，耗时2小时6分钟，近1亿人，20余个，物价涨幅均控制在3%以内。\n")
    figs = figures_from_structure(parse(text))
    by = {f.mention: f for f in figs}
    assert by["1,286家"].value == 1286
    assert (by["5%-8%"].value, by["5%-8%"].value_high, by["5%-8%"].measure) == (5, 8, "growth_rate")
    assert (by["3至5个"].value, by["3至5个"].value_high) == (3, 5)
    assert by["百分之八十"].value == 80 and by["百分之八十"].unit == "%"
    assert by["２０２１项"].value == 2021
    assert by["1亿人"].bound == "approx" and by["1亿人"].value == 1e8
    assert by["20余个"].bound == "min"


def test_full_width_digits_keep_the_report_characters():
    # With and without a zero-width space elsewhere: mention is the report's own characters either way.
    for text in ("投资３００亿元，增长１２％，新增50家", "投资３００亿元，\u200b增长１２％，新增50家"):
        figs = find_mentions(text)
        assert [f.mention for f in figs] == ["３００亿元", "１２％", "50家"]
        assert all(text[f.start:f.end] == f.mention for f in figs)
        assert [(f.value, f.unit) for f in figs] == [(3e10, "元"), (12, "%"), (50, "家")]


def test_full_width_digits_in_an_indicator_are_written_narrow():
    """The mention keeps the report's characters; the indicator, a name, is written with narrow digits."""
    from weihai_analysis.figures import figures

    figs = figures(text="去年，１２３４５政务服务热线受理群众诉求１５．２万件。\n")
    row = figs[figs.mention == "１５．２万件"].iloc[0]
    assert row.indicator == "12345政务服务热线受理群众诉求" and row.value == 152000


def test_chinese_numerals_in_slogans_and_names_are_not_counts():
    # A numeral repeated in a parallel phrase is a slogan; 铁人三项 is a sport; real counts stay.
    text = ("充分利用国内国际两个市场两种资源，实行两条线两手抓、做到两不误，举办铁人三项世界杯赛，"
            "新建两座医用防护服工厂，新建三所学校、两家医院，三十个村十个社区。")
    assert [f.mention for f in find_mentions(text) if f.numeral == "hanzi"] == ["两座", "三所", "两家", "三十个", "十个"]


def test_ranks_in_chinese_numerals():
    text = "社会评价得分全省第一；群众满意度重返全省第一，位居全国第三位。第一时间建成，推进第三次分配。"
    assert [(f.mention, f.category, f.numeral) for f in find_mentions(text)] == [
        ("第一", "rank", "hanzi"), ("第一", "rank", "hanzi"), ("第三位", "rank", "hanzi")]


def test_month_spans_are_dates_not_ranges():
    figs = find_mentions("1—11月，全市生产总值增长5%；1-3月出口增长")
    assert [(f.mention, f.category) for f in figs] == [("1—11月", "date"), ("5%", "quantity"), ("1-3月", "date")]


def test_unknown_unit_still_gives_a_row():
    figs = figures_from_structure(parse("一、2020年工作\n全市283万威海人民团结一心。\n"))
    f = [f for f in figs if f.mention.startswith("283")][0]
    assert f.value == 2830000 and f.note


@pytest.mark.parametrize("stem", EDGE_FIXTURES)
def test_odd_inputs_do_not_crash(stem):
    exp = expected(stem)
    report = load_report(fixture_path(stem))
    figs = figures_from_structure(parse(report.text))
    if "mentions" in exp:
        assert [f.mention for f in figs] == exp["mentions"]
    if "last_mention" in exp:
        last = figs[-1]
        assert (last.start, last.end, last.mention) == (exp["last_mention"]["start"], exp["last_mention"]["end"], exp["last_mention"]["mention"])


def test_number_at_very_start_and_end():
    for text, first, last in (("2021年", "2021年", "2021年"), ("增长5%", "5%", "5%"), ("5", "5", "5"),
                              ("3%生产总值增长3%", "3%", "3%")):
        figs = find_mentions(text)
        assert figs[0].mention == first and figs[-1].mention == last
        assert figs[-1].end == len(text)
    assert find_mentions("3%生产总值")[0].start == 0


def test_indicator_aliases():
    assert indicator_id_for("生产总值") == indicator_id_for("地区生产总值") == indicator_id_for("GDP") == "gdp"
    assert indicator_id_for("全市生产总值") == "gdp"
    assert indicator_id_for("居民消费价格指数涨幅") == "cpi"
    assert indicator_id_for("出口企业") == ""


def test_targets_table(seed_figs):
    """The headline rows of the ledger: values, bounds, 均 expansion, relational rows and judged_as."""
    import pandas as pd

    from weihai_analysis.ledger import TARGET_COLUMNS

    report, figs = seed_figs
    t = pd.DataFrame(targets_from(parse(report.text), figs), columns=TARGET_COLUMNS)
    head = t[t.kind == "headline"].set_index("indicator_id")
    assert head.loc["gdp", ["value", "unit", "bound", "judged_as"]].tolist() == [6.0, "%", "min", "floor"]
    # 均 expands to two rows, both max 3, from the same figure, judged as ceilings
    unemp, cpi = head.loc["registered_unemployment"], head.loc["cpi"]
    assert unemp[["value", "bound", "judged_as"]].tolist() == [3.0, "max", "ceiling"]
    assert cpi[["value", "bound", "measure", "judged_as"]].tolist() == [3.0, "max", "growth_rate", "ceiling"]
    assert cpi.figure_id == unemp.figure_id and cpi.wording == "控制在…以内"
    # qualitative and relational commitments carry a rule, a clause span and no value
    trade = head.loc["total_trade"]
    assert pd.isna(trade.value) and "> 0" in trade.rule and trade.judged_as == "qualitative"
    assert report.text[trade.start:trade.end] == "外贸进出口稳定增长"
    for ind in ("urban_income", "rural_income"):
        rel = head.loc[ind]
        assert pd.isna(rel.value) and "growth rate of GDP" in rel.rule and rel.judged_as == "floor"
    gdp_2025 = t[(t.indicator_id == "gdp") & (t.period == "2021-2025")].iloc[0]
    assert gdp_2025.value == 4e11 and gdp_2025.kind == "other" and gdp_2025.firmness == "aspirational"
    assert t.target_id.tolist() == [f"T{i:03d}" for i in range(1, len(t) + 1)]
    assert t.firmness.isin(["binding", "aspirational", "action"]).all()
    assert t.judged_as.isin(["floor", "ceiling", "band", "exact", "qualitative"]).all()


@pytest.mark.parametrize("name", list(LABELLED))
def test_indicator_ids_agree_with_hand_labels(name):
    """The labelled indicator phrase and ours resolve to the same tracked indicator."""
    path, labels = LABELLED[name]
    _, figs = _figs(path)
    by_span = {(f.start, f.end): f for f in figs}
    rows = [r for r in csv.DictReader(labels.open(encoding="utf-8")) if r["category"] == "quantity"]
    hits = sum(indicator_id_for(r["indicator"]) == by_span[(int(r["start"]), int(r["end"]))].indicator_id
               for r in rows if (int(r["start"]), int(r["end"])) in by_span)
    print(f"\n{name}: indicator_id agreement {hits}/{len(rows)}")
    assert hits / len(rows) >= INDICATOR_ID_FLOORS.get(name, 0.95)


def _pieces(indicator: str, sentence: str) -> int:
    """How many pieces of the sentence the indicator is made of (greedy, longest first; 99 if not)."""
    ind, sent = indicator.translate(_NO_QUOTES), sentence.translate(_NO_QUOTES).translate(_NARROW)
    n = 0
    while ind:
        k = next((k for k in range(len(ind), 0, -1) if ind[:k] in sent), 0)
        if not k:
            return 99
        ind, n = ind[k:], n + 1
    return n


_NO_QUOTES = str.maketrans("", "", "“”\"")
_NARROW = str.maketrans("０１２３４５６７８９％．○", "0123456789%.〇")  # indicators are written with narrow digits and 〇


@pytest.mark.parametrize("name", list(LABELLED))
def test_indicators_follow_the_rule(name):
    """docs/data-dictionary.md, indicator: words of the number's sentence (one piece, or two where a 分别
    list shares a head or an elliptic 人均 takes the indicator before it), with a noun, and no function
    word (的, 和, 比, 将 …) at either end."""
    from weihai_analysis.figures.phrases import edge_function_word, has_noun

    _, figs = _figs(LABELLED[name][0])
    quantities = [f for f in figs if f.category == "quantity" and f.indicator]
    assert len(quantities) > 40
    for f in quantities:
        assert _pieces(f.indicator, f.sentence) <= 2, (f.mention, f.indicator)
        assert has_noun(f.indicator), (f.mention, f.indicator)
        assert not edge_function_word(f.indicator) or f.indicator_id, (f.mention, f.indicator)


def test_indicators_acceptable_on_labels_never_tuned_on():
    """Held-out national labels (1995, 2008, 2023 State Council reports, labelled for this check, never
    tuned on): the share of acceptable indicators (contains, is contained by, or shares most characters
    with the labeller's phrase). Measured 0.88 (114/130) when the rule was written, 0.90 (117/130) with the
    corpus-panel rules (subjects from the clause before, sentence topics); old reports write percentages in
    Chinese numerals, which the figures stage reads but whose clauses are harder."""
    from indicator_agreement import acceptable

    rows = list(csv.DictReader((FIXTURES / "national_indicator_labels.csv").open(encoding="utf-8")))
    ok = 0
    for report in sorted({r["report"] for r in rows}):
        rep = load_report(FIXTURES / "national" / f"{report}.txt")
        figs = figures_from_structure(parse(rep.text))
        for r in (r for r in rows if r["report"] == report):
            f = next((f for f in figs if f.start <= int(r["start"]) < f.end), None)
            ok += f is not None and acceptable(f.indicator, r["indicator"])
    assert ok / len(rows) >= 0.89, ok / len(rows)


def test_kinds_of_number(seed_figs):
    """Contract v2 roles, status and aggregation on the seed: thresholds, names, present situation,
    cumulative and average figures, implied units."""
    report, figs = seed_figs
    by = {f.mention: f for f in figs}
    assert (by["35蒸吨"].role, by["500万元"].role, by["5万元"].role) == ("threshold",) * 3
    assert by["15项"].role == "name" and _get(figs, "三年", 2).role == "name" and _get(figs, "七大", 2).role == "name"
    assert (by["5所"].status, by["17所"].status) == ("actual", "actual")
    assert (by["19万人"].aggregation, by["19万人"].period) == ("cumulative", "2016-2020")
    assert by["6.8%"].aggregation == "annual_average" and by["248.7亿元"].aggregation == "year_end"
    assert (by["283万"].unit, by["283万"].indicator, by["283万"].note) == ("人", "威海人民", "unit implied by the noun")
    assert by["1050个"].indicator == "公共停车位" and by["1637辆"].indicator.endswith("柴油货车")
    text = "一、2019年工作回顾\n预计全市生产总值增长4%左右，初步统计一般公共预算收入增长2%。\n"
    est = {f.mention: f for f in figures_from_structure(parse("2020年政府工作报告\n" + text))}
    assert est["4%"].status == est["2%"].status == "estimate"


def test_a_from_clause_before_its_new_value_holds_baselines():
    """由X…，转为Y: the new value is in the next clause; X (and values listed with it) are baselines, a
    duration (前三年) is not."""
    text = ("政府工作报告\n一、2006年工作回顾\n2006 年，单位国内生产总值能耗由前三年分别上升4.9％、5.5％、0.2％，"
            "转为下降1.2%。\n")
    by = {f.mention: f for f in figures_from_structure(parse(text))}
    assert [by[m].role for m in ("4.9％", "5.5％", "0.2％", "1.2%")] == ["baseline"] * 3 + ["value"]
    assert by["1.2%"].value == -1.2 and by["三年"].role == "value"
    text = "政府工作报告\n一、1979年工作回顾\n积累率由1978年的36.5％，降为33.6％。\n"
    by = {f.mention: f for f in figures_from_structure(parse(text))}
    assert (by["36.5％"].role, by["36.5％"].period, by["33.6％"].role) == ("baseline", "1978", "value")


def test_exact_scaling_explicit_years_and_comparisons():
    text = ("政府工作报告\n——2022年1月18日在某某省人民代表大会上\n一、过去五年工作回顾\n"
            "地区生产总值由2016年的2.36万亿元增加到3.21万亿元，年均增长6.4%。市场主体比2016年末增长81%。"
            "全县完成地区生产总值286.4亿元。\n二、今后五年的目标任务\n到2026年，高速铁路运营里程达到3000公里以上。\n")
    st = parse(text)
    by = {f.mention: f for f in figures_from_structure(st)}
    assert (by["2.36万亿元"].role, by["2.36万亿元"].period) == ("baseline", "2016")
    assert by["3.21万亿元"].period == "2017-2021" and by["6.4%"].period == "2017-2021"
    assert by["81%"].period == "2017-2021" and "比" not in by["81%"].indicator
    assert by["286.4亿元"].value == 28640000000
    assert by["3000公里"].period == "2022-2026" and by["3000公里"].indicator == "高速铁路运营里程"


# ---------------------------------------------------------------------------------------------
# Speed-ups that must not change a reading
# ---------------------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hst  # noqa: E402

from weihai_analysis.figures import mentions, meaning, numbers, phrases, pipeline, vocab  # noqa: E402

_TAIL_ALPHABET = "增长到至以上下均和、人平年速幅率比重控制在超过近\n 1"


@settings(max_examples=300, deadline=None)
@given(hst.text(alphabet=_TAIL_ALPHABET, max_size=12))
def test_tail_patterns_answer_as_the_plain_pattern_does(text):
    """The last-character shortcut of _Tail gives exactly the regular expression's answer."""
    res = vocab._vocab_res()
    for tail in (res["end"], res["head_end"], res["change_end"], res["adverbs_end"], vocab._TO_END,
                 vocab._GROWTH_NOUN_END, vocab._RATE_NOUN_END):
        m1, m2 = tail.search(text), tail.pattern.search(text)
        assert (m1 and m1.span()) == (m2 and m2.span())
        assert tail.strip(text) == tail.pattern.sub("", text, count=1)


def test_plain_quantity_shortcut_matches_the_main_pattern():
    """Digit runs the loop sends straight to the quantity pattern get the main pattern's match and branch."""
    pats = numbers._patterns()
    not_plain = mentions._not_plain_followers()
    text = load_report().text + ("3个5G 12%至15% 10:30 1-3月 20强 第8位 12345热线 3小时 1,200万元 2.5倍 7天 3.6% "
                                 "12% 至15% 2.5%-3% 1.5小时 2021.5 12%—15% 3.5G 99.9%以上 1.2.3 2020年 1999-2000年 "
                                 "8%。 6.5%\n 4.5 %")
    n = 0
    for run in pats["digits"].finditer(text):
        start, e = run.span()
        if not mentions._only_quantity_at(text, start, e, not_plain):  # the test find_mentions uses
            continue
        m, q = pats["main"].match(text, start), pats["quantity"].match(text, start)
        assert m.lastgroup == "quantity" and m.span() == q.span(), text[start:e + 3]
        n += 1
    assert n > 250
    # and the cases that must take the general path are refused
    for text, start, e in (("12% 至15%", 0, 2), ("2020年", 0, 4), ("12345热线", 0, 5), ("K1068", 1, 5),
                           ("第8位", 1, 2), ("3.5G", 0, 1), ("10:30", 0, 2), ("2.5%-3%", 0, 1)):
        assert not mentions._only_quantity_at(text, start, e, not_plain), text


def test_clear_text_caches_empties_every_text_cache():
    """Benchmarks rely on it: every memo keyed on text (not a vocabulary, maxsize 1 or unbounded) is cleared."""
    pipeline.figures_from_structure(parse(load_report().text))
    text_caches = {name for mod in (mentions, meaning, numbers, phrases, pipeline, vocab) for name in dir(mod)
                   if hasattr(getattr(mod, name), "cache_info")
                   and getattr(mod, name).cache_info().maxsize not in (1, None)}
    assert text_caches == {c.__name__ for c in pipeline._TEXT_CACHES}
    assert all(c.cache_info().currsize > 0 for c in pipeline._TEXT_CACHES if c.__name__ != "hanzi_value")
    pipeline.clear_text_caches()
    assert all(c.cache_info().currsize == 0 for c in pipeline._TEXT_CACHES)


def test_chinese_numeral_percentage_ranges():
    """百分之八至九 (the 1995 State Council report) is one range mention, like 8%-9%."""
    from weihai_analysis.figures import find_mentions

    (f,) = [m for m in find_mentions("经济增长速度的宏观调控目标，定为百分之八至九。") if m.numeral == "hanzi"]
    assert (f.mention, f.value, f.value_high, f.unit, f.note) == ("百分之八至九", 8, 9, "%", "range 8-9")
    (g,) = find_mentions("增长百分之八到百分之九")
    assert (g.value, g.value_high) == (8, 9)


@pytest.mark.parametrize("phrase, items", [
    ("城镇和农村居民人均可支配收入", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    ("碳中和碳达峰行动方案", ["碳中和碳达峰行动方案"]),  # 和 inside 碳中和 is no conjunction (not 碳中峰行动方案)
    ("社会和谐", ["社会和谐"]),  # nor inside 和谐
    ("原苏联各共和国", ["原苏联各共和国"]),
    ("进出口和实际利用外资", ["进出口", "实际利用外资"]),  # not 进出口用外资: 实际利 is no word
    ("复合肥料以及磷肥", ["复合肥料", "磷肥"]),
    ("把小学、初中学生人均公用经费", ["小学学生人均公用经费", "初中学生人均公用经费"]),
    ("单位国内生产总值能耗和二氧化碳排放", ["单位国内生产总值能耗", "二氧化碳排放"]),
])
def test_a_list_is_cut_at_its_conjunctions_only(phrase, items):
    from weihai_analysis.figures.lists import _split_list

    assert _split_list(phrase) == items


def test_the_seed_ledger_has_one_commitment_for_the_carbon_plan():
    """制定碳中和碳达峰行动方案 is one commitment (as hand-coded in seed_ledger_labels.csv), not the two
    halves 碳中峰行动方案 and 碳达峰行动方案 the old list rule made."""
    from weihai_analysis.ledger import targets

    ledger = targets()
    carbon = ledger[ledger["indicator"].str.contains("碳达峰|碳中")]
    assert carbon["indicator"].tolist() == ["碳中和碳达峰行动方案"]


@pytest.mark.parametrize("text, mention, category", [
    ("在五年内，全国经济将有很大发展，钢产量达到412万吨。", "五年", "other"),
    ("过去5年，经济年均增长7%。", "5年", "other"),
    ("今后5年，主要目标是增长6%左右。", "5年", "other"),
    ("近5年来新增就业1000万人。", "5年", "other"),
    ("用五年的时间赶上。", "五年", "other"),
    ("用三年左右时间基本化解农村义务教育历史债务。", "三年", "other"),  # a bound between the number and 时间
    ("两年平均每年增长百分之十一点九。", "两年", "other"),  # the period of the average
    ("粮食两年增长百分之四十六。", "两年", "other"),
    ("五年新增电力装机3.5亿千瓦。", "五年", "other"),
    ("在连续两年增长百分之十三的基础上，安排增长百分之九。", "两年", "quantity"),  # a streak
    ("二十世纪四十年代中期。", "四十年", "other"),
    ("提前两年完成了任务。", "两年", "quantity"),  # how early: 提前 is one word, not 前
    ("空气质量连续五年达到国家二级标准。", "五年", "quantity"),  # a streak is a count
])
def test_a_number_of_years_that_frames_the_sentence_is_no_quantity(text, mention, category):
    """data/reference/time_frame_words.csv: 五年内, 过去5年, 五年来 … name the period, so they are neither
    outcomes nor targets (category other, no value), with a note naming the word."""
    figs = {f.mention: f for f in figures_from_structure(parse(text))}
    f = figs[mention]
    assert f.category == category
    if category == "other":
        assert f.value is None and f.role == "" and f.status == "" and f.note.startswith("a time frame (")
    else:
        assert f.value is not None and f.role == "value"


def test_no_time_frame_of_the_first_five_year_plan_is_a_commitment():
    """The 1955 report says N年内 72 times (mostly 五年内, the First Five-Year Plan's period): none is a
    target; the plan's own targets stay."""
    from weihai_analysis.corpus import NATIONAL_CORPUS
    from weihai_analysis.ledger import TARGET_COLUMNS, targets_from

    st = parse(load_report(NATIONAL_CORPUS / "national_1955.txt").text, year=1955)
    figs = figures_from_structure(st)
    frames = [f for f in figs if st.text[f.end:f.end + 1] == "内" and f.mention.endswith("年")]
    assert len(frames) == 72 and all(f.category == "other" for f in frames)
    ledger = [dict(zip(TARGET_COLUMNS, row)) for row in targets_from(st, figs)]
    assert not [r for r in ledger if r["unit"] == "年" and st.text[r["end"]:r["end"] + 1] == "内"]
    assert sum(1 for r in ledger if r["value"] is not None) > 300  # the plan's own targets stay


@pytest.mark.parametrize("text, mention, role, status", [
    ("今年要加快发展。国家已设立400亿元新兴产业创业投资引导基金，要整合筹措更多资金。", "400亿元", "value", "actual"),
    ("今年要办好教育。我国有2.9亿在校学生，要坚持把教育办好。", "2.9亿", "value", "actual"),
    ("今年要对小微企业年应纳税所得额不到100万元的部分，再减半征收所得税。", "100万元", "threshold", "target"),
    ("今年要同心协力建设56个民族共同团结奋斗的美好家园。", "56个", "name", "target"),
])
def test_what_exists_brackets_and_fixed_names_in_a_plan_are_no_commitments(text, mention, role, status):
    """figure_cues.csv: 已设立 and 我国有 state the present situation; …的部分 is a bracket of a rule;
    56个民族 is a fixed name — none of them a number the report promises."""
    f = {f.mention: f for f in figures_from_structure(parse(text, year=2022))}[mention]
    assert (f.role, f.status) == (role, status)


def test_a_version_number_is_no_amount():
    """units.csv: 版 makes 3.0版 a version (category other), not a count the report promises."""
    figs = figures_from_structure(parse("今年要推进中国－东盟自贸区3.0版谈判，新建5G基站60万个。", year=2024))
    by = {f.mention: f for f in figs}
    assert by["3.0版"].category == "other" and by["3.0版"].value is None
    assert by["60万个"].category == "quantity" and by["60万个"].status == "target"


def test_dual_structure_is_a_word_not_two_yuan():
    """hanzi_numeral_context.csv: 二元 before 结构 is the word 'dual' (城乡二元结构); 二元 as money stays."""
    assert figures_from_structure(parse("城镇化是破除城乡二元结构的重要依托。", year=2014)) == []
    money = figures_from_structure(parse("每斤提高二元，今年要补助三元。", year=2014))
    assert [(f.mention, f.value, f.unit) for f in money] == [("二元", 2.0, "元"), ("三元", 3.0, "元")]


def test_the_numbers_of_a_list_in_brackets_are_no_commitments():
    """（1）…（2）…: the items of a list, numbered in the text (the 2008 report's three principles of housing
    policy); a bracketed number with a unit stays a quantity."""
    text = "今年要做好三件事：（1）坚持发展保障性住房。（2）坚持正确发挥政府和市场的作用。新建住房（300万套）。"
    by = {f.mention: f for f in figures_from_structure(parse(text, year=2008))}
    assert by["1"].category == by["2"].category == "other" and by["2"].note.startswith("an enumerator")
    assert by["300万套"].category == "quantity" and by["300万套"].value == 3_000_000


def test_the_figures_after_a_time_frame_lose_its_word_and_a_named_decade_is_a_name():
    """五年内增加的年产能力: the 内 belongs to the time frame, not to the indicator of the number after it;
    十年内乱 names a period (role name), though 内 follows the number."""
    text = "在五年内增加的年产能力为二百八十万吨。由于十年内乱，我们的经济遭受了损失。"
    by = {f.mention: f for f in figures_from_structure(parse(text, year=1955))}
    assert by["五年"].category == "other" and by["二百八十万吨"].indicator == "增加的年产能力"
    assert by["十年"].category == "quantity" and by["十年"].role == "name"


@pytest.mark.parametrize("module, words, row", [
    ("timeframes", "time_frame_words", {"word": "内", "position": "afterwards"}),
    ("listcounts", "list_count_words", {"word": "、", "position": "between"}),
])
def test_a_damaged_word_file_gets_one_sentence(monkeypatch, module, words, row):
    """time_frame_words.csv, list_count_words.csv: a row without a known position is named by its line."""
    import importlib

    from weihai_analysis.errors import ReportError

    stage = importlib.import_module(f"weihai_analysis.figures.{module}")
    monkeypatch.setattr(stage, "read_table", lambda name: (row,))
    getattr(stage, words).cache_clear()
    try:
        with pytest.raises(ReportError, match=f"{words}.csv line 2 needs a word and a position"):
            getattr(stage, words)()
    finally:
        getattr(stage, words).cache_clear()


def test_extract_takes_the_year_from_the_file_name_where_the_header_does_not_say():
    """The State Council texts start at 各位代表, with no date: ``extract`` reads the year from the file's name
    (or a manifest.csv beside it), as corpus mode does, so part one of the 2005 report is 2004, actual, and
    the main targets 2005 (before, every period and status of the report was empty)."""
    report, figs = _figs(fixture_path("holdout3/national_2005"))
    assert structure_of(report).report_year == 2005
    gdp = _get(figs, "13.65万亿元")
    assert (gdp.period, gdp.status, gdp.indicator_id) == ("2004", "actual", "gdp")
    jobs = _get(figs, "900万人")
    assert (jobs.period, jobs.status, jobs.indicator_id) == ("2005", "target", "new_urban_jobs")
    assert parse(report.text).report_year is None  # the text alone does not say


def test_a_white_circle_is_the_zero_of_hanzi_numerals():
    """一九八○年 (○ U+25CB for 〇, as the 1950s-1980s reports type it) is a year and sets its clause's period;
    二百○八所 is 208 (before: no year, and 八所 = 8)."""
    text = "一、“六五”计划执行情况的回顾\n高等学校在校学生由一九八○年的一百一十四万人增加到一九八五年的一百七十万人。我国将共有高等学校二百○八所。\n"
    figs = figures_from_structure(parse(text, year=1986))
    by = {f.mention: f for f in figs}
    assert [f.mention for f in figs if f.category == "year"] == ["一九八○年", "一九八五年"]
    assert (by["一百一十四万人"].period, by["一百一十四万人"].role) == ("1980", "baseline")
    assert by["二百○八所"].value == 208


def test_a_five_year_plan_named_in_a_heading_or_sentence_gives_its_years():
    """“六五”计划执行情况的回顾 (a part of the 1986 report) is 1981-1985, actual; “七五”时期的基本任务 1986-1990,
    target; in a sentence, “五五”时期 is 1976-1980, but not in a comparison (比“六五”期间增长); a heading such
    as 第二个五年计划的第二年——一九五九年 keeps its year."""
    from weihai_analysis.structure import plan_years, section_period

    assert section_period("“六五”计划执行情况的回顾", 1986) == ("1981-1985", "actual")
    assert section_period("“七五”时期的基本任务和主要建设方针", 1986) == ("1986-1990", "target")
    assert section_period("我们在第二个五年计划的第二年——一九五九年经济战线上的任务", 1959) == ("1959", "target")
    assert plan_years("“十四五”规划") == (2021, 2025) and plan_years("“十五”计划") == (2001, 2005)
    text = ("一、“六五”计划执行情况的回顾\n农业总产值“五五”时期平均每年增长百分之五点一。\n"
            "二、“七五”时期的基本任务\n投资总额为八千九百六十亿元，比“六五”期间增长近百分之七十。\n")
    by = {f.mention: f for f in figures_from_structure(parse(text, year=1986))}
    assert (by["百分之五点一"].period, by["百分之五点一"].status) == ("1976-1980", "actual")
    assert (by["百分之七十"].period, by["百分之七十"].status) == ("1986-1990", "target")
    assert (by["八千九百六十亿元"].period, by["八千九百六十亿元"].status) == ("1986-1990", "target")


def test_hanzi_years_before_a_number_set_its_period():
    """一九八四年增加二百五十五亿元, 积累率在一九七八年高达百分之三十六点五: the year in the number's clause, as
    for Arabic years (period_cues.csv)."""
    text = ("一、“六五”计划执行情况的回顾\n一九八三年国内财政收入增加一百二十七亿元，一九八四年增加二百五十五亿元。"
            "积累率在一九七八年高达百分之三十六点五。\n")
    by = {f.mention: f for f in figures_from_structure(parse(text, year=1986))}
    assert [by[m].period for m in ("一百二十七亿元", "二百五十五亿元", "百分之三十六点五")] == ["1983", "1984", "1978"]


@pytest.mark.parametrize("text, mention, role", [
    ("中央政府将继续全力支持香港、澳门两个特别行政区政府依法施政。", "两个", "name"),
    ("必须从控制需求和增加供给两个方面继续进行努力。", "两个", "name"),
    ("这里，着重对经济增长和物价总水平两个指标作些说明。", "两个", "name"),
    ("继续把好土地、信贷两个闸门。", "两个", "name"),
    ("规定对戏曲、话剧、歌剧、舞蹈、音乐、曲艺、杂技等７个项目免税。", "７个", "name"),
    ("计划建成南湾、薄山、佛子岭、梅山等四个大型水库。", "四个", "value"),  # to build: a count to deliver
    ("文登区西洋参小镇、临港区麓源果乡2个片区入选省级样板示范。", "2个", "value"),  # chosen: a result
    ("党中央、国务院两次召开全国再就业工作会议。", "两次", "value"),  # how often, not a list's length
    ("我国同西欧各国和加拿大、澳大利亚、新西兰等许多发达国家也在和平共处五项原则的基础上保持着良好的关系。",
     "五项", "value"),  # five "items" by chance: the last runs over a whole clause
    ("要新建学校两个，改造医院三个。", "两个", "value"),  # no list before it
])
def test_a_count_that_restates_its_list_names_the_set(text, mention, role):
    """list_count_words.csv: a count right after a list of as many items names the set (role name, with a
    note: never a target); unless a word of delivery stands in the clause, or the "list" is a coincidence."""
    f = {f.mention: f for f in figures_from_structure(parse(text, year=2008))}[mention]
    assert f.role == role
    assert f.note.startswith("counts the ") == (role == "name")


def test_the_ledger_has_no_count_that_restates_its_list():
    """The 2002 report promises to support the two SARs, not a number of them: no quantified commitment."""
    from weihai_analysis.corpus import NATIONAL_CORPUS
    from weihai_analysis.ledger import TARGET_COLUMNS, targets_from

    st = parse(load_report(NATIONAL_CORPUS / "national_2002.txt").text, year=2002)
    figs = figures_from_structure(st)
    sar = [f for f in figs if f.mention == "两个" and st.text[f.start - 5:f.end + 4] == "香港、澳门两个特别行政"]
    assert len(sar) == 1 and sar[0].role == "name"
    ledger = [dict(zip(TARGET_COLUMNS, row)) for row in targets_from(st, figs)]
    assert not [r for r in ledger if r["start"] in {f.start for f in sar}]


def test_an_approximate_count_takes_the_noun_after_its_bound():
    """1亿左右农业转移人口: 左右 is the bound (approx), not the start of the counted noun."""
    f = figures_from_structure(parse("要实现1亿左右农业转移人口在城镇落户。", year=2016))[0]
    assert (f.mention, f.bound) == ("1亿", "approx") and not f.indicator.startswith("左右")


@pytest.mark.parametrize("text, mention, value, unit", [
    ("建成投产项目二十多万个。", "二十多万个", 200_000, "个"),  # 多 before the multiplier, as in 1700多万人次
    ("城镇住宅竣工面积达六亿三千多万平方米。", "六亿三千多万平方米", 630_000_000, "平方米"),
    ("新增发电装机容量一千九百五十万千瓦。", "一千九百五十万千瓦", 19_500_000, "千瓦"),  # 万千瓦, not 万千 + 瓦
    ("发电量由三千亿度增加到四千零七十三亿度。", "三千亿度", 300_000_000_000, "度"),  # a large numeral before 度
    ("两项资金合计比上年增加了一倍。", "一倍", 1, "倍"),  # 一 before 倍 is the number one
    ("国民生产总值比一九八〇年增长一点六倍。", "一点六倍", 1.6, "倍"),
    ("出口比“五五”时期翻了一番。", "一番", 1, "番"),
    ("一九七九和一九八〇两年合计近三百亿元。", "三百亿元", 30_000_000_000, "元"),  # 近 is a bound here, not 近五年
])
def test_chinese_numerals_of_the_older_reports(text, mention, value, unit):
    """Quantities in words as the 1950s-1980s State Council reports write them (holdout3/national_1986)."""
    by = {f.mention: f for f in figures_from_structure(parse("一、过去五年的回顾\n" + text + "\n", year=1986))}
    assert (by[mention].value, by[mention].unit) == (value, unit)


def test_a_year_in_words_without_nian_and_what_is_not_a_number():
    """一九七九和一九八〇两年: two years written without 年, then the time frame 两年; 一批, 一度 (once) and the
    decimal part of 三點一倍 (traditional characters) are no quantities."""
    text = "一、过去五年的回顾\n一九七九和一九八〇两年合计近三百亿元。建成一批项目，经济一度过热，产量等於一九四九年的三點一倍。\n"
    figs = figures_from_structure(parse(text, year=1986))
    assert [(f.mention, f.category) for f in figs if f.start < 12 + 10] == [
        ("一九七九", "year"), ("一九八〇", "year"), ("两年", "other")]
    assert not [f for f in figs if f.mention in ("一批", "一度", "一倍")]


def test_the_years_of_compulsory_education_name_the_system():
    """九年义务教育 (time_frame_words.csv, name_after): the nine years name the system, so no commitment of
    nine years; a count before 义务教育 that is not a number of years stays a count."""
    by = {f.mention: f for f in figures_from_structure(parse(
        "要大力普及和巩固九年义务教育。还为1200多万名义务教育寄宿生提供生活补助。", year=2006))}
    assert (by["九年"].role, by["九年"].value) == ("name", 9)
    assert by["1200多万名"].role == "value"
