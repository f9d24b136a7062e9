"""Policy language: words (jieba plus the project lexicon), stopwords, term tables, slogans.

Segmentation keeps the genre's fixed expressions whole (``精致城市``, ``新旧动能转换``) by loading
``data/reference/policy_terms.txt`` as a jieba user dictionary, and never cuts a number: figure
mentions are taken out before jieba sees the text, so ``3017.8`` is one token, not ``3017`` ``.`` ``8``.
Every token carries offsets into the report's text (``text[start:end] == token``).

The segmenter is jieba's algorithm and dictionary as compiled by rjieba (jieba-rs), loaded on first
use in a tenth of a second and writing no cache; the POS tags of the words met so far are cached in the
user's cache folder (``paths.user_cache_dir()``: ``$XDG_CACHE_HOME/weihai-gwr``), never in the shared
temporary folder; where that folder cannot be written, the cache is skipped silently.

Every function here that takes a report takes a ``Report``, a path or ``None`` (the seed); text already
in memory is passed as ``text=`` (``load.resolve_report``).

>>> from weihai_analysis import parse
>>> st = parse("一、工作回顾\\n  打造精致城市,GDP增长3.6%。")
>>> [t.token for t in tokenize(st.text, st.sentences) if not t.is_stopword]
['回顾', '精致城市', 'GDP', '增长', '3.6%']
"""

from __future__ import annotations

import bisect
import math
import os
import re
from collections import Counter, defaultdict
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, overload

from .errors import ReportError
from .load import Report, resolve_report
from .paths import REFERENCE_DIR, user_cache_dir
from .reference import read_table
from .structure import Sentence, Structure, parse
from .tables import Columns, Lookup, RowView
from .themes import THEMES, sentence_themes

if TYPE_CHECKING:
    import rjieba
    import pandas as pd

LEXICON_FILE = REFERENCE_DIR / "policy_terms.txt"
PROJECT_STOPWORDS_FILE = REFERENCE_DIR / "stopwords_project.txt"
# Fallback figure spans when the caller has none: digits, an optional decimal part and percent sign.
NUMBER_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]?")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter, CJK character or digit: the token is not just punctuation
_DIGIT = re.compile(r"[0-9０-９]")

SENTENCE_COLUMNS = ["sentence_id", "paragraph_id", "section_id", "start", "end", "text", "themes", "primary_theme"]
TOKEN_COLUMNS = ["sentence_id", "start", "end", "token", "pos", "is_stopword"]
TERM_COLUMNS = ["term", "pos", "count", "n_sentences", "n_sections", "in_lexicon"]
SLOGAN_COLUMNS = ["slogan", "kind", "count", "first_start", "sentence"]

Rows = tuple[list[str], list[list[object]]]


class Token(NamedTuple):
    """One word of a sentence; ``pos`` is jieba's (ICTCLAS) tag, ``m`` for a figure, ``x`` if unknown."""

    sentence_id: str
    start: int
    end: int
    token: str
    pos: str
    is_stopword: bool


# ---------------------------------------------------------------- lexicon and jieba


@lru_cache(maxsize=None)
def lexicon() -> dict[str, str]:
    """The policy terms of ``policy_terms.txt`` with their POS tags: ``{"精致城市": "nz", ...}``."""
    if not LEXICON_FILE.exists():
        raise ReportError(f"the policy-term dictionary {LEXICON_FILE} is missing; reinstall the project from a full clone.")
    terms = {}
    for i, line in enumerate(LEXICON_FILE.read_text(encoding="utf-8-sig").splitlines(), start=1):
        fields = line.split()
        if len(fields) != 3 or not fields[1].isdigit():
            raise ReportError(f"{LEXICON_FILE} line {i} is not `word freq pos`: {line!r}.")
        terms[fields[0]] = fields[2]
    return terms


def _jieba_dictionary() -> Path:
    """jieba's ``dict.txt`` (word, frequency, POS tag), found without importing jieba."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ReportError("jieba is not installed; run `make install` (or pip install the project).")
    return Path(spec.origin).parent / "dict.txt"


@lru_cache(maxsize=None)
def _lexicon_entries() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of every line of ``policy_terms.txt``, as jieba's ``load_userdict`` reads them."""
    lexicon()  # fails with a readable message if the file is missing or malformed
    lines = LEXICON_FILE.read_text(encoding="utf-8-sig").splitlines()
    return tuple((w, int(f), t) for w, f, t in (line.split() for line in lines))


