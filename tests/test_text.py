"""Segmentation, stopwords, term and slogan tables, notebook helpers (weihai_analysis.text)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections import Counter

import pytest

from weihai_analysis import parse
from weihai_analysis import text as T
from weihai_analysis.tables import to_csv_text
from weihai_analysis.themes import THEMES


@pytest.fixture(scope="module")
def tokens(seed, seed_structure) -> list[T.Token]:
    """Tokens as extract writes them: figure mentions kept whole."""
    from weihai_analysis.figures import find_mentions

    spans = [(f.start, f.end) for f in find_mentions(seed.text)]
    return T.tokenize(seed.text, seed_structure.sentences, number_spans=spans)


def _occurrences(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


# ---------------------------------------------------------------- sentences and offsets


def test_sentences_lie_in_their_paragraph_and_cover_it(seed, seed_structure):
    paragraphs = {p.paragraph_id: p for p in seed_structure.paragraphs}
    by_paragraph: dict[str, list] = {}
    for s in seed_structure.sentences:
        p = paragraphs[s.paragraph_id]
        assert p.start <= s.start < s.end <= p.end
        assert seed.text[s.start:s.end] == s.text
        by_paragraph.setdefault(s.paragraph_id, []).append(s)
    assert set(by_paragraph) == set(paragraphs)
    for pid, sentences in by_paragraph.items():
        p = paragraphs[pid]
        covered = [False] * (p.end - p.start)
        for s in sentences:
            for i in range(s.start, s.end):
                assert not covered[i - p.start], f"sentences overlap at {i}"
                covered[i - p.start] = True
        gaps = [i for i in range(p.start, p.end) if not covered[i - p.start] and not seed.text[i].isspace()]
        assert gaps == [], f"{pid}: characters outside every sentence"


def test_token_offsets_index_the_text(seed, tokens, seed_structure):
    assert len(tokens) > 5000
    assert all(seed.text[t.start:t.end] == t.token for t in tokens)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))
    spans = {s.sentence_id: (s.start, s.end) for s in seed_structure.sentences}
    assert all(spans[t.sentence_id][0] <= t.start < t.end <= spans[t.sentence_id][1] for t in tokens)
    assert not any(re.fullmatch(r"[\W_]+", t.token) for t in tokens)  # no punctuation or whitespace tokens


def test_every_character_of_a_word_is_in_a_token(seed, tokens, seed_structure):
    """Dropping punctuation never drops a letter, digit or Chinese character."""
    inside = bytearray(len(seed.text))
    for t in tokens:
        inside[t.start:t.end] = b"\1" * (t.end - t.start)
    for s in seed_structure.sentences:
        missed = [c for i, c in enumerate(s.text, s.start) if not inside[i] and re.match(r"[^\W_]", c)]
        assert missed == [], s.sentence_id


# ---------------------------------------------------------------- the policy lexicon


def test_lexicon_terms_come_out_whole(seed, tokens):
    """Each lexicon term in the seed is one token wherever no other lexicon term overlaps it."""
    text, lex = seed.text, T.lexicon()
    present = [w for w in lex if w in text and not re.search(r"\d", w)]
    assert len(present) >= 15
    spans_of = {w: [(i, i + len(w)) for i in _occurrences(text, w)] for w in present}
    token_at = {(t.start, t.end): t for t in tokens}
    counts = Counter(t.token for t in tokens)
    checked = 0
    for w in present:
        others = [sp for o in present if o != w for sp in spans_of[o]]
        clean = [(a, b) for a, b in spans_of[w] if not any(c < b and a < d for c, d in others)]
        # an occurrence inside or across another lexicon term: one of the two is the token there
        for a, b in spans_of[w]:
            if (a, b) not in clean:
                rivals = [(c, d) for c, d in others if c < b and a < d]
                assert (a, b) in token_at or any(r in token_at for r in rivals), (w, a)
        if not clean:
            continue
        for a, b in clean:
            assert (a, b) in token_at, f"{w} at {a} is split"
            assert token_at[(a, b)].pos == lex[w]
        checked += 1
        nested = sum(1 for a, b in spans_of[w] if (a, b) not in clean and (a, b) in token_at)
        assert counts[w] == len(clean) + nested
    assert checked >= 15
    assert counts["精致城市"] == text.count("精致城市") > 10


def test_plain_jieba_without_lexicon_splits_policy_terms(seed, seed_structure, tokens):
    plain = T.tokenize(seed.text, seed_structure.sentences, use_lexicon=False)
    with_lex = Counter(t.token for t in tokens)
    without = Counter(t.token for t in plain)
    assert with_lex["新旧动能转换"] >= 1 and without["新旧动能转换"] == 0
    assert with_lex["接诉即办"] == seed.text.count("接诉即办") and without["接诉即办"] == 0
    assert sum(with_lex[w] for w in T.lexicon()) > 3 * sum(without[w] for w in T.lexicon())


def test_tokenizer_starts_quietly():
    code = "from weihai_analysis import text; text.initialize(); text.initialize(False)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_segmenter_cuts_exactly_as_jieba(seed, seed_structure):
    """rjieba (jieba-rs) stands in for jieba: on every text run of the seed, with and without the policy
    lexicon, it must cut as jieba 0.42.1 itself does with the same user dictionary."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    plain = jieba.Tokenizer()
    plain.initialize()
    with_lex = jieba.Tokenizer()
    with_lex.FREQ, with_lex.total, with_lex.initialized = dict(plain.FREQ), plain.total, True
    with_lex.load_userdict(str(T.LEXICON_FILE))
    runs: list[str] = []
    T._segment_sentences(seed.text, seed_structure.sentences, sorted(T.number_spans_of(seed.text)), [],
                         lambda sid, a, b: runs.append(seed.text[a:b]), frozenset())
    assert len(runs) > 500
    for ours, theirs in ((T._tokenizer(True), with_lex), (T._tokenizer(False), plain)):
        assert [ours.cut(r) for r in runs] == [theirs.lcut(r) for r in runs]


