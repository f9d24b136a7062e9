"""Bounds on figures.csv rows: over-long sentences cut at clause boundaries, over-large values noted."""

from __future__ import annotations

import csv
import io
import re

from weihai_analysis import load_report
from weihai_analysis.cli import main
from weihai_analysis.limits import SENTENCE_LIMIT, bound_figure_rows, clause_window

CLAUSE_END = "，,；;：:、。！？!?"


def test_clause_window_keeps_whole_clauses_around_the_figure():
    clauses = [f"第{k}项指标增长{k}%" for k in range(400)]
    sentence = "，".join(clauses) + "。"
    i = sentence.index("第200项指标增长200%")
    start = sentence.index("200%", i)
    a, b = clause_window(sentence, start, start + 4)
    kept = sentence[a:b]
    assert "第200项指标增长200%" in kept and b - a <= SENTENCE_LIMIT
    assert a == 0 or sentence[a - 1] in CLAUSE_END  # starts where a clause starts
    assert b == len(sentence) or sentence[b - 1] in CLAUSE_END  # ends where a clause ends
    assert b - a > SENTENCE_LIMIT - 20  # and takes as many clauses as fit (each is under 20 characters)


def test_a_clause_longer_than_the_limit_is_cut_around_the_figure():
    sentence = "甲" * 3000 + "增长5%" + "乙" * 3000
    start = sentence.index("5%")
    a, b = clause_window(sentence, start, start + 2)
    assert b - a == SENTENCE_LIMIT and a < start and start + 2 < b


def test_rows_keep_short_sentences_and_their_notes():
    cols = ["start", "end", "mention", "value", "value_high", "sentence", "note", "sentence_id"]
    rows = [[3, 5, "5%", 5.0, None, "增长了5%。", "range 5-8", "S0001"]]
    assert bound_figure_rows(rows, cols, {"S0001": 0}) == rows


def test_a_100000_character_sentence_is_cut_in_figures_csv(tmp_path):
    seed = load_report().text
    i = seed.index("3017.8亿元")
    long = "，".join(f"指标{k}增长{k % 9}.5%" for k in range(8000))
    report = tmp_path / "long.txt"
    report.write_text(seed[:i] + long + "。" + seed[i:], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(report), "--out", str(out), "--quiet"]) == 0
    text = load_report(report).text
    rows = list(csv.DictReader(io.StringIO((out / "figures.csv").read_text(encoding="utf-8-sig"))))
    sentences = {r["sentence_id"]: r for r in csv.DictReader(io.StringIO(
        (out / "sentences.csv").read_text(encoding="utf-8-sig")))}
    cut = [r for r in rows if "cut to its characters" in r["note"]]
    assert len(cut) >= 16000 and max(len(r["sentence"]) for r in rows) <= SENTENCE_LIMIT
    for r in cut[::997]:
        whole = sentences[r["sentence_id"]]
        a, b = map(int, re.search(r"characters (\d+)-(\d+) around", r["note"]).groups())
        assert whole["text"][a:b] == r["sentence"] and len(whole["text"]) > 100_000
        offset = int(r["start"]) - int(whole["start"])
        assert a <= offset and offset + len(r["mention"]) <= b  # the figure is inside the part kept
        assert text[int(r["start"]):int(r["end"])] == r["mention"]
    # each row carries at most the limit, not the whole sentence: the file is ~1/30 of the naive size
    assert (out / "figures.csv").stat().st_size < len(cut) * len(long.encode("utf-8")) / 30
