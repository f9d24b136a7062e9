"""Finding mentions: every run of digits in the text lies in exactly one mention.

Quoted names with digits first (“4·24”), then each digit run from left to right through the mention
grammar (dates, times, years, ranks, identifiers, ranges, durations, quantities), then Chinese numerals in
the gaps (二〇三五年, 百分之八十, 两座).
"""

from __future__ import annotations

import bisect
import re
import string
from functools import lru_cache
from operator import attrgetter

from ..textlayer import normalise
from .numbers import HANZI_DIGITS, _HANZI_YEAR_DIGITS, _UNITS_CACHE, _is_plain_quantity, _patterns, _quantity_fields, _quantity_parts, _quantity_reading, hanzi_value
from .record import Figure
from .vocab import _hanzi_context, units


@lru_cache(maxsize=1)
def _not_plain_followers() -> frozenset[str]:
    """Characters that, right after a run of digits, may start something other than a plain quantity:
    a date or time (年 月 日 - :), a rank (强), an identifier (+ · ASCII letters), a decimal or thousands
    separator, a range (% - — – ~ 至 到, whitespace) or a duration (the first character of a time unit);
    and "" for the end of the text."""
    time_starts = {u[0] for u, x in units().items() if x.kind == "time"}
    spaces = {chr(i) for i in range(0x3001) if chr(i).isspace()}
    letters = set(string.ascii_letters)
    return frozenset("-:年月日强+·.,%—–~至到") | frozenset(time_starts) | frozenset(spaces) | frozenset(letters) | {""}


_LEAD_CHARS = frozenset("第前-") | frozenset(string.ascii_letters) | {""}


_RANGE_AFTER_PERCENT = frozenset("-—–~至到")


def _only_quantity_at(s: str, start: int, e: int, not_plain: frozenset[str]) -> bool:
    """Whether the run of digits ``s[start:e]`` can only begin a plain quantity, so that the quantity
    pattern alone gives the main pattern's match: at most four digits (no year range or hotline), no
    letter, 第, 前 or - before it (no identifier or rank), and nothing after the number that starts a date,
    time, rank, identifier, range or duration (``_plain_number_at``)."""
    return (e - start < 5 and s[start - 1:start] not in _LEAD_CHARS
            and (s[e:e + 1] not in not_plain or _plain_number_at(s, e, not_plain)))


def _plain_number_at(s: str, e: int, not_plain: frozenset[str]) -> bool:
    """Whether a number whose run of digits ends at ``e`` can only be a plain quantity (3.6%, 12%, 0.5个).

    The caller has checked that the run has at most four digits and no letter, 第 or 前 before it, so
    no date, time, year, rank or identifier can start there. What is left is the character after the
    whole number: after a decimal part (3.6), and after a percent sign (12%) unless a range follows
    (12%-15%, 12% 至 15%). For a run followed directly by an ordinary character the caller does not
    call this at all.
    """
    ch = s[e:e + 1]
    if ch == "." and s[e + 1:e + 2].isdecimal():
        e += 2
        while s[e:e + 1].isdecimal():
            e += 1
        ch = s[e:e + 1]
        if ch not in not_plain:
            return True
    if ch == "%":
        after = s[e + 1:e + 2]
        return bool(after) and not after.isspace() and after not in _RANGE_AFTER_PERCENT
    return False


_FORMULA = re.compile(r"\d+(?:[+·][\dA-Za-z]+)+")


def find_mentions(text: str) -> list[Figure]:
    """All numeric mentions in text order; every digit run is inside exactly one of them.

    Three passes over the normalised text (``textlayer.normalise``), each a step of its own:
    quoted names with digits (“4·24”) are reserved first; then every run of digits is read from left to
    right through the mention grammar; then Chinese numerals are read in the gaps left.
    """
    if not _UNITS_CACHE:
        _UNITS_CACHE.update(units())
    scan = _Scan(text)
    scan.quoted_names()
    scan.digit_runs()
    scan.hanzi_years()
    scan.hanzi_percent_ranges()
    scan.hanzi_ranks_and_percents()
    scan.hanzi_quantities()
    scan.found.sort(key=attrgetter("start", "end"))  # report offsets run in the same order as the normalised ones
    return scan.found