# ---------------------------------------------------------------- numbers


def _figure_spans(text):
    from weihai_analysis.figures import find_mentions

    return [(f.start, f.end) for f in find_mentions(text)]


def test_digit_runs_are_single_tokens(seed, tokens):
    spans = _figure_spans(seed.text)
    assert len(spans) > 250
    token_at = {(t.start, t.end): t for t in tokens}
    for a, b in spans:
        assert token_at[(a, b)].pos == "m", seed.text[a:b]
    span_set = set(spans)
    inside = {i for a, b in spans for i in range(a, b)}
    for t in tokens:
        if inside.intersection(range(t.start, t.end)):
            assert (t.start, t.end) in span_set, f"{t.token} at {t.start} is a fragment of a figure"


def test_caller_number_spans_are_kept_whole():
    text = "一、回顾\n  实现生产总值3017.8亿元,新建两座医用防护服工厂,新增高新技术企业136家。"
    st = parse(text)
    figures = [(m.start(), m.end()) for m in re.finditer(r"3017\.8亿元|两座|136家", text)]
    tokens = T.tokenize(text, st.sentences, number_spans=figures)
    as_figures = [t for t in tokens if (t.start, t.end) in figures]
    assert [(t.start, t.end) for t in as_figures] == figures
    assert [(t.token, t.pos) for t in as_figures] == [("3017.8亿元", "m"), ("两座", "m"), ("136家", "m")]
    assert "亿元" not in [t.token for t in tokens]
    fallback = T.tokenize(text, st.sentences)
    assert [t.token for t in fallback if t.pos == "m" and t.token[0].isdigit()] == ["3017.8", "136"]


def test_full_width_digits_and_percent():
    text = "一、回顾\n  增长３．６％,达到２０２０年水平。"
    st = parse(text)
    tokens = T.tokenize(text, st.sentences)
    assert ["３．６％", "２０２０"] == [t.token for t in tokens if t.pos == "m" and t.token[0] in "０１２３４５６７８９"]


# ---------------------------------------------------------------- stopwords


def test_stopword_lists_and_switches(seed, seed_structure, tokens):
    both, maintained, project = T.stopwords(), T.stopwords(project=False), T.stopwords(maintained=False)
    assert T.stopwords(False, False) == frozenset()
    assert both == maintained | project
    assert {"推进", "加强", "进一步", "我们"} <= project and "推进" not in maintained
    assert {"的", "和", "在"} <= maintained
    assert not any(w.startswith("#") for w in project)
    verbs = T.tokenize(seed.text, seed_structure.sentences, number_spans=_figure_spans(seed.text), stop=maintained)
    assert sum(t.is_stopword for t in verbs) < sum(t.is_stopword for t in tokens)
    assert [t.token for t in verbs] == [t.token for t in tokens]  # stopwords only flag, never drop
    assert all(t.is_stopword == (t.token in both) for t in tokens)
    with_project = T.term_frequencies(seed, by="part")
    without_project = T.term_frequencies(seed, by="part", project_stopwords=False)
    assert "推进" not in set(with_project["term"]) and "推进" in set(without_project["term"])


