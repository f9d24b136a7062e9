"""The text layer: the report's text repaired for reading, on a copy with an exact map back to its offsets.

Text that came out of a PDF, a web page or a careless conversion carries layout damage that no stage
should have to know about. ``repair(text)`` undoes it on a copy (a ``Layer``) by deleting characters and
replacing one character by one, never by inserting, so every character of the copy comes from one
character of the report and ``Layer.span`` maps any span of the copy back to the report's offsets
(``text[start:end] == mention`` holds for every row written). What it repairs:

* **look-alike characters** from PDF fonts: Kangxi radicals (U+2F00–U+2FD5, ``⼈`` for ``人``) by Unicode
  NFKC, CJK radical supplements (``⻓`` for ``长``) and dash glyphs by the table
  ``data/reference/lookalike_characters.csv``;
* **spaces a converter put inside or around numbers** (``1 9 9 3 年``, ``完成 270.06 亿元``, ``增长 8%以上``,
  ``8 ．8 ％``) and between Chinese characters on a line (never a line's indentation);
* **page furniture**: page-number lines (``— 3 —``, ``第 3 页``, ``3/12``) and running headers or footers,
  found by their repetition next to page boundaries (a form feed, as the PDF reader writes between pages,
  or a page-number line);
* **a middle dot for a decimal point** before a percent sign (``增长14·1％``);
* **a line break between a number and its unit** (``达到74.4⏎⏎万亿元``), blank or zero-width lines included;
* **lines broken inside a paragraph, a sentence or a number**: when most lines of the text are of one
  full length (a page's width, or a fixed number of characters), a full line that does not end a sentence
  continues on the next line, unless that one is indented or a heading.

Clean text comes back unchanged (``Layer.identity``), so a clean report's tables do not depend on this
module at all. ``normalise`` (below) is the narrower copy that the mention scanner matches on: full-width
digits and signs folded, zero-width characters removed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_FOLD = str.maketrans("０１２３４５６７８９％．＋：－～，", "0123456789%.+:-~,")


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@dataclass(frozen=True)
class Normalised:
    """A copy of the text for matching, with ``orig[i]`` = offset in the report of character i.

    ``orig`` is None when nothing was removed (the usual case): offsets are then the same.
    """

    s: str
    orig: array | None
    n: int

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Report offsets of normalised span [a, b)."""
        if self.orig is None:
            return a, b
        return self.orig[a], (self.orig[b - 1] + 1 if b > a else self.orig[a])


_ZERO_WIDTH_RUN = re.compile(f"[{_ZERO_WIDTH}]+")
_ZW_OR_SPACE = re.compile(f"[{_ZERO_WIDTH}\\s]")


_FOLD_PAIRS = tuple((chr(k), chr(v)) for k, v in _FOLD.items())


