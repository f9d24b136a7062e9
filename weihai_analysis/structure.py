"""The outline of a work report: header, parts (一、), sub-sections ((一)/（一）), paragraphs, sentences.

Every span is a pair of offsets into the report's exact text (see ``load.Report``):
``text[start:end]`` is the row's text. The rules are about the genre, not one report:

* a part heading is a paragraph that starts with the next Chinese ordinal and ``、``
  (``一、`` then ``二、`` …); numbering must run in order, so a stray ``三、`` in a list is not a part;
* a sub-section starts a paragraph with ``(一)`` or ``（一）``, numbered in order within its part;
  its title is the heading's first sentence (a standalone heading line is its own first sentence);
* paragraphs are runs of lines; a line break continues the paragraph only when the line before
  ends mid-sentence and the next line is neither indented nor a heading (State Council texts
  scraped from the web often carry such stray breaks);
* sentences end at 。！？；(and their ASCII forms) but not inside quotes or brackets;
* a paragraph longer than any real one (``FLAT_PARAGRAPH``: the report's line breaks were lost) is cut
  at the headings inside it: a numeral that continues the numbering right after a sentence end, a colon
  or spaces, and is not an item of a semicolon list (``_cut_at_headings``); so such a report keeps its
  parts and sub-sections, though not its paragraph breaks (``readers.text.layout_warnings`` says so).

The outline is read from the text repaired by ``textlayer.repair`` (look-alike characters, spaces in
numbers, page furniture, broken lines): ``parse`` returns spans in the report's own offsets, and keeps
the structure of the repaired copy as ``Structure.reading`` (``Structure.layer`` maps between the two), so
that every stage reads the repaired text and maps its spans back. For clean text the two are one.
"""

from __future__ import annotations

import operator
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from .tables import Columns, Lookup, RowView
from .textlayer import Layer, repair

# Characters a paragraph may be indented with (ideographic space, no-break space, zero-width).
INDENT = " \t\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff"
_ZW = "\u200b\u200c\u200d\u2060\ufeff"
_ZW_RE = re.compile(f"[{_ZW}]")
HANZI_ORDINAL = "一二三四五六七八九十"
_PART_RE = re.compile(rf"^([{HANZI_ORDINAL}]{{1,3}})[、,，.．]")
_SUB_RE = re.compile(rf"^[(（]([{HANZI_ORDINAL}]{{1,3}})[)）]")
_SENT_END = set("。！？；!?;")
_CJK_CHAR = re.compile("[\u3400-\u9fff]")
# A paragraph longer than this has lost its line breaks: the longest of the 52 State Council reports and
# the seed is 1,255 characters. Such a paragraph is cut at the headings inside it (``_cut_at_headings``).
FLAT_PARAGRAPH = 3000
_INLINE_HEADING = re.compile(rf"[{HANZI_ORDINAL}]{{1,3}}[、,，.．]|[(（][{HANZI_ORDINAL}]{{1,3}}[)）]")
# Where a heading found inside a text ends: its first run of spaces, or its first sentence end.
_SENTENCE_END_RE = re.compile("[。！？；!?;]")
_AFTER = _SENT_END | set("：:")  # what a heading inside a text may follow
_LIST_AFTER = set("：:；;")  # after these, a numbered text may be a list item (``_list_item``)
_HEADING_END = re.compile(rf"[\s{INDENT}]+|[。！？；!?;]")
_OPENERS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "【": "】", "「": "」", "『": "』", "〔": "〕"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_QUOTE_OR_END = re.compile("[" + re.escape("".join([*_OPENERS, *_CLOSERS, *sorted(_SENT_END)])) + "]")
_PARA_END = set("。！？；!?;:：”’）)》】」』…")
_SPEAKER_RE = re.compile(r"(国务院总理|总理|省长|市长|自治区主席|主席|州长|盟长|区长|县长|代市长|代省长)\s*([\u4e00-\u9fff·]{2,5})\s*$")
_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def hanzi_ordinal_value(s: str) -> int:
    """Value of a small Chinese ordinal as used in headings: 一 → 1, 十 → 10, 十二 → 12, 二十一 → 21."""
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    if "十" not in s:
        return digits.get(s, 0) if len(s) == 1 else 0
    tens, _, ones = s.partition("十")
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


