"""The text layer: damaged copies of real reports give the clean text's figures and outline, and every
span still indexes the report's own text.

The damaged copies are made by ``conversions`` from the seed and from reports the repair rules were not
written on (the holdout fixtures and State Council reports); the 1998 State Council report and the text
pypdf copies out of a Chromium-printed PDF are real damaged texts.
"""

from __future__ import annotations

import csv
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conversions as cv
from conftest import FIXTURES, fixture_path
from weihai_analysis import load_report, parse
from weihai_analysis.figures import figures_from_structure
from weihai_analysis.reference import read_table
from weihai_analysis.textlayer import lookalikes, repair

# Reports the repair rules were not written on, and the seed (written on).
UNSEEN = ["holdout/province_2022", "holdout2/national_2022", "holdout2/district_2023_gbk", "national/national_2023"]
DAMAGE = {"spaced_numbers": cv.spaced_numbers, "spaced_fullwidth_digits": cv.spaced_fullwidth_digits,
          "wrapped": cv.wrapped}


def _text(stem: str | None) -> str:
    return load_report(fixture_path(stem) if stem else None).text


def _outline(text: str) -> list[tuple[str, str]]:
    """Sections as (id, title), titles width-folded (a full-width copy keeps full-width digits in them)."""
    return [(sid, unicodedata.normalize("NFKC", title)) for sid, title in cv.outline(parse(text))]


def _check_offsets(text: str, figs) -> None:
    for f in figs:
        assert text[f.start:f.end] == f.mention, (f.start, f.end, f.mention)


@pytest.fixture(scope="module")
def clean_figures():
    cache = {}

    def get(stem):
        if stem not in cache:
            cache[stem] = figures_from_structure(parse(_text(stem)))
        return cache[stem]
    return get


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("stem", [None, *UNSEEN])
def test_damaged_copy_gives_the_clean_figures_and_outline(stem, damage, clean_figures):
    clean = _text(stem)
    copy = DAMAGE[damage](clean)
    figs = figures_from_structure(parse(copy))
    _check_offsets(copy, figs)
    agreement = cv.agreement(clean_figures(stem), figs)
    assert min(agreement.values()) >= 0.99, agreement
    assert _outline(copy) == _outline(clean)


def test_pdf_text_with_lookalikes_and_furniture_gives_the_seed_figures(clean_figures):
    """The text pypdf copies out of a Chromium-printed PDF of the seed: ⼈ ⺠ ⻓ ⼾ ⸺, page-edge line
    breaks, a running header and — N — on each of its 14 pages."""
    copy = (FIXTURES / "converted" / "seed_chromium_pypdf.txt").read_text(encoding="utf-8")
    assert re.search("[\u2f00-\u2fd5]", copy) and re.search("[\u2e80-\u2ef3]", copy) and "— 14 —" in copy
    st_ = parse(copy)
    repaired = st_.layer.s
    assert not re.search("[\u2e80-\u2fdf]", repaired)
    assert "— 3 —" not in repaired and repaired.count("2021年威海市政府工作报告") == 0
    figs = figures_from_structure(st_)
    _check_offsets(copy, figs)
    agreement = cv.agreement(clean_figures(None), figs)
    assert min(agreement.values()) >= 0.99, agreement
    assert _outline(copy) == _outline(_text(None))
    assert [s.title for s in st_.sections if s.level == 1][0] == "2020年政府工作"  # was ⼀、2020年政府⼯作


def test_state_council_1998_reads_spaced_numbers_whole():
    text = _text("national/national_1998")
    assert "1 9 9 3 年" in text and "8 ．8 ％" in text
    figs = figures_from_structure(parse(text))
    _check_offsets(text, figs)
    by_mention = {f.mention: f for f in figs}
    assert by_mention["8 ．8 ％"].value == 8.8 and by_mention["8 ．8 ％"].unit == "%"
    assert by_mention["8 ．8 ％"].category == "quantity"
    first = next(f for f in figs if f.mention.startswith("1 9 9 3"))
    assert first.category in ("year", "date") and first.mention.startswith("1 9 9 3 年")
    assert first.value == 1993 or "1993" in re.sub(r"\s", "", first.mention)
    # no digit is a row of its own any more
    assert not [f for f in figs if re.fullmatch(r"\d", f.mention)]
    assert by_mention["7 4 7 7 2 亿元"].value == 74772e8


def test_clean_reports_are_left_alone():
    """A clean report's repaired copy differs only where a converter's space sat (none in most)."""
    for stem in ["state_council_style", "utf8_bom", "holdout2/national_2022", "edge/no_headings"]:
        text = _text(stem)
        layer = repair(text)
        assert layer.identity or len(text) - len(layer.s) <= 2, stem