def _fold(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one.

    ``str.replace`` per character present is several times faster than a regular expression or
    ``str.translate`` on a long Chinese text, and on a sentence too.
    """
    for wide, narrow in _FOLD_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


def normalise(text: str) -> Normalised:
    """The copy the mention scanner matches on: full-width digits and signs folded, zero-width removed."""
    folded = _fold(text)
    if not any(z in folded for z in _ZERO_WIDTH):  # one fast substring search per character
        return Normalised(folded, None, len(text))
    s, orig = _deleted(folded, [m.span() for m in _ZERO_WIDTH_RUN.finditer(folded)])
    return Normalised(s, orig, len(text))


# --- the repaired layer -------------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """The report's text (``source``) and its repaired copy ``s``; ``orig[i]`` is the report offset of
    ``s[i]`` (``orig[len(s)] == len(source)``), or None when the copy is the text itself."""

    source: str
    s: str
    orig: array | None

    @property
    def identity(self) -> bool:
        """Whether nothing was repaired (offsets of the copy are the report's)."""
        return self.orig is None

    def offset(self, i: int) -> int:
        """The report offset of copy offset ``i`` (``len(s)`` maps to ``len(source)``)."""
        return i if self.orig is None else self.orig[i]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Report offsets of the copy's span [a, b): from its first character to just after its last."""
        if self.orig is None:
            return a, b
        if b <= a:
            return self.orig[a], self.orig[a]
        return self.orig[a], self.orig[b - 1] + 1

    def text_of(self, a: int, b: int) -> str:
        """The report's text under the copy's span [a, b)."""
        start, end = self.span(a, b)
        return self.source[start:end]


@lru_cache(maxsize=1)
def lookalikes() -> dict[int, str]:
    """``str.translate`` table: Kangxi radicals by NFKC, radical supplements and dash glyphs by the table."""
    from .reference import read_table

    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    for row in read_table("lookalike_characters.csv"):
        table[int(row["code"][2:], 16)] = row["ordinary"]
    return {cp: c for cp, c in table.items() if len(c) == 1}  # one character for one, always


_DIGIT = "0-9\uff10-\uff19"
_CJK = ("\u2e80-\u2fdf\u3001-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff5e"
        "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7")
_SP = "[ \t\u00a0\u3000]+"
# Spaces to delete, each a run between two characters that never have a space between them in print.
_SPACE_RUN = re.compile(_SP)
_SPACE_RULES = [re.compile(p) for p in (
    rf"(?<=[{_DIGIT}%％]){_SP}(?=[{_CJK}])",          # 2019 年, 270.06 亿元, 8% 以上
    rf"(?<=[{_CJK}()]){_SP}(?=[{_DIGIT}])",           # 完成 270.06, 增长 8%, (山东省) 2021年
    rf"(?<=[A-Za-z]){_SP}(?=[{_DIGIT}])",             # PM 2.5
    rf"(?<=[{_DIGIT}]){_SP}(?=[%％])",                 # 8 %
    rf"(?<=[{_DIGIT}]){_SP}(?=[.．][{_DIGIT}])",       # 270 .06
    rf"(?<=[{_DIGIT}][.．]){_SP}(?=[{_DIGIT}])",       # 270. 06
)]
# Spaces between Chinese characters (政 府 工 作): deleted only in a text that has them throughout (more
# than one in _CJK_SPACED_PER characters), since one may be meant (a title before a name: 市长 闫剑波).
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_CJK_SPACED_PER = 500
# A number spelled one character at a time: 1 9 9 3, 8 ．8 ％, 1 ,2 8 6 (single characters, single spaces).
_SPACED_NUMBER = re.compile(rf"(?<![{_DIGIT}.．])[{_DIGIT}](?:[ \u3000][{_DIGIT}.．,%％‰](?![{_DIGIT}]))+")
_MIDDOT_DECIMAL = re.compile(rf"(?<=[{_DIGIT}])·(?=[{_DIGIT}]+[%％])")
_LINE_END = re.compile(r"\r\n|\n|\r|\f")
_PAGE_NUMBER = re.compile(r"^[-—–－~·•]*(?:第)?#(?:页)?(?:[/／]#|共#页)?(?:页)?[-—–－~·•]*$")
_DIGITS = re.compile(rf"[{_DIGIT}]+")
_HEADING = re.compile(r"^[\s\u3000]*(?:[一二三四五六七八九十]{1,3}[、,，.．]|[(（][一二三四五六七八九十]{1,3}[)）])")
_SENTENCE_END = set("。！？!?")
_CLOSING = set("”’」』）)")
_RUNNING_MAX_CHARS = 40  # a running header or footer is one short line
_NEAR = 2  # lines (not blank) between a running header or footer and the page boundary


@dataclass(frozen=True)
class _Line:
    start: int  # first character of the line
    end: int    # end of its content, before the terminator
    next: int   # start of the next line
    term: str   # the terminator: \n, \r\n, \r, \f or "" at the end of the text


def _lines(text: str) -> list[_Line]:
    """Every line of the text, split at line breaks and form feeds."""
    out, pos = [], 0
    for m in _LINE_END.finditer(text):
        out.append(_Line(pos, m.start(), m.end(), m.group()))
        pos = m.end()
    out.append(_Line(pos, len(text), len(text), ""))
    return out


def _content(folded: str, ln: _Line) -> tuple[int, int]:
    """Offsets of a line's content without its indentation and trailing spaces."""
    a, b = ln.start, ln.end
    while a < b and folded[a].isspace():
        a += 1
    while b > a and folded[b - 1].isspace():
        b -= 1
    return a, b


def _key(line: str) -> str:
    """A line as a running header compares: digits as #, no spaces (``— 3 —`` and ``— 14 —`` agree)."""
    return _DIGITS.sub("#", re.sub(r"\s+", "", line))


def _page_boundaries(lines: list[_Line], nonblank: list[int], page_numbers: set[int]) -> list[int]:
    """Ranks (among non-blank lines) of the lines at a page boundary: page-number lines, the first and last
    line of each page where pages are separated by form feeds, and the text's last line. (The text's first
    line is a boundary only for itself: the lines after it are the title, which may read like the running
    header.)"""
    rank = {k: r for r, k in enumerate(nonblank)}
    bounds = {len(nonblank) - 1} | {rank[k] for k in page_numbers}
    for k, ln in enumerate(lines):
        if ln.term == "\f":
            before = bisect_right(nonblank, k) - 1
            bounds.update(r for r in (before, before + 1) if 0 < r < len(nonblank))
    return sorted(bounds)


def _furniture(folded: str, lines: list[_Line]) -> set[int]:
    """Indices of page-number lines and running headers or footers.

    Page numbers: lines that are only a page number (``— 3 —``, ``第3页``, ``3/12``), when they rise
    through the text as page numbers do (``_page_sequence``). Running headers and footers: a short line that recurs (digits aside)
    within two lines of a page boundary on at least three pages (on every page of a shorter text, and at
    least twice), and lies there at least 60% of the times it occurs (a title that reads like the running
    header is the other 40%); a line that ends a sentence is text, not a header.
    """
    spans = [_content(folded, ln) for ln in lines]
    keys = [_key(folded[a:b]) for a, b in spans]
    nonblank = [k for k, key in enumerate(keys) if key]
    numbered = [k for k in nonblank if _PAGE_NUMBER.match(keys[k])]
    page_numbers = set()
    for group in ([k for k in numbered if keys[k] != "#"], [k for k in numbered if keys[k] == "#"]):
        values = [int(_DIGITS.search(folded[spans[k][0]:spans[k][1]]).group().translate(_FOLD)) for k in group]
        if _page_sequence(values, bare=keys[group[0]] == "#" if group else False):
            page_numbers.update(group)
    if not page_numbers and "\f" not in folded:
        return set()
    bounds = _page_boundaries(lines, nonblank, page_numbers)
    by_key: dict[str, list[int]] = defaultdict(list)
    for r, k in enumerate(nonblank):
        if k not in page_numbers and len(keys[k]) <= _RUNNING_MAX_CHARS and keys[k][-1] not in _SENTENCE_END | {"；", ";"}:
            by_key[keys[k]].append(r)
    pages = max(folded.count("\f") + 1, len(page_numbers))
    found = set(page_numbers)
    for ranks in by_key.values():
        near = [r for r in ranks if r == 0 or _distance(bounds, r) <= _NEAR]
        if len(near) >= min(3, pages) and len(near) >= 2 and len(near) >= 0.6 * len(ranks):
            found.update(nonblank[r] for r in near)
    return found


def _page_sequence(values: list[int], bare: bool) -> bool:
    """Whether numbers on lines of their own are page numbers: rising through the text, mostly by one
    (every page or nearly), at least two of them — three for bare numbers (``3``), which a wrapped line
    of a text (``PM\n10\n``) can also be."""
    steps = [b - a for a, b in zip(values, values[1:])]
    return (len(values) >= (3 if bare else 2) and all(d > 0 for d in steps)
            and sum(d == 1 for d in steps) >= 0.5 * len(steps))


def _distance(bounds: list[int], r: int) -> int:
    """How many non-blank lines rank ``r`` lies from the nearest page boundary."""
    if not bounds:
        return 10**9
    i = bisect_right(bounds, r)
    return min(abs(r - b) for b in bounds[max(0, i - 1):i + 1])


def _width(s: str) -> int:
    """Printed width in half-em units: wide (CJK) characters 2, others 1."""
    return len(s) + sum(map(_WIDE.__getitem__, s))


class _Wide(dict):
    """character → whether it prints wide (East Asian width W or F), looked up in ``unicodedata`` once per
    distinct character (the dictionary's own lookup, not a function call, for every other)."""

    def __missing__(self, c: str) -> bool:
        wide = self[c] = unicodedata.east_asian_width(c) in "WF"
        return wide


_WIDE = _Wide()


def _full_length(values: list[int], limit: int) -> float | None:
    """The full line length of a text wrapped at a fixed length, or None when its lines are not wrapped.

    Wrapped text has most of its lines at one length: the 90th percentile of line lengths is that length,
    at most ``limit`` (a page is narrower than that), and at least 40% of the lines come within 10% of it.
    """
    vals = sorted(v for v in values if v >= 8)
    if len(vals) < 8:
        return None
    top = vals[int(0.9 * (len(vals) - 1))]
    if top > limit or sum(v >= 0.9 * top for v in vals) < 0.4 * len(vals):
        return None
    return 0.9 * top


def _wrap_joins(folded: str, lines: list[_Line], furniture: set[int]) -> list[tuple[int, int]]:
    """Spans to delete where a full line continues on the next one (the break and what lies between)."""
    spans = {k: _content(folded, ln) for k, ln in enumerate(lines) if k not in furniture}
    body = [k for k, (a, b) in spans.items() if b > a]
    chars = [spans[k][1] - spans[k][0] for k in body]
    widths = [_width(folded[spans[k][0]:spans[k][1]]) for k in body]
    full_chars, full_width = _full_length(chars, 80), _full_length(widths, 160)
    if full_chars is None and full_width is None:
        return []
    out = []
    for (i, ci, wi), j in zip(zip(body, chars, widths), body[1:]):
        if not ((full_chars and ci >= full_chars) or (full_width and wi >= full_width)):
            continue
        a, b = spans[i]
        last = folded[b - 1]
        if last in _SENTENCE_END or (last in _CLOSING and folded[b - 2:b - 1] in _SENTENCE_END):
            continue
        ja, _ = spans[j]
        if ja > lines[j].start or _HEADING.match(folded, ja):  # indented, or a heading: a new paragraph
            continue
        between = range(i + 1, j)
        blank = [k for k in between if k not in furniture]
        if blank and not any(lines[k].term == "\f" for k in range(i, j)):
            continue  # a blank line is a paragraph break, unless a page ended there
        out.append((b, ja))
    return out


def _space_deletions(folded: str) -> list[tuple[int, int]]:
    """Spans of spaces a converter put inside or around numbers and between Chinese characters.

    Each rule's matches start where a run of spaces starts (a spaced number's, one character before), so
    the rules are tried only there (``_matches_at``): a report has a hundred such places, and a hundred
    thousand characters for a rule starting with a lookbehind to be tried at."""
    runs = [m.start() for m in _SPACE_RUN.finditer(folded)]
    out = [m.span() for rule in _SPACE_RULES for m in _matches_at(rule, folded, runs)]
    between = [m.span() for m in _matches_at(_CJK_SPACE, folded, runs)]
    if len(between) > max(3, len(folded) / _CJK_SPACED_PER):
        out += between
    for m in _matches_at(_SPACED_NUMBER, folded, [k - 1 for k in runs if k > 0]):
        out.extend((k, k + 1) for k in range(m.start(), m.end()) if folded[k] in " \u3000")
    return out


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` gives when every match of the pattern starts at one of ``starts``
    (in order): the pattern matched at each of them, a start inside the match before skipped."""
    end = 0
    for k in starts:
        if k >= end:
            m = pattern.match(text, k)
            if m:
                end = m.end()
                yield m


_GAP = rf"[ \t\u00a0\u3000{_ZERO_WIDTH}]*"


@lru_cache(maxsize=1)
def _broken_number() -> re.Pattern:
    """A line break (with blank or zero-width lines around it) between a number's digits and its unit:
    ``达到74.4⏎​⏎万亿元`` (units of ``units.csv``, 万 and 亿, the percent sign)."""
    from .reference import read_table

    words = sorted({r["unit"] for r in read_table("units.csv") if r["unit"]} | {"万", "亿", "%", "％"}, key=len, reverse=True)
    return re.compile(rf"(?<=[{_DIGIT}])(?:{_GAP}(?:\r\n|\n|\r){_GAP})+(?={'|'.join(map(re.escape, words))})")


# A subscript set on a line of its own: 广义货币M⏎2⏎增长13.6%, 颗粒物（PM⏎2.5⏎）.
_SUBSCRIPT = re.compile(rf"(?<=[A-Za-z])({_GAP}(?:\r\n|\n|\r){_GAP})[{_DIGIT}]{{1,3}}(?:[.．][{_DIGIT}]{{1,2}})?({_GAP}(?:\r\n|\n|\r){_GAP})(?=\S)")


def _number_breaks(folded: str) -> list[tuple[int, int]]:
    """Spans to delete where a line break falls inside a number, between its digits and its unit, or
    around a subscript set on a line of its own (M⏎2⏎ is M2)."""
    if "\n" not in folded and "\r" not in folded:
        return []
    out = [m.span() for m in _broken_number().finditer(folded)]
    for m in _SUBSCRIPT.finditer(folded):
        out += [m.span(1), m.span(2)]
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of spans."""
    out: list[list[int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _build(text: str, folded: str, deletions: list[tuple[int, int]]) -> Layer:
    """The copy: ``folded`` without the deleted spans, and the map of each kept character back."""
    if not deletions and folded == text:
        return Layer(text, text, None)
    return Layer(text, *_deleted(folded, deletions))


def _deleted(text: str, deletions: list[tuple[int, int]]) -> tuple[str, array]:
    """``text`` without the spans ``deletions``, and the offset in ``text`` of each character kept (plus
    ``len(text)`` at the end) as an array of 32-bit integers: 4 bytes a character, where a tuple of ints
    took 36 (the map is as long as the report, so it was a third of the memory a large report needed)."""
    pieces, orig, pos = [], array("i"), 0
    for a, b in _merged(deletions) + [(len(text), len(text))]:
        pieces.append(text[pos:a])
        orig.extend(range(pos, a))
        pos = b
    orig.append(len(text))
    return "".join(pieces), orig


def _decimal_dots(text: str) -> str:
    """A middle dot written for a decimal point (增长14·1％) as the point, one character for one; only
    before a percent sign, so names such as “4·24” keep theirs."""
    return _MIDDOT_DECIMAL.sub(".", text) if "·" in text else text


def repair(text: str) -> Layer:
    """The report's text with its layout damage repaired, and the exact map back (see the module's doc)."""
    table = lookalikes()
    folded = text.translate(table) if any(ord(c) in table for c in set(text)) else text
    folded = _decimal_dots(folded)
    lines = _lines(folded)
    furniture = _furniture(folded, lines)
    deletions = [(lines[k].start, lines[k].next) for k in furniture]
    deletions += _wrap_joins(folded, lines, furniture)
    deletions += _space_deletions(folded)
    deletions += _number_breaks(folded)
    return _build(text, folded, deletions)


__all__ = ["Layer", "Normalised", "lookalikes", "normalise", "repair"]