@dataclass(frozen=True, slots=True)  # slots: a long report has tens of thousands of paragraphs and sentences
class Paragraph:
    paragraph_id: str
    section_id: str
    start: int
    end: int
    text: str

    @property
    def n_chars(self) -> int:
        """CJK characters in the paragraph (U+3400 to U+9FFF)."""
        return len(self.text) - len(_CJK_CHAR.sub("", self.text))


@dataclass(frozen=True, slots=True)
class Sentence:
    sentence_id: str
    paragraph_id: str
    section_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Section:
    section_id: str
    level: int
    number: str
    title: str
    start: int
    end: int
    period: str = ""
    status: str = ""


@dataclass(frozen=True)
class Header:
    title: str = ""
    date: str = ""
    occasion: str = ""
    speaker: str = ""
    speaker_role: str = ""


@dataclass
class Structure:
    text: str
    header: Header
    sections: list[Section]
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    report_year: int | None = None
    _section_index: dict[str, Section] = field(default_factory=dict, repr=False)
    layer: Layer | None = field(default=None, repr=False)
    _reading: Structure | None = field(default=None, repr=False)
    _sentence_of: dict[str, str] | None = field(default=None, repr=False)

    @property
    def reading(self) -> Structure:
        """The structure of the repaired text that every stage reads (itself when nothing was repaired);
        its spans index ``layer.s``, and ``layer.span`` maps them to this structure's offsets."""
        return self._reading if self._reading is not None else self

    def report_rows(self, columns: list[str], rows: Iterable[Sequence[object]]) -> list[list[object]]:
        """Rows computed on ``self.reading`` given in this structure's offsets and text.

        ``start``/``end`` (and ``first_start``) are mapped through the layer; a text cell that was the
        repaired text of the row's span becomes the report's text of it (so ``text[start:end] == mention``
        holds), and a ``sentence`` cell becomes the report's text of that sentence.
        """
        to_report = self.report_row(columns)
        return list(rows) if to_report is None else [to_report(row) for row in rows]

    def report_row(self, columns: list[str]) -> Callable[[Sequence[object]], list[object]] | None:
        """The function that gives one row of ``report_rows``; None when the text needed no repair."""
        reading = self.reading
        if reading is self:
            return None
        layer, rtext = self.layer, reading.text
        col = {c: k for k, c in enumerate(columns)}
        i, j, f, sc = col.get("start"), col.get("end"), col.get("first_start"), col.get("sentence")
        sentence_of = self._report_sentences() if sc is not None else {}

        def to_report(row: Sequence[object]) -> list[object]:
            row = list(row)
            if i is not None and j is not None and isinstance(row[i], int) and isinstance(row[j], int):
                a, b = row[i], row[j]
                was = rtext[a:b]
                row[i], row[j] = layer.span(a, b)
                for k, cell in enumerate(row):
                    if k != sc and isinstance(cell, str) and cell == was and cell:
                        row[k] = layer.source[row[i]:row[j]]
            if f is not None and isinstance(row[f], int):
                row[f] = layer.offset(row[f])
            if sc is not None and isinstance(row[sc], str):
                row[sc] = sentence_of.get(row[sc], row[sc])
            return row

        return to_report

    def in_report(self, columns: list[str], rows: Sequence[Sequence[object]]) -> Sequence[Sequence[object]]:
        """``report_rows`` made as they are read (a ``tables.RowView``, or ``rows`` themselves when the text
        needed no repair); a ``tables.Columns`` table is mapped column by column where it can be
        (``_columns_in_report``), so that it is still written with no Python call per row."""
        to_report = self.report_row(columns)
        if to_report is None:
            return rows
        if isinstance(rows, Columns):
            mapped = self._columns_in_report(columns, rows)
            if mapped is not None:
                return mapped
        return RowView(rows, to_report)

    def _columns_in_report(self, columns: list[str], table: Columns) -> Columns | None:
        """``report_row`` for a table of columns with ``start`` and ``end`` (every row a span of at least one
        character, given as integers) and no ``first_start`` or ``sentence``; None for any other table.

        The spans are mapped through the layer; a column that may hold the repaired text of a row's span
        (a text among its values is one of the spans' texts) gives that row the report's text of the span
        instead, cell by cell as it is read (``_InReportText``); the other columns are kept as they are."""
        col = {c: k for k, c in enumerate(columns)}
        i, j = col.get("start"), col.get("end")
        if i is None or j is None or "first_start" in col or "sentence" in col:
            return None
        starts, ends = table.columns[i], table.columns[j]
        if not (_all_int(starts) and _all_int(ends) and all(map(operator.lt, starts, ends))):
            return None
        orig, rtext = self.layer.orig, self.reading.text
        mapped = (array("i", map(orig.__getitem__, starts)), array("i", [orig[b - 1] + 1 for b in ends]))
        spans = set(map(rtext.__getitem__, map(slice, starts, ends)))
        out: list[Sequence[object]] = []
        for k, column in enumerate(table.columns):
            if k in (i, j):
                out.append(mapped[k == j])
            elif isinstance(column, array) or spans.isdisjoint(_texts(column)):
                out.append(column)
            else:
                out.append(_InReportText(column, (starts, ends), mapped, rtext, self.layer.source))
        return Columns(out)

    def _report_sentences(self) -> dict[str, str]:
        """The report's text of each sentence and paragraph, by its repaired text (made once)."""
        if self._sentence_of is None:
            reading = self.reading
            self._sentence_of = {r.text: s.text for r, s in zip(reading.sentences, self.sentences)}
            self._sentence_of.update((r.text, p.text) for r, p in zip(reading.paragraphs, self.paragraphs))
        return self._sentence_of

    def section(self, section_id: str) -> Section:
        if not self._section_index:
            self._section_index = {s.section_id: s for s in self.sections}
        return self._section_index[section_id]

    def part_of(self, section_id: str) -> Section:
        """The level-0/1 section a (sub-)section belongs to."""
        return self.section(section_id.split(".")[0])