@lru_cache(maxsize=2)
def _tokenizer(use_lexicon: bool) -> rjieba.Jieba:
    """jieba's segmenter on jieba's default dictionary, with the policy terms added when ``use_lexicon``.

    The segmenter is rjieba, the Python binding of jieba-rs: a port of jieba with the same dictionary,
    DAG and HMM, which cuts every text run of the 52 State Council reports, the seed and the fixtures
    exactly as jieba 0.42.1 does (``tests/test_text.py`` checks the seed against jieba itself), 12x
    faster on those runs and 20x on whole texts, and needs no prefix-dictionary cache. ``add_word`` with the file's frequency
    and tag is what jieba's ``load_userdict`` does.
    """
    import rjieba

    tok = rjieba.Jieba()
    if use_lexicon:
        for word, freq, tag in _lexicon_entries():
            tok.add_word(word, freq, tag)
    return tok


class _WordTags:
    """jieba's word → POS table (from its ``dict.txt``, as ``jieba.posseg`` reads it), looked up lazily.

    Parsing the 350 000-line dictionary costs about half a second, more than segmenting a report. So the
    tags of the words met so far are kept in a small marshal file in the user's cache folder (keyed on the
    dictionary's size and modification time); the full dictionary is read only when a word is missing
    there. Results are the same either way.
    """

    def __init__(self) -> None:
        self._dict_path = _jieba_dictionary()
        st = self._dict_path.stat()
        self._cache = user_cache_dir() / f"jieba_tags_{st.st_size}_{int(st.st_mtime)}.marshal"
        self._known: dict[str, str] = self._read_cache()  # word → tag, "" for words not in the dictionary
        self._full: dict[str, str] | None = None
        self._dirty = False

    def _read_cache(self) -> dict[str, str]:
        import marshal

        try:
            with self._cache.open("rb") as fh:
                data = marshal.load(fh)
            return data if isinstance(data, dict) else {}
        except (OSError, EOFError, ValueError, TypeError):
            return {}

    def get(self, word: str) -> str | None:
        tag = self._known.get(word)
        if tag is None:
            if self._full is None:
                self._full = {}
                with self._dict_path.open(encoding="utf-8") as fh:
                    for line in fh:
                        parts = line.split()
                        if len(parts) == 3:
                            self._full[parts[0]] = parts[2]
            tag = self._known[word] = self._full.get(word, "")
            self._dirty = True
        return tag or None

    def save(self) -> None:
        """Write the words met so far to the cache (atomically; silently skipped on a read-only home)."""
        import marshal
        import os

        if not self._dirty:
            return
        try:
            self._cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._cache.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                marshal.dump(self._known, fh)
            os.replace(tmp, self._cache)
            self._dirty = False
        except OSError:
            pass


@lru_cache(maxsize=None)
def _word_tags() -> _WordTags:
    return _WordTags()


def initialize(use_lexicon: bool = True) -> None:
    """Load the dictionaries now rather than on the first ``tokenize`` (for timing or a warm start)."""
    _tokenizer(use_lexicon)
    _word_tags()
    stopwords()


# ---------------------------------------------------------------- stopwords


@lru_cache(maxsize=None)
def _maintained_stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("zh"))


@lru_cache(maxsize=None)
def _project_stopwords() -> frozenset[str]:
    if not PROJECT_STOPWORDS_FILE.exists():
        raise ReportError(f"the stopword list {PROJECT_STOPWORDS_FILE} is missing; reinstall the project from a full clone.")
    lines = PROJECT_STOPWORDS_FILE.read_text(encoding="utf-8-sig").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


def stopwords(maintained: bool = True, project: bool = True) -> frozenset[str]:
    """Stopwords: the stopwords-iso Chinese list and/or the project's genre list (both by default).

    Turn ``project`` off to study the verbs and intensifiers of the genre (推进, 加快, 进一步).
    """
    return (_maintained_stopwords() if maintained else frozenset()) | (_project_stopwords() if project else frozenset())


# ---------------------------------------------------------------- tokenize


def number_spans_of(text: str) -> list[tuple[int, int]]:
    """Spans of digit runs (``2020``, ``3.6%``): the figure spans used when the caller has none."""
    return [m.span() for m in NUMBER_RE.finditer(text)]