class _Scan:
    """The state of one pass over a text: the normalised copy, the mentions found so far and the
    characters they cover (so that every digit run lands in exactly one mention)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nt = normalise(text)
        self.s = self.nt.s
        self.pats = _patterns()
        self.found: list[Figure] = []
        self.covered = bytearray(len(self.s) + 1)
        self.identity = self.nt.orig is None
        self.reserved: list[tuple[int, int]] = []
        self.reserved_mask = b""
        self.quotes: list[tuple[int, int]] = []
        self.quote_starts: list[int] = []

    # ------------------------------------------------------------------ recording
    def _span(self, a: int, b: int) -> tuple[int, int]:
        return (a, b) if self.identity else self.nt.span(a, b)

    def add(self, a: int, b: int, **kw) -> None:
        """Record a mention over normalised span [a, b)."""
        ta, tb = self._span(a, b)
        self.found.append(Figure("", ta, tb, self.text[ta:tb], **kw))
        self.covered[a:b] = b"\x01" * (b - a)

    def add_reading(self, a: int, b: int, reading: tuple) -> None:
        """A quantity read by ``_quantity_reading`` (the common case, kept lean)."""
        category, value, unit, written, note, unit_kind = reading
        ta, tb = self._span(a, b)
        f = Figure("", ta, tb, self.text[ta:tb], "arabic", category, value, unit, written)
        if note:
            f.note = note
        if unit_kind:
            f._unit_kind = unit_kind
        self.found.append(f)
        self.covered[a:b] = b"\x01" * (b - a)

    def overlaps(self, a: int, b: int) -> tuple[int, int] | None:
        """The reserved (quoted) span that [a, b) overlaps, if any."""
        if self.reserved_mask.find(1, a, b) < 0:
            return None
        reserved = self.reserved
        i = bisect.bisect_right(reserved, (a, 10**12)) - 1
        for j in (i, i + 1):
            if 0 <= j < len(reserved) and reserved[j][0] < b and a < reserved[j][1]:
                return reserved[j]
        return None

    def free(self, a: int, b: int) -> bool:
        return not any(self.covered[a:b])

    def quoted(self, a: int) -> bool:
        """Whether position ``a`` lies strictly inside a pair of quotation marks."""
        i = bisect.bisect_left(self.quote_starts, a) - 1
        return i >= 0 and self.quotes[i][0] < a < self.quotes[i][1]

    # ------------------------------------------------------------------ step 1: quoted names
    def quoted_names(self) -> None:
        """Quoted names containing digits: “4·24”, “光汇616”, “1+4+N” (the quote marks stay outside)."""
        s, pats = self.s, self.pats
        spans = []
        for m in pats["quoted"].finditer(s):
            self.quotes.append(m.span())
            inner = m.group(1)
            if not pats["digits"].search(inner):
                continue
            if not _is_plain_quantity(inner) and not pats["main"].fullmatch(inner) or _FORMULA.fullmatch(inner):
                self.add(m.start(1), m.end(1), numeral="arabic", category="identifier")
                spans.append(m.span(1))
        self.quote_starts = [q[0] for q in self.quotes]
        self.reserved = sorted(spans)
        self.reserved_mask = bytes(self.covered) if self.reserved else b""

    # ------------------------------------------------------------------ step 2: digit runs
    def digit_runs(self) -> None:
        """Each run of digits, left to right: a plain quantity by the quantity pattern alone where only it
        can match (``_only_quantity_at``), else by the main pattern's first matching branch."""
        s, pats = self.s, self.pats
        pos = 0
        main, quantity_re, lead_re = pats["main"], pats["quantity"], pats["lead"]
        not_plain = _not_plain_followers()
        reserved = self.reserved
        for run in pats["digits"].finditer(s):
            start, e = run.span()
            if start < pos or self.covered[start]:
                continue
            # A mention may start a little before its first digit: K1068, 第8位, 前10名, PM2.5.
            if s[start - 1:start] in _LEAD_CHARS:
                back = lead_re.search(s, max(pos, start - 8), start)
                start = back.start() if back else start
            elif _only_quantity_at(s, start, e, not_plain):
                # Only the quantity branch of the main pattern can match here, so it is tried alone: the
                # same match in a fraction of the time.
                m = quantity_re.match(s, start)
                a, b = m.span()
                if not reserved or self.overlaps(a, b) is None:
                    reading = _quantity_reading(m.group())
                    if reading is not None:
                        self.add_reading(a, b, reading)
                        pos = b
                        continue
                start = run.start()  # anything unusual: the general path below
            m = main.match(s, start)
            if m is None or m.end() <= run.start():
                m = main.match(s, run.start())
            pos = self._general(m)

    def _general(self, m: re.Match) -> int:
        """Record the mention the main pattern matched (or the digits beside a quoted name); return where
        the scan goes on."""
        s, pats = self.s, self.pats
        a, b = m.span()
        hit = self.overlaps(a, b) if self.reserved else None
        if hit:
            # Digits before the reserved span still need a row of their own.
            if a < hit[0] and pats["digits"].search(s, a, hit[0]):
                d = pats["digits"].search(s, a, hit[0])
                self.add(d.start(), d.end(), numeral="arabic", category="other", note="digits next to a quoted name")
            return max(hit[1], a + 1)
        kind = m.lastgroup
        if kind == "identifier":
            lead = re.match(r"(\d+(?:\.\d+)?)([A-Za-z]+)", m.group(0))
            if lead and lead.group(2) in units():  # 500km is a quantity, 5G a name
                kind = "quantity"
        if kind == "quantity" and (reading := _quantity_reading(m.group())) is not None:
            self.add_reading(a, b, reading)  # the usual case, read once per distinct mention
        elif kind in _SIMPLE_CATEGORIES:
            self.add(a, b, numeral="arabic", category=_SIMPLE_CATEGORIES[kind])
        elif kind == "range":
            return self._range(a, b)
        elif kind == "duration":
            return self._duration(a, b)
        else:  # the main pattern's quantity branch carries the same named groups
            _add_quantity(self.add, m if kind == "quantity" else pats["quantity"].match(s, a), a, b)
        return b

    def _range(self, a: int, b: int) -> int:
        """5%-8%, 3至5个: one mention, value the lower end, value_high the upper; 1—11月 is a date."""
        r = self.pats["range"].match(self.s, a)
        unit = r.group("runit") or ("%" if r.group("lo_pct") else "")
        if unit in ("月", "日") and not r.group("rmult") and "." not in r.group(0):
            self.add(a, b, numeral="arabic", category="date")  # 1—11月: a span of months, not a count
            return b
        mult = r.group("rmult") or ""
        lo, base, uw, _ = _quantity_parts(r.group("lo"), mult, "", unit)
        hi, _, _, _ = _quantity_parts(r.group("hi"), mult, "", unit)
        self.add(a, b, numeral="arabic", category="quantity", value=lo, value_high=hi, unit=base,
                 unit_as_written=uw, note=f"range {format(lo, 'g')}-{format(hi, 'g')}",
                 _unit_kind=units()[unit].kind if unit in units() else "")
        return b

    def _duration(self, a: int, b: int) -> int:
        """2小时6分钟 → 126 分钟; 3年6个月 (different bases) keeps its first part only."""
        r = self.pats["duration"].match(self.s, a)
        v1, b1, _, _ = _quantity_parts(r.group("n1"), "", "", r.group("u1"), to_base=True)
        v2, b2, _, _ = _quantity_parts(r.group("n2"), "", "", r.group("u2"), to_base=True)
        if b1 == b2:
            self.add(a, b, numeral="arabic", category="quantity", value=v1 + v2, unit=b1,
                     unit_as_written=f"{r.group('u1')}{r.group('u2')}", _unit_kind="time")
            return b
        q = self.pats["quantity"].match(self.s, a)
        _add_quantity(self.add, q, a, q.end())
        return q.end()

    # ------------------------------------------------------------------ step 3: Chinese numerals
    def hanzi_years(self) -> None:
        """二〇三五年: found from each 年, far fewer than the positions a pattern would try."""
        s = self.s
        k = s.find("年", 4)
        while k >= 0:
            a = k - 4
            if all(c in _HANZI_YEAR_DIGITS for c in s[a:k]) and self.free(a, k + 1):
                self.add(a, k + 1, numeral="hanzi", category="year")
            k = s.find("年", k + 1)
        if "九" in s or "〇" in s:
            for m in _YEAR_ALONE.finditer(s):  # 一九七九和一九八〇两年, 一九八〇比一九七五年: years without 年
                if self.free(m.start(), m.end()):
                    self.add(m.start(), m.end(), numeral="hanzi", category="year", note="year written without 年")

    def hanzi_percent_ranges(self) -> None:
        """百分之八至九, 百分之八到百分之九 → one range mention, 8 to 9 %, as for ``8%-9%`` (value the lower end,
        value_high the upper); a pair whose upper end is not above the lower is left to the single percents."""
        for m in self.pats["hanzi_percent_range"].finditer(self.s):
            lo, hi = hanzi_value(m.group("lo")), hanzi_value(m.group("hi"))
            if lo is None or hi is None or not hi > lo or not self.free(m.start(), m.end()):
                continue
            self.add(m.start(), m.end(), numeral="hanzi", category="quantity", value=lo, value_high=hi, unit="%",
                     unit_as_written="%", note=f"range {format(lo, 'g')}-{format(hi, 'g')}", _unit_kind="percent")

    def hanzi_ranks_and_percents(self) -> None:
        """全省第一, 第三位 (ranks in words) and 百分之八十."""
        for m in self.pats["hanzi_rank"].finditer(self.s):
            if self.free(m.start(), m.end()) and not self.quoted(m.start()):
                self.add(m.start(), m.end(), numeral="hanzi", category="rank")
        for m in self.pats["hanzi_percent"].finditer(self.s):
            v = hanzi_value(m.group("hnum"))
            if v is not None and self.free(m.start(), m.end()):
                self.add(m.start(), m.end(), numeral="hanzi", category="quantity", value=v, unit="%",
                         unit_as_written="%", _unit_kind="percent")

    def hanzi_quantities(self) -> None:
        """两座, 十条, 七大: a Chinese numeral with a measure word, where it counts something (``_hanzi_counts``);
        二季度, 三月 are dates."""
        s = self.s
        for m in self.pats["hanzi_qty"].finditer(s):
            hnum, unit, mult = *_kilo_unit(*m.group("hnum", "unit")), m.group("mult") or ""
            a, b = m.span()
            if _YEAR_FIRST.match(hnum) and len(hnum) > 4:  # 一九八〇两年: the year, then 两年
                a, hnum = a + 4, hnum[4:]
            v = hanzi_value(hnum + mult)
            if v is None:
                continue
            if unit in ("季度", "月") and 1 <= v <= 12 and s[a - 1:a] != "个":  # 二季度, 三月: dates
                if self.free(a, b) and not self.quoted(a):
                    self.add(a, b, numeral="hanzi", category="date")
                continue
            u = units()[unit]
            if ((hnum == "一" and not u.after_one) or v < 1 or (unit == "大" and v > 10) or not self.free(a, b)
                    or self.quoted(a) or not _hanzi_counts(s, a, b, hnum + mult, unit)):
                continue  # 一 is the article (一批), but 增长一倍; 七大产业集群 counts; 十九大 is a congress
            counted = u.category == "quantity"
            written = "".join(m.group("inside0", "mult", "inside")[k] or "" for k in range(3)) + unit
            self.add(a, b, numeral="hanzi", category=u.category, value=v if counted else None,
                     unit=unit if counted else "", unit_as_written=written if counted else "", _unit_kind=u.kind)