def _all_int(column: Sequence[object]) -> bool:
    """Whether every cell of a column is an integer."""
    return isinstance(column, array) and column.typecode in "bBhHiIlLqQ" or {int}.issuperset(map(type, column))


def _texts(column: Sequence[object]) -> list[str]:
    """The texts among a column's values (a ``tables.Lookup``'s distinct ones)."""
    return [v for v in (column.values if isinstance(column, Lookup) else column) if isinstance(v, str)]


class _InReportText(Sequence[object]):
    """A column of a table on the repaired text, given in the report's text: a cell that is the repaired
    text of its row's span becomes the report's text of the mapped span (as ``Structure.report_row`` does
    to every text cell of a row), each as it is read."""

    def __init__(self, cells: Sequence[object], spans: tuple[Sequence[int], Sequence[int]],
                 mapped: tuple[Sequence[int], Sequence[int]], reading: str, source: str) -> None:
        self._cells, self._spans, self._mapped, self._reading, self._source = cells, spans, mapped, reading, source

    def _cell(self, cell: object, a: int, b: int, a2: int, b2: int) -> object:
        return self._source[a2:b2] if isinstance(cell, str) and cell and cell == self._reading[a:b] else cell

    def __len__(self) -> int:
        return len(self._cells)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        (starts, ends), (starts2, ends2) = self._spans, self._mapped
        return self._cell(self._cells[i], starts[i], ends[i], starts2[i], ends2[i])

    def __iter__(self) -> Iterator[object]:
        return map(self._cell, self._cells, *self._spans, *self._mapped)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line terminator."""
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in INDENT or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in INDENT or text[end - 1].isspace()):
        end -= 1
    return start, end


def _visible(s: str) -> str:
    """A copy without zero-width characters, for pattern tests only (never for offsets)."""
    return _ZW_RE.sub("", s)


def is_heading(s: str) -> bool:
    v = _visible(s)
    return bool(_PART_RE.match(v) or _SUB_RE.match(v))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: every non-blank line lies in exactly one of them."""
    spans: list[list[int]] = []
    prev_blank = True
    for ls, le in _lines(text):
        s, e = _strip_span(text, ls, le)
        if s == e:
            prev_blank = True
            continue
        line = text[s:e]
        indented = s > ls
        if spans and not prev_blank and not indented and not is_heading(line):
            ps, pe = spans[-1]
            prev = _visible(text[ps:pe])
            last_line = prev.splitlines()[-1] if prev else ""
            starts_header_line = last_line.lstrip().startswith(("—", "-")) or bool(_SPEAKER_RE.search(line))
            if (prev and prev[-1] not in _PARA_END and len(last_line) >= 20 and not is_heading(prev)
                    and not starts_header_line):
                spans[-1][1] = e
                prev_blank = False
                continue
        spans.append([s, e])
        prev_blank = False
    return [(s, e) for s, e in spans]


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences at 。！？； outside quotes and brackets.

    Quotes or brackets left open by a typo would swallow the paragraph, so an unbalanced
    paragraph is split again ignoring them.
    """
    for respect_quotes in (True, False):
        spans, stack, s = [], [], start
        marks = _QUOTE_OR_END if respect_quotes else _SENTENCE_END_RE  # only these characters matter
        for m in marks.finditer(text, start, end):
            i, c = m.start(), m.group()
            if respect_quotes:
                if c in _OPENERS:
                    stack.append(c)
                    continue
                if c in _CLOSERS:
                    if stack and stack[-1] == _CLOSERS[c]:
                        stack.pop()
                    continue
            if c in _SENT_END and not stack:
                j = i + 1
                ss, se = _strip_span(text, s, j)
                if ss < se:
                    spans.append((ss, se))
                s = j
        if respect_quotes and stack:
            continue
        ss, se = _strip_span(text, s, end)
        if ss < se:
            spans.append((ss, se))
        return spans
    return []  # pragma: no cover - the second pass always returns


def five_year_plan_years(n: int) -> tuple[int, int]:
    """Years of the n-th five-year plan: 13 → (2016, 2020), 14 → (2021, 2025)."""
    start = 1966 + 5 * (n - 3) if n >= 3 else 1953 + 5 * (n - 1)
    return start, start + 4


# A five-year plan by its short name: “十四五”, 十三五, “六五”, “十五” (quoted where the name is short). Not
# 第二个五年计划: headings such as 第二个五年计划的第二年——一九五九年 are about one year.
_PLAN_NAME = re.compile(r"[“\"‘](十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’]|(十[一二三四五六七八九])五")


def plan_years(name: str) -> tuple[int, int] | None:
    """Years of the five-year plan a text names first (``“六五”计划执行情况的回顾`` → (1981, 1985),
    ``“十四五”规划`` → (2021, 2025)), or None."""
    m = _PLAN_NAME.search(name)
    if m:
        n = hanzi_ordinal_value(next(g for g in m.groups() if g))
        return five_year_plan_years(n) if n else None
    return None


def section_period(title: str, report_year: int | None) -> tuple[str, str]:
    """Default (period, status) of figures in a part, from its heading.

    ``2020年政府工作`` → (2020, actual); ``“十四五”规划和二〇三五年远景目标`` → (2021-2025, target);
    a heading without a year (``建设人民满意的服务型政府``) takes the report's year as a plan.
    """
    t = _visible(title).translate(_FULLWIDTH_DIGITS)
    plan = plan_years(t)
    if plan:
        period = f"{plan[0]}-{plan[1]}"
        status = "actual" if report_year and plan[1] < report_year else "target"
        return period, status
    m = re.search(r"(\d{4})年", t)
    if m:
        year = int(m.group(1))
        status = "actual" if (report_year and year < report_year) or "回顾" in t else "target"
        return str(year), status
    if report_year:
        from .reference import read_table

        for cue in read_table("period_cues.csv"):  # 过去五年工作回顾, 今后五年的目标任务
            if cue["period"] in ("plan", "past_plan") and re.search(cue["pattern"], t):
                if cue["period"] == "plan":
                    return f"{report_year}-{report_year + 4}", "target"
                return f"{report_year - 5}-{report_year - 1}", "actual"
        if "回顾" in t or "成就" in t:
            return str(report_year - 1), "actual"
        return str(report_year), "target"
    return "", ""


def _report_year(text: str, header_end: int, header: Header) -> int | None:
    if header.date:
        return int(header.date[:4])
    m = re.search(r"(\d{4})年[^\n]{0,30}工作报告", text[:header_end].translate(_FULLWIDTH_DIGITS))
    return int(m.group(1)) if m else None


def _header(text: str, paras: list[tuple[int, int]]) -> Header:
    title = date = occasion = speaker = role = ""
    occ: list[str] = []
    in_occ = False
    for s, e in paras:
        line = _visible(text[s:e]).strip()
        if not title and "工作报告" in line:
            title = line
        m = _DATE_RE.search(line.translate(_FULLWIDTH_DIGITS))
        if m and not date:
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        if line.startswith(("——", "—", "--")) or in_occ:
            occ.append(line.lstrip("—-— "))
            in_occ = not line.endswith("上")
            if not in_occ:
                occasion = "".join(occ)
            continue
        sm = _SPEAKER_RE.search(line)
        if sm and not speaker and len(line) <= 30:
            role, speaker = sm.group(1), sm.group(2)
    if occ and not occasion:
        occasion = "".join(occ)
    occasion = _DATE_RE.sub("", occasion.translate(_FULLWIDTH_DIGITS)).strip()
    occasion = re.sub(r"^在|上$", "", occasion)  # 在…会议上 → the meeting's name
    return Header(title=title, date=date, occasion=occasion, speaker=speaker, speaker_role=role)


def _first_sentence_title(text: str, s: int, e: int, numeral_len: int) -> str:
    spans = sentence_spans(text, s, e)
    first = text[spans[0][0]:spans[0][1]] if spans else text[s:e]
    title = first[numeral_len:] if first.startswith(text[s:s + numeral_len]) else first
    return _visible(title).strip(INDENT).rstrip("。！？；!?;:：")


def parse(text: str, year: int | None = None) -> Structure:
    """Parse a report's text into header, sections, paragraphs and sentences.

    Spans index ``text``; the outline is found on the repaired copy (``Structure.reading``). ``year`` is the
    year the report was delivered, for a text whose header does not say (the State Council texts of the
    corpus start at 各位代表; corpus mode takes the year from the title or file name); a year in the header wins.
    """
    if not isinstance(text, str):
        from .errors import ReportError

        raise ReportError(f"parse takes the report's text (a str, e.g. load_report().text), not {type(text).__name__}.")
    layer = repair(text)
    reading = _parse(layer.s, year)
    reading.layer = layer
    if layer.identity:
        return reading
    return _in_report_offsets(reading, layer)


def _in_report_offsets(reading: Structure, layer: Layer) -> Structure:
    """The structure of the repaired copy with every span mapped to the report's offsets (texts sliced from
    the report; titles, header and periods as read)."""
    src = layer.source

    def mapped(x):
        a, b = layer.span(x.start, x.end)
        if not hasattr(x, "text"):
            return replace(x, start=a, end=b)
        text = src[a:b]
        return replace(x, start=a, end=b, text=x.text if text == x.text else text)  # one string where they agree

    return Structure(src, reading.header, [mapped(s) for s in reading.sections],
                     [mapped(p) for p in reading.paragraphs], [mapped(s) for s in reading.sentences],
                     reading.report_year, layer=layer, _reading=reading)


def _next_heading(v: str, n_parts: int, n_subs: int) -> tuple[str, re.Match[str] | None]:
    """Whether ``v`` starts with the next part heading (``part``) after ``n_parts`` parts, or the next
    sub-section heading (``sub``) after ``n_subs`` in the current part; ("", None) if neither."""
    m = _PART_RE.match(v)
    if m and hanzi_ordinal_value(m.group(1)) == n_parts + 1:
        return "part", m
    m = _SUB_RE.match(v)
    if m and n_parts and hanzi_ordinal_value(m.group(1)) == n_subs + 1:
        return "sub", m
    return "", None


def _cut_at_headings(text: str, s: int, e: int, n_parts: int, n_subs: int) -> list[tuple[int, int]]:
    """A paragraph too long to be one (``FLAT_PARAGRAPH``: its line breaks were lost) cut into paragraphs at
    the part and sub-section headings inside it, each heading a paragraph of its own.

    A heading inside the text is a numeral (``二、``, ``（三）``) that starts the paragraph or follows a
    sentence end (。！？； and a closing quote after one), a colon or a run of spaces (what is left of an
    indented line), and that continues the numbering (``_next_heading``, from ``n_parts`` parts and
    ``n_subs`` sub-sections so far): so 一是…二是…, 第一，… and 统一、 are never headings, nor are the
    items of a list after a colon or semicolon whose first sentence ends with a semicolon (``_list_item``). A heading
    ends at its first run of spaces or sentence end, or where the next heading starts; the text between
    headings stays one paragraph (paragraph breaks themselves cannot be recovered).
    """
    heads = []  # (start, end of the numeral) of each heading
    for m in _INLINE_HEADING.finditer(text, s, e):
        after = _after_what(text, s, m.start())
        if after is None or after in _LIST_AFTER and _list_item(text, m.end(), e):
            continue
        kind, _ = _next_heading(m.group(), n_parts, n_subs)
        if kind == "part":
            n_parts, n_subs = n_parts + 1, 0
        elif kind == "sub":
            n_subs += 1
        else:
            continue
        heads.append(m.span())
    if not heads:
        return [(s, e)]
    pieces = [(s, heads[0][0])]
    for (p, n), q in zip(heads, [h[0] for h in heads[1:]] + [e]):
        m = _HEADING_END.search(text, n, q)
        cut = q if m is None else m.end() if m.group()[0] in _SENT_END else m.start()
        pieces += [(p, cut), (cut, q)]
    return [span for span in (_strip_span(text, a, b) for a, b in pieces) if span[0] < span[1]]


def _list_item(text: str, a: int, e: int) -> bool:
    """Whether the numbered text from ``a`` is an item of a list (一、…；二、…；): its first sentence ends
    with a semicolon, as no heading's first sentence does."""
    m = _SENTENCE_END_RE.search(text, a, e)
    return m is not None and m.group() in "；;"