def tokenize(
    text: str,
    sentences: Sequence[Sentence],
    number_spans: Iterable[tuple[int, int]] | None = None,
    use_lexicon: bool = True,
    stop: frozenset[str] | None = None,
) -> list[Token]:
    """Segment each sentence into tokens with offsets into ``text``.

    Characters inside ``number_spans`` (figure mentions; digit runs by default) are one token each
    with POS ``m`` and never reach jieba; the text between them is segmented run by run.
    Whitespace and punctuation are dropped. ``stop`` marks stopwords (default: ``stopwords()``).
    ``token_columns`` gives the same tokens in a compact form (what ``extract`` writes from).
    """
    return list(token_columns(text, sentences, number_spans, use_lexicon, stop))


def token_columns(
    text: str,
    sentences: Sequence[Sentence],
    number_spans: Iterable[tuple[int, int]] | None = None,
    use_lexicon: bool = True,
    stop: frozenset[str] | None = None,
) -> TokenColumns:
    """The tokens of ``tokenize``, held as ``TokenColumns`` (16 bytes a token instead of a ``Token``'s 200)."""
    cut = _tokenizer(use_lexicon).cut
    tags = _word_tags()
    lex = lexicon() if use_lexicon else {}
    stop = stopwords() if stop is None else stop
    spans = sorted(number_spans_of(text) if number_spans is None else number_spans)
    tokens = TokenColumns()
    seen: dict[str, int] = {}  # word → its id in ``tokens``, -1 for punctuation

    def word_id(word: str) -> int:
        if not _WORDLIKE.search(word):
            return -1
        pos = lex.get(word) or tags.get(word) or ("eng" if word.isascii() and word.isalpha() else "x")
        return tokens.word_id(word, pos, word in stop)

    def segment(sid: str, a: int, b: int) -> None:
        for word in cut(text[a:b]):
            e = a + len(word)
            w = seen.get(word)
            if w is None:
                w = seen[word] = word_id(word)
            if w >= 0:
                tokens.add(sid, a, e, w)
            a = e

    _segment_sentences(text, sentences, spans, tokens, segment, stop)
    tags.save()
    return tokens


class TokenColumns(Sequence[Token]):
    """Tokens in text order, held as four columns of 32-bit integers (sentence, start, end, word) and a
    table of the distinct (token, pos, is_stopword) words: 16 bytes a token, where a ``Token`` with its
    tuple costs about 200, so a long report's tokens no longer dominate the memory of ``extract``.
    Reading it (iterating, indexing) gives ``Token`` objects, made as they are read.
    """

    def __init__(self) -> None:
        self._sentence, self._start, self._end, self._word = array("i"), array("i"), array("i"), array("i")
        self._sentence_ids: list[str] = []
        self._words: list[tuple[str, str, bool]] = []
        self._word_ids: dict[tuple[str, str, bool], int] = {}

    def word_id(self, token: str, pos: str, is_stopword: bool) -> int:
        """The id of a distinct (token, pos, is_stopword), added on first use."""
        key = (token, pos, is_stopword)
        w = self._word_ids.get(key)
        if w is None:
            w = self._word_ids[key] = len(self._words)
            self._words.append(key)
        return w

    def add(self, sentence_id: str, start: int, end: int, word_id: int) -> None:
        """Add a token of word ``word_id`` (see ``word_id``); tokens come sentence by sentence."""
        ids = self._sentence_ids
        if not ids or ids[-1] != sentence_id:
            ids.append(sentence_id)
        self._sentence.append(len(ids) - 1)
        self._start.append(start)
        self._end.append(end)
        self._word.append(word_id)

    def append(self, token: Token) -> None:
        """Add a ``Token``."""
        self.add(token.sentence_id, token.start, token.end, self.word_id(token.token, token.pos, token.is_stopword))

    def __len__(self) -> int:
        return len(self._start)

    def sentence_ids(self) -> list[str]:
        """The ids of the sentences, by sentence number (see ``sentence_numbers``)."""
        return self._sentence_ids

    def sentence_numbers(self) -> array:
        """The sentence number of each token, in order: tokens of one sentence follow one another, and a
        sentence's number is one more than the one before it."""
        return self._sentence

    def word_ids(self) -> array:
        """The word id of each token, in order."""
        return self._word

    def words(self) -> list[tuple[str, str, bool]]:
        """The distinct (token, pos, is_stopword) words, by word id."""
        return self._words

    def columns(self) -> Columns:
        """The tokens as the columns of a table (sentence_id, start, end, token, pos, is_stopword)."""
        token, pos, stop = (list(c) for c in zip(*self._words)) if self._words else ([], [], [])
        return Columns([Lookup(self._sentence, self._sentence_ids), self._start, self._end,
                        Lookup(self._word, token), Lookup(self._word, pos), Lookup(self._word, stop)])

    def _token(self, i: int) -> Token:
        return Token(self._sentence_ids[self._sentence[i]], self._start[i], self._end[i], *self._words[self._word[i]])

    @overload
    def __getitem__(self, i: int) -> Token: ...

    @overload
    def __getitem__(self, i: slice) -> list[Token]: ...

    def __getitem__(self, i: int | slice) -> Token | list[Token]:
        if isinstance(i, slice):
            return [self._token(k) for k in range(*i.indices(len(self)))]
        return self._token(range(len(self))[i])

    def __iter__(self) -> Iterator[Token]:
        ids, words = self._sentence_ids, self._words
        for s, a, b, w in zip(self._sentence, self._start, self._end, self._word):
            yield Token(ids[s], a, b, *words[w])