# Branches of the main pattern whose mention is recorded with its category only.
_SIMPLE_CATEGORIES = {"iso_date": "date", "date": "date", "time": "time", "year": "year", "year_range": "year",
                      "rank": "rank", "identifier": "identifier"}


def _add_quantity(add, q: re.Match, a: int, b: int) -> None:
    category, value, unit, written, note, kind = _quantity_fields(q)
    add(a, q.end(), numeral="arabic", category=category, value=value, unit=unit, unit_as_written=written, note=note,
        _unit_kind=kind)


_LARGE_HANZI = re.compile(r"[万亿]")
# A year written digit by digit in Chinese numerals (一九七九, 二〇二一), not inside a longer numeral.
_YEAR_FIRST = re.compile(r"(?:一九|二〇|二零)[〇零一二三四五六七八九]{2}")
_YEAR_ALONE = re.compile(rf"(?<![{HANZI_DIGITS}])(?:一九|二〇|二零)[〇零一二三四五六七八九]{{2}}(?![〇零一二三四五六七八九十百千万亿年])")


def _kilo_unit(hnum: str, unit: str) -> tuple[str, str]:
    """一千九百五十万千瓦: a 千 right after 万 or 亿 is not a digit's place (that would be 万一千) but the start of
    the unit 千瓦, where units.csv has it."""
    if hnum.endswith(("万千", "亿千")) and f"千{unit}" in units():
        return hnum[:-1], f"千{unit}"
    return hnum, unit