def _after_what(text: str, s: int, p: int) -> str | None:
    """What position ``p`` of the paragraph starting at ``s`` follows, if a paragraph could start there:
    "" at the paragraph's start or after spaces, else the sentence end or colon before it (a closing
    quote or bracket after a sentence end counts as that sentence end); None anywhere else."""
    q = p
    while q > s and (text[q - 1] in INDENT or text[q - 1].isspace()):
        q -= 1
    if q == s or q < p:
        return ""
    c = text[q - 1]
    if c in _CLOSERS and q - 2 >= s and text[q - 2] in _SENT_END:
        c = text[q - 2]
    return c if c in _AFTER else None


Headings = list[tuple[int, str, int]]  # (paragraph index, numeral, n) of each heading


def _outline(text: str) -> tuple[list[tuple[int, int]], Headings, dict[int, Headings]]:
    """The paragraphs of ``text``, its part headings, and the sub-section headings of each part (by number).

    Headings must be numbered consecutively; a paragraph too long to be one (its line breaks were lost)
    is first cut at the headings inside it (``_cut_at_headings``).
    """
    pspans: list[tuple[int, int]] = []
    parts: Headings = []
    subs: dict[int, Headings] = {}
    for ps, pe in paragraph_spans(text):
        pieces = [(ps, pe)] if pe - ps <= FLAT_PARAGRAPH else _cut_at_headings(text, ps, pe, len(parts),
                                                                                len(subs[len(parts)]) if parts else 0)
        for s, e in pieces:
            k = len(pspans)
            pspans.append((s, e))
            kind, m = _next_heading(_visible(text[s:e]), len(parts), len(subs[len(parts)]) if parts else 0)
            if kind == "part":
                parts.append((k, m.group(1), len(parts) + 1))
                subs[len(parts)] = []
            elif kind == "sub":
                current = subs[len(parts)]
                current.append((k, m.group(0), len(current) + 1))
    return pspans, parts, subs