# ---------------------------------------------------------------- tables


def test_sentences_table(seed_structure):
    columns, rows = T.sentences_table(seed_structure)
    assert columns == ["sentence_id", "paragraph_id", "section_id", "start", "end", "text", "themes", "primary_theme"]
    assert len(rows) == len(seed_structure.sentences)
    for row in rows:
        themes = row[6].split(";") if row[6] else []
        assert set(themes) <= set(THEMES) and themes == sorted(themes)
        assert (row[7] in themes) if themes else row[7] == ""
    assert sum(1 for r in rows if r[7]) > 0.85 * len(rows)
    assert to_csv_text(columns, rows).count("\n") >= len(rows) + 1


def test_tokens_table(tokens):
    columns, rows = T.tokens_table(tokens)
    assert columns == ["sentence_id", "start", "end", "token", "pos", "is_stopword"]
    assert rows[0] == list(tokens[0]) and len(rows) == len(tokens)
    assert "true" in to_csv_text(columns, rows[:200])


def test_terms_table(seed, seed_structure, tokens):
    columns, rows = T.terms_table(tokens, seed_structure)
    assert columns == ["term", "pos", "count", "n_sentences", "n_sections", "in_lexicon"]
    keys = [(-r[2], r[0]) for r in rows]
    assert keys == sorted(keys)
    by_term = {r[0]: r for r in rows}
    assert all(len(r[0]) >= 2 and r[0] not in T.stopwords() for r in rows)
    assert "推进" not in by_term and "的" not in by_term
    term, pos, count, n_sentences, n_sections, in_lexicon = by_term["精致城市"]
    assert (pos, count, in_lexicon) == ("nz", Counter(t.token for t in tokens)["精致城市"], True)
    assert n_sentences == len({t.sentence_id for t in tokens if t.token == "精致城市"})
    assert 1 < n_sections <= n_sentences <= count
    assert by_term["企业"][5] is False
    assert not any(re.search(r"\d", r[0]) for r in rows)  # figures belong to figures.csv


def test_slogans(seed, seed_structure):
    columns, rows = T.slogans_table(seed_structure)
    assert columns == ["slogan", "kind", "count", "first_start", "sentence"]
    by_slogan = {r[0]: r for r in rows}
    assert len(by_slogan) == len(rows)
    assert [r[3] for r in rows] == sorted(r[3] for r in rows)
    for numbered in ("六稳", "六保", "四进", "五减", "三问三查三改", "1+4+N", "7+3", "十三五", "十四五",
                     "四个意识", "两个维护", "三个力保"):
        assert numbered in seed.text
        assert by_slogan[numbered][1] == "numbered", numbered
    for quoted in ("精致城市", "接诉即办", "链长制", "卡脖子", "外防输入、内防反弹", "专精特新"):
        assert by_slogan[quoted][1] == "quoted", quoted
    for slogan, kind, count, first, sentence in rows:
        assert seed.text[first:first + len(slogan)] == slogan
        assert count == seed.text.count(slogan) >= 1
        assert slogan in sentence and seed.text.find(slogan) == first
        assert kind in ("quoted", "numbered")
    # dates, counted quantities and ordinary words are not slogans
    assert "4·24" not in by_slogan
    assert not any(re.fullmatch(r"[一二三四五六七八九十两]+[座条家项个]", s) for s in by_slogan)
    assert by_slogan["三问三查三改"][2] == 2


def test_numbered_slogans_by_pattern():
    text = "一、工作\n  新建两座工厂,出台十条措施。落实“六稳”“六保”任务,做好六稳工作。实现“中心崛起、两轴支撑、一体布局”,推进四个“一批”,服务“一带一路”和“4·24”。"
    st = parse(text)
    kinds = dict(T.slogans(text))
    assert kinds["六稳"] == kinds["六保"] == kinds["两轴支撑"] == kinds["一带一路"] == "numbered"
    assert kinds["四个“一批”"] == "numbered" and kinds["一批"] == "quoted"
    assert not {"两座", "十条", "4·24", "一体布局", "中心崛起、两轴支撑、一体布局"} & set(kinds)
    rows = {r[0]: r for r in T.slogans_table(st)[1]}
    assert rows["六稳"][2] == 2  # the unquoted repeat counts too
    assert T.is_numbered("三问三查三改") and not T.is_numbered("一流营商环境")


