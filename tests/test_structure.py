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