def _segment_sentences(text: str, sentences: Sequence[Sentence], spans: list[tuple[int, int]],
                       tokens: TokenColumns | list[Token], segment: Callable[[str, int, int], None],
                       stop: frozenset[str]) -> None:
    """Walk sentences and figure spans together: spans become ``m`` tokens, the text between them jieba's."""
    k = 0
    for s in sentences:
        while k < len(spans) and spans[k][1] <= s.start:
            k += 1
        cursor, j = s.start, k
        while j < len(spans) and spans[j][0] < s.end:
            a, b = max(spans[j][0], cursor), min(spans[j][1], s.end)
            if a < b:
                if cursor < a:
                    segment(s.sentence_id, cursor, a)
                tokens.append(Token(s.sentence_id, a, b, text[a:b], "m", text[a:b] in stop))
                cursor = b
            j += 1
        if cursor < s.end:
            segment(s.sentence_id, cursor, s.end)


def is_term(token: Token) -> bool:
    """A content word for term counts: not a stopword, two characters or more, not a numeral (``m``)."""
    return _content_word(token.token, token.pos, token.is_stopword)


def _content_word(token: str, pos: str, is_stopword: bool) -> bool:
    """``is_term`` on a token's fields."""
    return not is_stopword and len(token) >= 2 and pos != "m"


# ---------------------------------------------------------------- tables (columns, rows) for tables.write_csv


def sentences_table(structure: Structure,
                    themes: Sequence[tuple[Sequence[str], str]] | None = None) -> tuple[list[str], RowView]:
    """sentences.csv: every sentence with its themes (``;``-separated) and primary theme.

    ``themes`` holds ``sentence_themes`` of each sentence when the caller has them already (extract
    does); otherwise each row's are found as the row is read.
    """
    sentences = structure.sentences

    def row(k: int) -> list[object]:
        s = sentences[k]
        found, primary = themes[k] if themes is not None else sentence_themes(s.text)
        return [s.sentence_id, s.paragraph_id, s.section_id, s.start, s.end, s.text, ";".join(found), primary]

    return SENTENCE_COLUMNS, RowView(range(len(sentences)), row)


def tokens_table(tokens: Sequence[Token]) -> tuple[list[str], RowView]:
    """tokens.csv: one row per token in text order, each made as it is read (``tables.RowView``); from
    ``TokenColumns``, the table is its columns (``tables.Columns``: written with no Python call per row)."""
    if isinstance(tokens, TokenColumns):
        return TOKEN_COLUMNS, tokens.columns()
    return TOKEN_COLUMNS, RowView(tokens, list)