def heading_counts(text: str) -> tuple[int, int]:
    """How many parts and sub-sections ``parse`` finds in ``text`` (without the rest of the parse)."""
    _, parts, subs = _outline(repair(text).s)
    return len(parts), sum(map(len, subs.values()))


def _parse(text: str, year: int | None = None) -> Structure:
    """The structure of ``text`` as it stands (no repair)."""
    pspans, parts, subs = _outline(text)
    first_part = parts[0][0] if parts else len(pspans)
    header = _header(text, pspans[:first_part])
    header_end = pspans[first_part][0] if parts else len(text)
    report_year = _report_year(text, header_end, header) or year

    sections: list[Section] = []
    para_section = ["0"] * len(pspans)
    if first_part > 0:
        sections.append(Section("0", 0, "", header.title, pspans[0][0], pspans[first_part - 1][1]))
    bounds = [p[0] for p in parts] + [len(pspans)]
    for i, (k, numeral, n) in enumerate(parts):
        last = bounds[i + 1] - 1
        s, e = pspans[k]
        heading_title = _visible(text[s:e])[len(numeral) + 1:].strip(INDENT)
        period, status = section_period(heading_title, report_year)
        part = Section(str(n), 1, numeral, heading_title.rstrip("。"), s, pspans[last][1], period, status)
        sections.append(part)
        for j in range(k, last + 1):
            para_section[j] = part.section_id
        sub_list = subs[n]
        sub_bounds = [x[0] for x in sub_list] + [last + 1]
        for si, (sk, snum, sn) in enumerate(sub_list):
            ss, se = pspans[sk]
            sid = f"{n}.{sn}"
            title = _first_sentence_title(text, ss, se, len(snum))
            sections.append(Section(sid, 2, snum, title, ss, pspans[sub_bounds[si + 1] - 1][1], period, status))
            for j in range(sk, sub_bounds[si + 1]):
                para_section[j] = sid
    paragraphs = [
        Paragraph(f"P{i + 1:03d}", para_section[i], s, e, text[s:e]) for i, (s, e) in enumerate(pspans)
    ]
    sentences: list[Sentence] = []
    for p in paragraphs:
        for s, e in sentence_spans(text, p.start, p.end):
            sentences.append(Sentence(f"S{len(sentences) + 1:04d}", p.paragraph_id, p.section_id, s, e, text[s:e]))
    return Structure(text, header, sections, paragraphs, sentences, report_year)