def _hanzi_counts(s: str, a: int, b: int, hnum: str, unit: str) -> bool:
    """Whether a Chinese numeral + measure word counts something (两座, 十条) rather than being a word."""
    before, after = _hanzi_context()
    if (not units()[unit].hanzi and not _LARGE_HANZI.search(hnum)) or hnum[0] in "百千万亿零〇":
        return False  # 一度 is once, 三千亿度 a quantity
    after_year = a >= 4 and _YEAR_FIRST.fullmatch(s, a - 4, a) is not None  # 一九八〇两年
    if a > 0 and ((s[a - 1] in HANZI_DIGITS and not after_year)
                  or (s.endswith(before, max(0, a - 4), a) and not _LARGE_HANZI.search(hnum))):
        return False  # 近五年 is a period, 近三百亿元 a quantity
    return not s.startswith(after, b) and not _parallel_slogan(s, a, b, hnum)


_SLOGAN_GAP = re.compile(r"[\s,，;；:：。！？!?、“”\"()（）]")


def _numeral_alone(text: str, hnum: str) -> bool:
    """Whether the Chinese numeral ``hnum`` occurs in ``text`` as a numeral of its own (not inside a longer
    one). A scan with ``str.find``, not a pattern per numeral: a long report has hundreds of distinct
    numerals, and compiling a pattern for each cost more than the rest of the figures stage's hanzi scan."""
    i, n = text.find(hnum), len(hnum)
    while i >= 0:
        if (i == 0 or text[i - 1] not in HANZI_DIGITS) and (i + n == len(text) or text[i + n] not in HANZI_DIGITS):
            return True
        i = text.find(hnum, i + 1)
    return False


def _parallel_slogan(s: str, a: int, b: int, hnum: str) -> bool:
    """两个市场两种资源, 两条线两手抓: the same numeral again, as a numeral of its own, one to three characters
    after the counted noun or before the numeral, with no punctuation between. Such a pair is a slogan,
    not two counts."""
    ahead = s[b + 1:b + 4 + len(hnum)]
    cut = _SLOGAN_GAP.search(ahead)
    if _numeral_alone(ahead[:cut.start()] if cut else ahead, hnum):
        return True
    behind = s[max(0, a - 4 - len(hnum)):max(0, a - 1)]
    cuts = [m.end() for m in _SLOGAN_GAP.finditer(behind)]
    return _numeral_alone(behind[cuts[-1]:] if cuts else behind, hnum)