def terms_table(tokens: Sequence[Token], structure: Structure) -> tuple[list[str], RowView]:
    """terms.csv: content words (see ``is_term``) by count, then term; ``pos`` is the term's most frequent tag.

    ``tokens`` are in text order, as ``tokenize`` gives them (a list of ``Token`` is first put in
    ``TokenColumns``): a sentence's tokens follow one another and so do the sections', so the sentences
    and sections a term occurs in are counted as they change (``_term_counts``, in arrays of integers),
    with no set of them kept per term (a long report has tens of thousands of terms).
    """
    if not isinstance(tokens, TokenColumns):
        columns = TokenColumns()
        for t in tokens:
            columns.append(t)
        tokens = columns
    words = tokens.words()
    term_of, terms = _term_numbers(words)
    count, n_sentences, n_sections, per_word = _term_counts(tokens, term_of, len(terms), structure)
    tag: list[tuple[int, str]] = [(1, "")] * len(terms)  # (-count, pos) of each term's most frequent tag, ties by tag
    for w, k in enumerate(term_of):
        if k >= 0 and per_word[w]:
            tag[k] = min(tag[k], (-per_word[w], words[w][1]))
    lex = lexicon()
    by_term = sorted((k for k in range(len(terms)) if count[k]), key=terms.__getitem__)
    order = sorted(by_term, key=count.__getitem__, reverse=True)  # by count, then term (a stable sort)
    return TERM_COLUMNS, Columns([Lookup(order, values) for values in (
        terms, [t[1] for t in tag], count, n_sentences, n_sections, [t in lex for t in terms])])


def _term_numbers(words: Sequence[tuple[str, str, bool]]) -> tuple[array, list[str]]:
    """For each distinct word (token, pos, is_stopword) its term's number, or -1 if it is not a term; and
    the terms (a term is a token: it may come with several tags)."""
    term_of, terms, number = array("i"), [], {}
    for token, pos, stop in words:
        if not _content_word(token, pos, stop):
            term_of.append(-1)
            continue
        k = number.setdefault(token, len(number))
        if k == len(terms):
            terms.append(token)
        term_of.append(k)
    return term_of, terms


def _term_counts(tokens: TokenColumns, term_of: array, n: int,
                 structure: Structure) -> tuple[list[int], list[int], list[int], list[int]]:
    """Occurrences, sentences and sections of each of ``n`` terms, and occurrences of each word id.

    By numpy over the tokens of terms: occurrences by ``bincount``; a term's sentences are the distinct
    (term, sentence) pairs of its tokens (sentence numbers rise through the tokens), and its sections the
    changes of section from one of its sentences to the next, the first counted unless its section is ""."""
    import numpy as np

    word = np.frombuffer(tokens.word_ids(), np.int32)
    term = np.frombuffer(term_of, np.int32)[word]
    is_term = term >= 0
    term, word = term[is_term], word[is_term]
    sentence = np.frombuffer(tokens.sentence_numbers(), np.int32)[is_term]
    del is_term  # a long report has hundreds of thousands of tokens: each array freed when done with
    per_word = np.bincount(word, minlength=len(term_of)).tolist()
    del word
    count = np.bincount(term, minlength=n).tolist()
    section_of = {s.sentence_id: s.section_id for s in structure.sentences}
    numbers: dict[str, int] = {"": 0}  # section id → its number, "" first
    section = np.array([numbers.setdefault(section_of[sid], len(numbers)) for sid in tokens.sentence_ids()], np.int32)
    n_sent = max(len(section), 1)
    pairs = term.astype(np.int64 if n * n_sent >= 2**31 else np.int32)
    del term
    pairs *= n_sent
    pairs += sentence
    del sentence
    pairs = np.unique(pairs)  # each (term, sentence) once, by term, then sentence
    pair_term, pair_section = pairs // n_sent, section[pairs % n_sent]
    del pairs
    before = np.concatenate(([0], pair_section[:-1]))  # the section of the term's sentence before, "" (0) at first
    before[np.concatenate(([True], pair_term[1:] != pair_term[:-1]))] = 0
    return (count, np.bincount(pair_term, minlength=n).tolist(),
            np.bincount(pair_term[pair_section != before], minlength=n).tolist(), per_word)


# ---------------------------------------------------------------- slogans

# Quoted phrases: “…” (and 「…」 or ASCII "…" in texts that use them), never across a line.
_QUOTED = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|\"([^\"\n]{1,40})\"")
_NUMERALS = "一二三四五六七八九十两百千万"
_SEPARATORS = re.compile(r"[、·・,，;；:：/]")
_DIGITS_ONLY = re.compile(r"[0-9０-９.．·・:：/\-—%％]+")  # dates and codes such as “4·24” are not slogans


