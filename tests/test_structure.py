"""Structure: parts, sub-sections, paragraphs, sentences and header, on the seed and other formats."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EDGE_FIXTURES, REPORT_FIXTURES, expected, fixture_path
from weihai_analysis import load_report, parse
from weihai_analysis.structure import INDENT, hanzi_ordinal_value, sentence_spans


def test_seed_outline(seed_structure):
    parts = [s for s in seed_structure.sections if s.level == 1]
    assert [p.number for p in parts] == ["一", "二", "三", "四", "五"]
    subs = {p.section_id: sum(1 for s in seed_structure.sections if s.section_id.startswith(p.section_id + ".")) for p in parts}
    assert subs == {"1": 8, "2": 0, "3": 0, "4": 10, "5": 0}
    assert parts[0].title == "2020年政府工作"
    assert seed_structure.section("1.1").title == "坚持人民至上、生命至上,全力抗击新冠肺炎疫情"
    assert seed_structure.section("1.1").number == "(一)"
    assert [p.period for p in parts] == ["2020", "2016-2020", "2021-2025", "2021", "2021"]


def test_seed_header(seed_structure):
    h = seed_structure.header
    assert h.date == "2021-01-25"
    assert h.speaker == "闫剑波" and h.speaker_role == "市长"
    assert h.occasion == "威海市第十七届人民代表大会第六次会议"
    assert seed_structure.report_year == 2021


def _blank(s: str) -> bool:
    """Whitespace or zero-width characters only (what the parser treats as indentation)."""
    return not s.translate({ord(c): None for c in INDENT}).strip()


def _check_invariants(text: str, s) -> None:
    # Each span's text equals its row.
    for p in s.paragraphs:
        assert text[p.start:p.end] == p.text and p.text.strip()
    for x in s.sentences:
        assert text[x.start:x.end] == x.text
    for sec in s.sections:
        assert 0 <= sec.start < sec.end <= len(text)
    # Every non-blank line lies in exactly one paragraph.
    pos = 0
    for line in re.split(r"(\r\n|\n|\r)", text):
        if line in ("\r\n", "\n", "\r"):
            pos += len(line)
            continue
        if not _blank(line):
            first = pos + len(line) - len(line.lstrip(INDENT + " \t\u2003\u2002\u3000"))
            owners = [p for p in s.paragraphs if p.start <= first < p.end]
            assert len(owners) == 1, line
        pos += len(line)
    # Paragraphs are ordered and disjoint; sentences tile each paragraph's non-space text.
    for a, b in zip(s.paragraphs, s.paragraphs[1:]):
        assert a.end <= b.start
    by_para: dict[str, list] = {}
    for x in s.sentences:
        by_para.setdefault(x.paragraph_id, []).append(x)
    for p in s.paragraphs:
        sents = by_para.get(p.paragraph_id, [])
        assert sents, p.text
        assert sents[0].start == p.start and sents[-1].end == p.end
        for a, b in zip(sents, sents[1:]):
            assert a.end <= b.start and _blank(text[a.end:b.start])


def test_seed_invariants(seed, seed_structure):
    _check_invariants(seed.text, seed_structure)
    assert len(seed_structure.paragraphs) == 71


@pytest.mark.parametrize("stem", REPORT_FIXTURES + EDGE_FIXTURES)
def test_fixture_structure(stem):
    exp = expected(stem)
    report = load_report(fixture_path(stem))
    s = parse(report.text)
    _check_invariants(report.text, s)
    parts = [x for x in s.sections if x.level == 1]
    assert len(parts) == exp["n_parts"]
    for pid, n in exp.get("subsections", {}).items():
        assert sum(1 for x in s.sections if x.level == 2 and x.section_id.split(".")[0] == pid) == n
    for pid, title in exp.get("part_titles", {}).items():
        assert s.section(pid).title == title
    for sid, title in exp.get("subsection_titles", {}).items():
        assert s.section(sid).title == title
    for pid, period in exp.get("part_periods", {}).items():
        assert s.section(pid).period == period
    if "n_paragraphs" in exp:
        assert len(s.paragraphs) == exp["n_paragraphs"]
    for a, b in exp.get("same_paragraph", []):
        pa = [p.paragraph_id for p in s.paragraphs if a in p.text]
        pb = [p.paragraph_id for p in s.paragraphs if b in p.text]
        assert pa and pa == pb
    if exp.get("header"):
        h = exp["header"]
        assert s.header.date == h["date"]
        assert s.header.speaker == h["speaker"]
        assert h["speaker_title"].endswith(s.header.speaker_role)
        assert s.header.occasion == h["meeting"]


def test_sentences_do_not_split_inside_quotes_or_brackets():
    text = "他说:“要稳。要进。”(注:见附件。)这是第二句;第三句!"
    spans = sentence_spans(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ["他说:“要稳。要进。”(注:见附件。)这是第二句;", "第三句!"]


def test_unbalanced_quote_does_not_swallow_paragraph():
    text = "他说:“要稳。第二句。第三句。"
    assert len(sentence_spans(text, 0, len(text))) == 3


def test_bullets_and_zero_width_spaces():
    text = "三、2021年重点工作\n（一）保持宏观政策连续性。\n一是稳就业\u200b；二是保民生；三是稳预期。\n"
    s = parse("政府工作报告\n一、2020年回顾\n增长。\n二、规划\n目标。\n" + text)
    assert [x.title for x in s.sections if x.level == 1][-1] == "2021年重点工作"
    assert s.section("3.1").title == "保持宏观政策连续性"
    assert any(x.text.startswith("二是") for x in s.sentences)


@pytest.mark.parametrize("s,v", [("一", 1), ("十", 10), ("十二", 12), ("二十一", 21), ("九", 9)])
def test_hanzi_ordinals(s, v):
    assert hanzi_ordinal_value(s) == v


_piece = st.sampled_from(["一、", "二、", "(一)", "（二）", "增长3%", "。", "；", "“", "”", "\n", "\r\n", "\n\n",
                          "\u3000\u3000", " ", "\u200b", "生产总值", "2021年", "各位代表:", "A", "(", ")"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_piece, max_size=40))
def test_offsets_hold_for_any_text(pieces):
    text = "政府工作报告\n" + "".join(pieces)
    _check_invariants(text, parse(text))


# ---------------------------------------------------------------- a report whose line breaks were lost


@pytest.mark.parametrize("way", ["kept", "stripped"])
def test_flat_reports_keep_their_outline(way):
    """With every line break removed, the parts and sub-sections of the 52 State Council reports and the seed
    are found again at the same places from the headings inside the text (tests/flat_outline.py)."""
    from flat_outline import REPORTS, recovery

    r = recovery(REPORTS, way)
    assert r.reports == 53 and r.expected == 527
    assert r.recovered >= 0.93 * r.expected, r.misses  # kept 509 (96.6%), stripped 491 (93.2%)
    assert r.spurious <= 10, r.misses  # kept 5, stripped 10 (2%): inline lists of 1956 and 1988
    assert r.exact_reports >= 47
    assert r.title_starts_alike >= 0.99 * r.recovered  # a title may run on into the next sentence, no more
    assert r.same_period >= 0.85 * r.recovered


def test_flat_seed_outline(seed, seed_structure):
    from flat_outline import flatten

    for way in ("kept", "stripped"):
        flat, where = flatten(seed.text, way)
        st = parse(flat)
        assert [(s.section_id, s.number, s.start) for s in st.sections if s.level >= 1] == [
            (s.section_id, s.number, where[s.start]) for s in seed_structure.sections if s.level >= 1]
        assert [s.period for s in st.sections] == [s.period for s in seed_structure.sections]
        _check_invariants(flat, st)
    flat, _ = flatten(seed.text, "kept")  # the indentation left tells where each title ends
    assert [s.title for s in parse(flat).sections[1:]] == [s.title for s in seed_structure.sections[1:]]


def test_list_items_in_a_flat_text_are_not_headings():
    body = "我们要稳中求进，推动高质量发展。" * 200
    text = ("政府工作报告各位代表：现在向大会报告。一、2020年工作回顾" + body
            + "主要做了三件事：一是稳就业；二是保民生；三是稳预期。第一，抓项目；第二，抓改革。要坚持统一、开放、竞争、有序。"
            + "工作分为以下几项：一、招商；二、引资；三、建设。（一）坚持创新驱动。" + body
            + "（二）扩大内需。要做到：（三）不松劲；（四）不停步。" + body + "二、2021年工作安排" + body + "三、加强政府建设" + body)
    assert len(text) > 10000 and "\n" not in text
    st = parse(text)
    first = "我们要稳中求进，推动高质量发展"  # a part's title runs on to its first sentence end: no line break says where it ends
    assert [(s.section_id, s.title) for s in st.sections if s.level >= 1] == [
        ("1", "2020年工作回顾" + first), ("1.1", "坚持创新驱动"), ("1.2", "扩大内需"), ("2", "2021年工作安排" + first),
        ("3", "加强政府建设" + first)]
    assert [s.period for s in st.sections if s.level == 1] == ["2020", "2021", ""]  # no year in the header
    _check_invariants(text, st)
    assert not any(s.text.startswith(("二是", "第二", "开放", "引资", "（四）")) for s in st.paragraphs)


@settings(max_examples=60, deadline=None)
@given(st.lists(_piece, max_size=60))
def test_offsets_hold_for_any_flat_text(pieces):
    text = "政府工作报告\n" + "".join(pieces) + "一、回顾" + "增长。" * 1100 + "".join(pieces) + "二、安排" + "".join(pieces)
    _check_invariants(text, parse(text))