# ---------------------------------------------------------------- notebook helpers


def test_kwic(seed, seed_structure):
    rows = T.kwic("精致城市")
    assert len(rows) == seed.text.count("精致城市") == len(_occurrences(seed.text, "精致城市"))
    assert list(rows.columns) == ["left", "keyword", "right", "section_id", "start"]
    assert rows["start"].tolist() == _occurrences(seed.text, "精致城市")
    assert (rows["keyword"] == "精致城市").all()
    first = rows.iloc[0]
    assert first["left"] == seed.text[first["start"] - 15:first["start"]].replace("\n", " ")
    assert len(T.kwic("精致城市", width=5, report=seed).iloc[3]["right"]) == 5
    sections = {s.section_id for s in seed_structure.sections}
    assert set(rows["section_id"]) <= sections and rows["section_id"].nunique() > 3


def test_term_frequencies(seed, seed_structure, tokens):
    by_part = T.term_frequencies(seed, by="part")
    assert list(by_part.columns) == ["part", "term", "count", "share"]
    assert by_part["part"].unique().tolist() == ["0", "1", "2", "3", "4", "5"]
    assert by_part["count"].sum() == sum(1 for t in tokens if T.is_term(t))
    assert by_part.groupby("part")["share"].sum().round(9).eq(1).all()
    top = T.term_frequencies(text=seed.text, by="section", top=3)
    assert top.groupby("section")["term"].count().max() == 3
    by_theme = T.term_frequencies(by="theme", top=5)
    assert set(by_theme["theme"]) == {*THEMES, "none"}
    eco = by_theme[by_theme["theme"] == "economy"]
    assert eco["count"].tolist() == sorted(eco["count"], reverse=True)
    with pytest.raises(ValueError):
        T.term_frequencies(seed, by="chapter")


def test_distinctive_terms(seed, seed_structure, tokens):
    dt = T.distinctive_terms(seed, top=5)
    assert list(dt.columns) == ["section_id", "term", "count", "tfidf"]
    assert dt.groupby("section_id")["term"].count().max() == 5
    # a term used in every section scores 0 and is never distinctive
    section_of = {s.sentence_id: s.section_id for s in seed_structure.sentences}
    docs = {sid: Counter() for sid in set(section_of.values())}
    for t in tokens:
        if T.is_term(t):
            docs[section_of[t.sentence_id]][t.token] += 1
    docs = {k: v for k, v in docs.items() if v}
    ubiquitous = set.intersection(*(set(c) for c in docs.values()))
    assert not ubiquitous & set(dt[dt["tfidf"] > 0]["term"])
    row = dt.iloc[0]
    counts = docs[row["section_id"]]
    n_docs_with = sum(1 for c in docs.values() if row["term"] in c)
    assert row["tfidf"] == pytest.approx(counts[row["term"]] / sum(counts.values()) * math.log(len(docs) / n_docs_with))
    assert set(dt["section_id"]) == set(docs)


def test_cooccurrence(seed, seed_structure, tokens):
    pairs = T.cooccurrence(top=10)
    assert list(pairs.columns) == ["term_a", "term_b", "n_sentences"]
    assert len(pairs) == 10 and (pairs["term_a"] < pairs["term_b"]).all()
    assert pairs["n_sentences"].tolist() == sorted(pairs["n_sentences"], reverse=True)
    a, b, n = pairs.iloc[0]
    sentences = {}
    for t in tokens:
        sentences.setdefault(t.sentence_id, set()).add(t.token)
    assert n == sum(1 for words in sentences.values() if a in words and b in words)
    chosen = T.cooccurrence(["精致城市", "幸福威海", "推进"], top=None, report=seed)
    assert set(chosen["term_a"]) | set(chosen["term_b"]) <= {"精致城市", "幸福威海", "推进"}
    row = chosen[(chosen["term_a"] == "幸福威海") & (chosen["term_b"] == "精致城市")]
    assert row["n_sentences"].item() == sum(1 for w in sentences.values() if {"幸福威海", "精致城市"} <= w)