@lru_cache(maxsize=None)
def _slogan_words() -> dict[str, tuple[str, ...]]:
    """``numbered_slogans.csv`` by role: formula, ordinary, classifier."""
    words: dict[str, list[str]] = {"formula": [], "ordinary": [], "classifier": []}
    for i, row in enumerate(read_table("numbered_slogans.csv"), start=2):
        if row.get("role") not in words or not row.get("word"):
            raise ReportError(f"data/reference/numbered_slogans.csv line {i} needs a word and a role ({', '.join(words)}).")
        words[row["role"]].append(row["word"])
    return {k: tuple(v) for k, v in words.items()}


def is_numbered(s: str) -> bool:
    """A numbered formula: 2–8 characters starting with a numeral, one unit (no 、), not an ordinary word.

    >>> [is_numbered(s) for s in ("六稳", "三问三查三改", "1+4+N", "一体布局", "六稳、六保", "5G")]
    [True, True, True, False, False, False]
    """
    if not 2 <= len(s) <= 8 or _SEPARATORS.search(s) or _DIGITS_ONLY.fullmatch(s):
        return False
    if _DIGIT.match(s):  # digit formulas are sums of programmes: 1+4+N, 7+3
        return "+" in s or "＋" in s
    return s[0] in _NUMERALS and not s.startswith(_slogan_words()["ordinary"])


def slogans(text: str) -> list[tuple[str, str]]:
    """Distinct slogans as (slogan, kind), in order of first occurrence.

    ``quoted``: a “…” phrase of 2–12 characters that is not just digits; ``numbered``: a numbered
    formula (``is_numbered``) that is quoted, part of a quoted list, a numeral and classifier before
    a quoted head (四个“一批”), or a known formula from ``numbered_slogans.csv`` anywhere.
    """
    kinds: dict[str, str] = {}

    def add(s: str, kind: str) -> None:
        if kinds.get(s) != "numbered":
            kinds[s] = kind

    for m in _QUOTED.finditer(text):
        content = next(g for g in m.groups() if g is not None)
        if 2 <= len(content) <= 12 and not _DIGITS_ONLY.fullmatch(content):
            add(content, "numbered" if is_numbered(content) else "quoted")
        for part in _SEPARATORS.split(content):
            if part != content and is_numbered(part):
                add(part, "numbered")
    words = _slogan_words()
    if words["classifier"]:
        classifier = "|".join(map(re.escape, words["classifier"]))
        for m in re.finditer(rf"[{_NUMERALS}]+(?:{classifier})“[^“”\n]{{1,6}}”", text):
            add(m.group(0), "numbered")
    for formula in words["formula"]:
        if formula in text:
            add(formula, "numbered")
    return sorted(kinds.items(), key=lambda kv: text.find(kv[0]))


def slogans_table(structure: Structure) -> Rows:
    """slogans.csv: slogan, kind, count (occurrences anywhere in the text), first_start, first sentence."""
    text = structure.text
    starts = [s.start for s in structure.sentences]
    rows: list[list[object]] = []
    for slogan, kind in slogans(text):
        first = text.find(slogan)
        sentence = structure.sentences[bisect.bisect_right(starts, first) - 1].text
        rows.append([slogan, kind, text.count(slogan), first, sentence])
    return SLOGAN_COLUMNS, rows


# ---------------------------------------------------------------- notebook helpers (pandas)


ReportArg = Report | str | os.PathLike | None


def _text_of(report: ReportArg, text: str | None) -> str:
    return resolve_report(report, text=text).text


@lru_cache(maxsize=8)
def _analysed(text: str, maintained: bool, project: bool) -> tuple[Structure, tuple[Token, ...]]:
    """Structure and tokens of a text, numbers kept whole as the figure mentions (as in tokens.csv)."""
    from .figures import find_mentions

    st = parse(text).reading  # the repaired text (textlayer): no offsets leave this function
    text = st.text
    spans = [(f.start, f.end) for f in find_mentions(text)]
    return st, tuple(tokenize(text, st.sentences, number_spans=spans, stop=stopwords(maintained, project)))