def test_lookalike_table_reads_one_character_for_one():
    table = lookalikes()
    assert table[0x2F08] == "人" and table[0x2ED3] == "长" and table[0x2F00] == "一" and table[0x2F3E] == "户"
    for row in read_table("lookalike_characters.csv"):
        assert row["character"] == chr(int(row["code"][2:], 16)) and len(row["ordinary"]) == 1
        assert unicodedata.name(row["character"]) == row["name"]


def test_every_lookalike_folds_back_exactly():
    """The seed with every character that has a look-alike written as that look-alike comes back whole."""
    seed = _text(None)
    inverse = {}
    for cp, c in sorted(lookalikes().items(), reverse=True):
        if "\u4e00" <= c <= "\u9fff":
            inverse.setdefault(c, chr(cp))
    damaged = "".join(inverse.get(c, c) for c in seed)
    assert sum(a != b for a, b in zip(damaged, seed)) > 1000
    assert repair(damaged).s == repair(seed).s


_ALPHABET = st.sampled_from(list("政府工作报告增长亿元年月。，、") + list("0123456789.%") + ["０", "８", "．", "％"]
                            + [" ", " ", "\u3000", "\n", "\n", "\f", "⼈", "⻓", "— 3 —\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, min_size=0, max_size=300))
def test_the_map_points_every_character_back(parts):
    text = "".join(parts)
    layer = repair(text)
    if layer.identity:
        assert layer.s == text
        return
    orig, table = layer.orig, lookalikes()
    assert len(orig) == len(layer.s) + 1 and orig[-1] == len(text)
    assert all(a < b for a, b in zip(orig, orig[1:]))
    assert all(layer.s[i] == text[orig[i]].translate(table) for i in range(len(layer.s)))
    for a in range(0, len(layer.s), 7):
        start, end = layer.span(a, min(len(layer.s), a + 5))
        assert 0 <= start <= end <= len(text)


def test_structure_spans_index_the_report_text():
    copy = cv.wrapped(cv.spaced_numbers(_text(None)))
    st_ = parse(copy)
    assert st_.reading is not st_ and st_.reading.text == st_.layer.s
    for x in [*st_.paragraphs, *st_.sentences]:
        assert copy[x.start:x.end] == x.text
    for s in st_.sections:
        assert 0 <= s.start < s.end <= len(copy)


def test_numbers_on_lines_of_their_own_are_kept_unless_they_count_pages():
    """Web texts break lines around numbers (细颗粒物（PM\\n2.5\\n）, 广义货币M\\n2\\n): those lines are text,
    not page numbers, and stay, joined to the name they are the subscript of; a rising run of page
    numbers goes."""
    body = "以细颗粒物（PM\n2.5\n）和可吸入颗粒物（PM\n10\n）治理为突破口。广义货币M\n2\n增长13%左右。\n"
    layer = repair(body)
    assert layer.s == "以细颗粒物（PM2.5）和可吸入颗粒物（PM10）治理为突破口。广义货币M2增长13%左右。\n"
    k = layer.s.index("M2增长")
    assert body[slice(*layer.span(k, k + 4))] == "M\n2\n增长"  # every character maps back
    words = ["推进改革", "扩大开放", "保障民生", "生态环境", "城市建设"]
    paged = "".join(f"第{k}页上关于{w}的文字。\n{k}\n" for k, w in enumerate(words, 1))
    layer = repair(paged)
    assert not re.search(r"^\d+$", layer.s, re.M) and all(w in layer.s for w in words)
    same = "".join(f"第{k}段落的文字内容在这里。\n{k}\n" for k in range(1, 6))  # alike but for the digits
    assert repair(same).s.count("段落的文字内容在这里。") == 5
    decorated = "".join(f"报告正文第{k}页的内容。\n— {k} —\n" for k in (3, 4))
    assert "—" not in repair(decorated).s


def test_tokens_of_a_repaired_report_are_its_own_characters(tmp_path):
    """tokens.csv of a report whose text was repaired (广义货币M⏎2, 74.4⏎​⏎万亿元) is written column by column
    through the layer's map: every token is the report's text at its span, the repaired ones included."""
    from weihai_analysis.cli import main

    assert main(["extract", str(FIXTURES / "themes" / "reports" / "national_2017.txt"), "--out", str(tmp_path)]) == 0
    source = (tmp_path / "source.txt").read_text(encoding="utf-8")
    with (tmp_path / "tokens.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 8000
    assert all(source[int(r["start"]):int(r["end"])] == r["token"] for r in rows)
    repaired = [r["token"] for r in rows if "\n" in r["token"]]
    assert "M\n2" in repaired and "PM\n2.5" in repaired and len(repaired) == 5