def term_frequencies(
    report: ReportArg = None,
    by: str = "part",
    top: int | None = None,
    *,
    text: str | None = None,
    maintained_stopwords: bool = True,
    project_stopwords: bool = True,
) -> pd.DataFrame:
    """Counts of content words per part, section or primary theme: columns [by, term, count, share].

    ``share`` is the term's share of the group's content words; ``top`` keeps the first N per group.
    """
    import pandas as pd

    if by not in ("part", "section", "theme"):
        raise ValueError(f"by must be 'part', 'section' or 'theme', not {by!r}")
    st, tokens = _analysed(_text_of(report, text), maintained_stopwords, project_stopwords)
    group_of = {}
    for s in st.sentences:
        group_of[s.sentence_id] = {"part": st.part_of(s.section_id).section_id, "section": s.section_id,
                                   "theme": sentence_themes(s.text)[1] or "none"}[by]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for t in tokens:
        if is_term(t):
            counts[group_of[t.sentence_id]][t.token] += 1
    order = [*THEMES, "none"] if by == "theme" else list(dict.fromkeys(group_of.values()))
    rows = []
    for g in order:
        total = sum(counts[g].values())
        ranked = sorted(counts[g].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        rows += [(g, term, n, n / total) for term, n in ranked]
    return pd.DataFrame(rows, columns=[by, "term", "count", "share"])


def distinctive_terms(
    report: ReportArg = None,
    top: int = 10,
    *,
    text: str | None = None,
    maintained_stopwords: bool = True,
    project_stopwords: bool = True,
) -> pd.DataFrame:
    """The words that set each section apart: TF-IDF with sections as documents.

    tf = count / content words in the section, idf = ln(sections / sections containing the term),
    so a word used in every section scores 0. Columns [section_id, term, count, tfidf], top N each.
    """
    import pandas as pd

    st, tokens = _analysed(_text_of(report, text), maintained_stopwords, project_stopwords)
    section_of = {s.sentence_id: s.section_id for s in st.sentences}
    docs: dict[str, Counter[str]] = defaultdict(Counter)
    for t in tokens:
        if is_term(t):
            docs[section_of[t.sentence_id]][t.token] += 1
    df = Counter(term for counts in docs.values() for term in counts)
    rows = []
    for sid, counts in docs.items():
        total = sum(counts.values())
        scored = [(term, n, n / total * math.log(len(docs) / df[term])) for term, n in counts.items()]
        scored.sort(key=lambda x: (-x[2], -x[1], x[0]))
        rows += [(sid, term, n, score) for term, n, score in scored[:top]]
    return pd.DataFrame(rows, columns=["section_id", "term", "count", "tfidf"])


def kwic(term: str, width: int = 15, report: ReportArg = None, *, text: str | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``width`` characters either side.

    Line breaks in the context are shown as spaces. Columns [left, keyword, right, section_id, start].
    """
    import pandas as pd

    if not isinstance(term, str) or not term:
        raise ReportError(f"kwic needs a non-empty term (a str), not {term!r}.")
    reading = parse(_text_of(report, text)).reading  # searched on the repaired text (textlayer)
    text, offset = reading.text, (reading.layer.offset if reading.layer else int)
    starts = [s.start for s in reading.sentences]
    rows = []
    i = text.find(term)
    while i >= 0:
        k = bisect.bisect_right(starts, i) - 1
        left = text[max(0, i - width):i].replace("\r", " ").replace("\n", " ")
        right = text[i + len(term):i + len(term) + width].replace("\r", " ").replace("\n", " ")
        rows.append((left, term, right, reading.sentences[k].section_id if k >= 0 else "", offset(i)))
        i = text.find(term, i + len(term))
    return pd.DataFrame(rows, columns=["left", "keyword", "right", "section_id", "start"])


def cooccurrence(
    terms: Iterable[str] | None = None,
    top: int | None = 30,
    report: ReportArg = None,
    *,
    text: str | None = None,
    maintained_stopwords: bool = True,
    project_stopwords: bool = True,
) -> pd.DataFrame:
    """Pairs of words that occur in the same sentence, with the number of such sentences.

    ``terms`` restricts the pairs to those words (default: all content words). Columns
    [term_a, term_b, n_sentences] with term_a < term_b, most frequent first.
    """
    import pandas as pd

    _, tokens = _analysed(_text_of(report, text), maintained_stopwords, project_stopwords)
    wanted = set(terms) if terms is not None else None
    per_sentence: dict[str, set[str]] = defaultdict(set)
    for t in tokens:
        if (t.token in wanted) if wanted is not None else is_term(t):
            per_sentence[t.sentence_id].add(t.token)
    pairs = Counter(pair for words in per_sentence.values() for pair in combinations(sorted(words), 2))
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return pd.DataFrame([(a, b, n) for (a, b), n in ranked], columns=["term_a", "term_b", "n_sentences"])
