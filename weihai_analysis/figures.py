"""Every number in a report: value, unit, indicator, measure, period, status, role, bound, provenance.

The pipeline is (1) find mentions, so that every run of digits lies in exactly one of them, then
(2) read each quantity's meaning from its sentence. Vocabularies are data in ``data/reference/``:
``units.csv``, ``bound_words.csv``, ``change_words.csv``, ``period_cues.csv``,
``indicator_trim.csv``, ``indicators.csv`` and ``target_patterns.csv``.

Matching runs on a normalised copy (full-width digits and signs folded, zero-width characters
removed) that keeps a map back to the report's offsets, so ``text[start:end] == mention`` holds.

Ranges (``5%-8%``, ``3至5个``) are one mention: ``value`` is the lower end, ``value_high`` the
upper end, and ``note`` says "range".
"""

from __future__ import annotations

import bisect
import gc
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from .reference import read_table
from .structure import Structure, parse, section_period

# ---------------------------------------------------------------------------------------------
# Normalised view of the text
# ---------------------------------------------------------------------------------------------
_FOLD = str.maketrans("０１２３４５６７８９％．＋：－～，", "0123456789%.+:-~,")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@dataclass(frozen=True)
class Normalised:
    """A copy of the text for matching, with ``orig[i]`` = offset in the report of character i.

    ``orig`` is None when nothing was removed (the usual case): offsets are then the same.
    """

    s: str
    orig: tuple[int, ...] | None
    n: int

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Report offsets of normalised span [a, b)."""
        if self.orig is None:
            return a, b
        return self.orig[a], (self.orig[b - 1] + 1 if b > a else self.orig[a])


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
    folded = _fold(text)
    if not any(z in folded for z in _ZERO_WIDTH):  # one fast substring search per character
        return Normalised(folded, None, len(text))
    keep = [i for i, c in enumerate(folded) if c not in _ZERO_WIDTH]
    s = "".join(folded[i] for i in keep)
    return Normalised(s, tuple(keep) + (len(text),), len(text))


# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    base_unit: str
    factor: float
    category: str = "quantity"
    hanzi: bool = True


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    out = {}
    for r in read_table("units.csv"):
        u = r["unit"].strip()
        out[u] = Unit(u, r["kind"], r["base_unit"] or u, float(r["factor"] or 1), r.get("category") or "quantity",
                      (r.get("after_hanzi") or "yes") == "yes")
    out.setdefault("%", Unit("%", "percent", "%", 1.0))
    return out


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def _bound_of(position: str, word: str) -> str:
    return dict(bound_words()[position])[word]


@lru_cache(maxsize=1)
def bound_words() -> dict[str, list[tuple[str, str]]]:
    """{'before': [(word, bound)], 'after': [...], 'inside': [...]}, longest first."""
    out: dict[str, list[tuple[str, str]]] = {"before": [], "after": [], "inside": []}
    for r in read_table("bound_words.csv"):
        out[r["position"]].append((r["word"], r["bound"]))
    for v in out.values():
        v.sort(key=lambda x: -len(x[0]))
    return out


@lru_cache(maxsize=1)
def change_words() -> dict[str, str]:
    return {r["word"]: r["kind"] for r in read_table("change_words.csv")}


@lru_cache(maxsize=1)
def trim_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    pre = tuple(sorted((r["word"] for r in read_table("indicator_trim.csv") if r["position"] == "prefix"), key=len, reverse=True))
    suf = tuple(sorted((r["word"] for r in read_table("indicator_trim.csv") if r["position"] == "suffix"), key=len, reverse=True))
    return pre, suf


@lru_cache(maxsize=1)
def indicator_aliases() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(alias → indicator_id, indicator_id → row)."""
    alias, rows = {}, {}
    for r in read_table("indicators.csv"):
        rows[r["indicator_id"]] = r
        for a in [r["name_zh"], *r["aliases"].split(";")]:
            a = a.strip()
            if a:
                alias.setdefault(a, r["indicator_id"])
    return alias, rows


@lru_cache(maxsize=1)
def _elliptic() -> frozenset[str]:
    """Words that name an indicator only with the one before them (人均, 涨幅)."""
    return frozenset(r["word"] for r in read_table("indicator_trim.csv") if r["position"] == "elliptic")


@lru_cache(maxsize=1)
def _head_nouns() -> tuple[str, ...]:
    return tuple(r["word"] for r in read_table("indicator_trim.csv") if r["position"] == "head_noun")


_QUOTE_MARKS = str.maketrans("", "", "“”\"‘’")


@lru_cache(maxsize=8192)
def indicator_id_for(phrase: str) -> str:
    """Canonical id of an indicator phrase: exact alias, else the longest alias the phrase ends with.

    Chinese noun phrases are head-final, so ``全市生产总值`` is ``生产总值`` but ``出口企业`` is not ``出口``.
    """
    if not phrase:
        return ""
    alias, _ = indicator_aliases()
    p = phrase.translate(_QUOTE_MARKS)
    if p in alias:
        return alias[p]
    heads = _head_nouns()
    if p.endswith(heads):
        for suffix in heads:  # 居民消费价格指数涨幅 → cpi, 高新技术企业总数 → high_tech_enterprises
            if p.endswith(suffix) and p[: -len(suffix)] in alias:
                return alias[p[: -len(suffix)]]
    longest, last_chars = _alias_shape()
    if p and p[-1] in last_chars:  # no alias ends in another character
        for k in range(max(0, len(p) - longest), len(p) - 1):  # longest suffix first
            if p[k:] in alias:
                return alias[p[k:]]
    return ""


@lru_cache(maxsize=1)
def _alias_shape() -> tuple[int, frozenset[str]]:
    """(length of the longest alias, the characters aliases end with)."""
    alias = indicator_aliases()[0]
    return max(map(len, alias), default=0), frozenset(a[-1] for a in alias)


# ---------------------------------------------------------------------------------------------
# Mention grammar
# ---------------------------------------------------------------------------------------------
NUM = r"\d+(?:,\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?"
MULT = r"万亿|亿|万|千"
HANZI_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_HANZI_NUM = f"[{HANZI_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_MULT_EXP = {"": 0, "千": 3, "万": 4, "亿": 8, "万亿": 12}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    us = units()
    unit_alt = _alternation([u for u in us if u not in ("%",)] + ["%"])
    inside = _alternation([w for w, _ in bound_words()["inside"]]) or "余"
    qty = rf"(?P<num>{NUM})(?P<inside0>{inside})?(?P<mult>{MULT})?(?P<inside>{inside})?(?P<unit>{unit_alt})?"
    time_units = _alternation([u for u, x in us.items() if x.kind == "time"])
    p = {
        "iso_date": r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)",
        "time": r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?![\d])",
        "year_range": r"(?<!\d)(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)\d{2}年度?",
        "date": r"(?<!\d)(?:(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?))|(?<![\d.])(?:1[0-2]|0?[1-9])月(?:(?:[12]\d|3[01]|0?[1-9])日)?(?!\d)"
                r"|(?<=月)(?:[12]\d|3[01]|0?[1-9])日",
        "year": r"(?<![\d.])(?:19|20)\d{2}年度?",
        "rank": r"第\d+(?:[位名批次届个]|(?=[^\d]))|(?<![\d.])\d+强|前\d+(?:位|名|强)",
        "identifier": (
            r"[A-Za-z]+-?\d+(?:\.\d+)?[A-Za-z\d]*"
            r"|\d+(?:[+][\dA-Za-z]+)+"
            r"|\d+·\d+"
            r"|\d{5,}(?=[^,，;；。]{0,6}热线)"
            r"|\d+[A-Za-z]+[A-Za-z\d]*"
        ),
        "range": rf"(?P<lo>{NUM})(?P<lo_pct>%)?\s*(?:[-—–~]|至|到)\s*(?P<hi>{NUM})(?P<rmult>{MULT})?(?P<runit>{unit_alt})?",
        "duration": rf"(?P<n1>{NUM})(?P<u1>{time_units})零?(?P<n2>{NUM})(?P<u2>{time_units})",
        "quantity": qty,
    }
    order = ["iso_date", "time", "year_range", "date", "year", "rank", "identifier", "range", "duration", "quantity"]
    main = re.compile("|".join(f"(?P<{k}>{_strip_names(p[k]) if k not in ('range', 'duration', 'quantity') else p[k]})" for k in order))
    return {
        "main": main,
        "quantity": re.compile(qty),
        "range": re.compile(p["range"]),
        "duration": re.compile(p["duration"]),
        "hanzi_percent": re.compile(rf"百分之(?P<hnum>{_HANZI_NUM})"),
        # 全省第一, 全国第三位: a rank in words ends the phrase or takes 位/名 (not 第一时间, 第三次分配)
        "hanzi_rank": re.compile(r"第[一二三四五六七八九十两]+(?:[位名]|(?=[,，;；:：。、!！?？\s]|$))"),
        "hanzi_qty": re.compile(rf"(?P<hnum>{_HANZI_NUM})(?P<inside>{inside})?(?P<unit>{unit_alt})"),
        "quoted": re.compile(r"“([^“”\n]{1,16})”"),
        "lead": re.compile(r"(?:[A-Za-z]+-?|第|前)$"),
        "digits": re.compile(r"\d+"),
        "cjk": re.compile(r"[\u4e00-\u9fff]"),
    }


_HANZI_YEAR_DIGITS = frozenset("〇零一二三四五六七八九")


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


# Characters just before a digit run that may start the mention: 第8位, 前10名, K1068, -5 (and the start of the text).
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


def _strip_names(p: str) -> str:
    return _NAMED_GROUP.sub("(?:", p)


def _scaled(num: str, mult: str = "") -> float:
    """``286.4`` × 亿 → 28640000000.0 exactly: the decimal point is moved in the digits, so there is no
    binary rounding (``286.4 * 1e8`` is 28639999999.999996)."""
    if "," in num:
        num = num.replace(",", "")
    e = _MULT_EXP[mult]
    if not e:
        return float(num)
    whole, _, frac = num.partition(".")
    if len(frac) <= e:
        return float(whole + frac + "0" * (e - len(frac)))
    return float(f"{whole}{frac[:e]}.{frac[e:]}")


_SMALL_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}


def _small_hanzi(s: str) -> float | None:
    """Plain integer numerals (两, 十, 二十三, 三百零五, 三万五千), the kind that count things in reports."""
    for big, factor in (("亿", 1e8), ("万", 1e4)):
        if big in s:
            head, _, tail = s.partition(big)
            h = _small_hanzi(head) if head else 1.0
            t = _small_hanzi(tail) if tail else 0.0
            return None if h is None or t is None else h * factor + t
    total, digit = 0, None
    for c in s:
        if c in _SMALL_DIGITS:
            digit = _SMALL_DIGITS[c]
        elif c in _SMALL_UNITS:
            total += (1 if digit is None else digit) * _SMALL_UNITS[c]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


@lru_cache(maxsize=4096)
def hanzi_value(s: str) -> float | None:
    """Value of a Chinese numeral: ``两`` → 2, ``十`` → 10, ``一点五`` → 1.5.

    Small plain numerals are read directly; anything else (万, 亿, 点) goes to cn2an, imported only then
    because importing it costs about half a second.
    """
    small = _small_hanzi(s)
    if small is not None:
        return small
    import cn2an

    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Figure:
    figure_id: str
    start: int
    end: int
    mention: str
    numeral: str
    category: str
    value: float | None = None
    unit: str = ""
    unit_as_written: str = ""
    indicator: str = ""
    indicator_id: str = ""
    measure: str = ""
    period: str = ""
    status: str = ""
    role: str = ""
    bound: str = ""
    section_id: str = ""
    paragraph_id: str = ""
    sentence: str = ""
    theme: str = ""
    note: str = ""
    value_high: float | None = None
    sentence_id: str = ""
    # working fields, not written
    _unit_kind: str = field(default="", repr=False)
    _applies_to: tuple[str, ...] = field(default=(), repr=False)


FIGURE_COLUMNS = [
    "figure_id", "start", "end", "mention", "numeral", "category", "value", "unit", "unit_as_written",
    "indicator", "indicator_id", "measure", "period", "status", "role", "bound", "section_id",
    "paragraph_id", "sentence", "theme", "note", "value_high", "sentence_id",
]
TARGET_COLUMNS = [
    "target_id", "indicator_id", "indicator", "period", "measure", "value", "unit", "bound", "rule",
    "figure_id", "sentence",
]


# Small patterns used per mention, compiled once.
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_FORMULA = re.compile(r"\d+(?:[+·][\dA-Za-z]+)+")
_FOUR_DIGITS = re.compile(r"\d{4}")
_YEARLIKE = re.compile(r"(?:19[5-9]\d|20\d\d)")
_LEAD_JUNK_ALT = r"以上|以下|以内|左右|之内|余|多|[、,，和及与的]"  # 以上、高新技术企业: the bound is the number before's
_YEAR_START_ALT = r"(?:到|至|截至)?\d{4}年(?:末|底|初)?(?:的)?"  # 到2026年高速铁路运营里程
_LIST_END_ALT = r"和|及|与|以及|、|并"  # 高等职业院校和 → 高等职业院校
_COMPARISON_END = re.compile(r"(?:(?:比|较|与)(?:\d{4}年|上年|去年|上一年)(?:末|底|初)?|同比)$")
_BOUND_AFTER_START = re.compile(r"^(?:以上|以下|以内|左右|之内|内|余|多)")
_LIST_GAP = re.compile(r"\s*(?:和|、|及|与|以及|,|，)\s*")
_FROM = re.compile(r"(?<![自理缘经])[由从](?![于此])")
_TO = re.compile(r"(?:到|至)")
class _Tail:
    """An end-anchored pattern over a word list (``(?:A|B)+$``) that first checks the text's last character.

    A regular expression anchored at the end is tried from every position of the text; most texts end
    in a character no word ends with, and then the answer is known at once. ``$`` also matches before a
    final line break, so a text ending in one always goes to the pattern.
    """

    __slots__ = ("pattern", "last")

    def __init__(self, pattern: str, words) -> None:
        self.pattern = re.compile(pattern)
        words = [w for w in words if w]
        self.last = frozenset(w[-1] for w in words) | {"\n"} if words else None

    def search(self, text: str) -> re.Match | None:
        if self.last is not None and (not text or text[-1] not in self.last):
            return None
        return self.pattern.search(text)

    def strip(self, text: str) -> str:
        """``text`` without the match (the pattern's ``sub`` with count=1)."""
        if self.last is not None and (not text or text[-1] not in self.last):
            return text
        return self.pattern.sub("", text, count=1)


def _tail(words) -> _Tail:
    words = list(words)
    return _Tail(f"(?:{_alternation(words)})$", words)


_TO_END = _tail(["到", "至"])
_GROWTH_NOUN_END = _tail(["涨幅", "增速", "增幅", "增长率"])
_JUN = re.compile(r"(?<![人平年])均(?![衡匀等值])")
_RATE_NOUN_END = _tail(["率", "比重", "比例", "占比"])
_GROWTH_NOUN3_END = _tail(["涨幅", "增速", "增幅"])
_DIGIT = re.compile(r"\d")


# ---------------------------------------------------------------------------------------------
# Step 1: mentions
# ---------------------------------------------------------------------------------------------
def _quantity_parts(num: str, mult: str, inside: str, unit: str, to_base: bool = False) -> tuple[float, str, str, float]:
    """(scaled value, unit, unit as written, unit factor).

    The unit is the one written, without multiplier (万元 → 元); ``to_base`` converts to the
    base unit of units.csv (小时 → 分钟), used to add up compound durations.
    """
    u = units().get(unit)
    value = _scaled(num, mult or "")
    if to_base and u:
        return value * u.factor, u.base_unit, f"{mult}{inside}{unit}", u.factor
    return value, unit, f"{mult}{inside}{unit}", 1.0


def _is_plain_quantity(s: str) -> bool:
    m = _patterns()["quantity"].fullmatch(s)
    return bool(m and (m.group("unit") or m.group("mult")))


def find_mentions(text: str) -> list[Figure]:
    """All numeric mentions in text order; every digit run is inside exactly one of them."""
    pats = _patterns()
    if not _UNITS_CACHE:
        _UNITS_CACHE.update(units())
    nt = normalise(text)
    s = nt.s
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    covered = bytearray(len(s) + 1)

    identity = nt.orig is None

    def add(a: int, b: int, **kw) -> None:
        ta, tb = (a, b) if identity else nt.span(a, b)
        found.append(Figure("", ta, tb, text[ta:tb], **kw))
        taken.append((a, b))
        covered[a:b] = b"\x01" * (b - a)

    def add_reading(a: int, b: int, reading: tuple) -> None:
        """A quantity read by ``_quantity_reading`` (the common case, kept lean)."""
        category, value, unit, written, note, unit_kind = reading
        ta, tb = (a, b) if identity else nt.span(a, b)
        f = Figure("", ta, tb, text[ta:tb], "arabic", category, value, unit, written)
        if note:
            f.note = note
        if unit_kind:
            f._unit_kind = unit_kind
        found.append(f)
        covered[a:b] = b"\x01" * (b - a)

    # Quoted names containing digits: “4·24”, “光汇616”, “1+4+N” (the quote marks stay outside).
    quoted_spans = []
    for m in pats["quoted"].finditer(s):
        quoted_spans.append(m.span())
        inner = m.group(1)
        if not pats["digits"].search(inner):
            continue
        if not _is_plain_quantity(inner) and not pats["main"].fullmatch(inner) or _FORMULA.fullmatch(inner):
            add(m.start(1), m.end(1), numeral="arabic", category="identifier")
    reserved = sorted(taken)
    reserved_mask = bytes(covered) if reserved else b""

    def overlaps(a: int, b: int) -> tuple[int, int] | None:
        if reserved_mask.find(1, a, b) < 0:
            return None
        i = bisect.bisect_right(reserved, (a, 10**12)) - 1
        for j in (i, i + 1):
            if 0 <= j < len(reserved) and reserved[j][0] < b and a < reserved[j][1]:
                return reserved[j]
        return None

    pos = 0
    main, quantity_re, lead_re = pats["main"], pats["quantity"], pats["lead"]
    not_plain = _not_plain_followers()
    lead_chars = _LEAD_CHARS
    for run in pats["digits"].finditer(s):
        start, e = run.span()
        if start < pos or covered[start]:
            continue
        # A mention may start a little before its first digit: K1068, 第8位, 前10名, PM2.5.
        if s[start - 1:start] in lead_chars:
            back = lead_re.search(s, max(pos, start - 8), start)
            start = back.start() if back else start
        elif _only_quantity_at(s, start, e, not_plain):
            # Only the quantity branch of the main pattern can match here, so it is tried alone: the
            # same match in a fraction of the time.
            m = quantity_re.match(s, start)
            a, b = m.span()
            if not reserved or overlaps(a, b) is None:
                reading = _quantity_reading(m.group())
                if reading is not None:
                    add_reading(a, b, reading)
                    pos = b
                    continue
            start = run.start()  # anything unusual: the general path below
        m = main.match(s, start)
        if m is None or m.end() <= run.start():
            m = main.match(s, run.start())
        a, b = m.span()
        hit = overlaps(a, b) if reserved else None
        if hit:
            # Digits before the reserved span still need a row of their own.
            if a < hit[0] and pats["digits"].search(s, a, hit[0]):
                d = pats["digits"].search(s, a, hit[0])
                add(d.start(), d.end(), numeral="arabic", category="other", note="digits next to a quoted name")
            pos = max(hit[1], a + 1)
            continue
        kind = m.lastgroup
        if kind == "identifier":
            txt = m.group(0)
            lead = re.match(r"(\d+(?:\.\d+)?)([A-Za-z]+)", txt)
            if lead and lead.group(2) in units():  # 500km is a quantity, 5G a name
                kind = "quantity"
        if kind == "quantity" and (reading := _quantity_reading(m.group())) is not None:
            add_reading(a, b, reading)  # the usual case, read once per distinct mention
        elif kind in ("iso_date", "date"):
            add(a, b, numeral="arabic", category="date")
        elif kind == "time":
            add(a, b, numeral="arabic", category="time")
        elif kind in ("year", "year_range"):
            add(a, b, numeral="arabic", category="year")
        elif kind == "rank":
            add(a, b, numeral="arabic", category="rank")
        elif kind == "identifier":
            add(a, b, numeral="arabic", category="identifier")
        elif kind == "range":
            r = pats["range"].match(s, a)
            unit = r.group("runit") or ("%" if r.group("lo_pct") else "")
            if unit in ("月", "日") and not r.group("rmult") and "." not in r.group(0):
                add(a, b, numeral="arabic", category="date")  # 1—11月: a span of months, not a count
                pos = b
                continue
            mult = r.group("rmult") or ""
            lo, base, uw, _ = _quantity_parts(r.group("lo"), mult, "", unit)
            hi, _, _, _ = _quantity_parts(r.group("hi"), mult, "", unit)
            add(a, b, numeral="arabic", category="quantity", value=lo, value_high=hi, unit=base,
                unit_as_written=uw, note=f"range {format(lo, 'g')}-{format(hi, 'g')}",
                _unit_kind=units()[unit].kind if unit in units() else "")
        elif kind == "duration":
            r = pats["duration"].match(s, a)
            v1, b1, _, _ = _quantity_parts(r.group("n1"), "", "", r.group("u1"), to_base=True)
            v2, b2, _, _ = _quantity_parts(r.group("n2"), "", "", r.group("u2"), to_base=True)
            if b1 == b2:
                add(a, b, numeral="arabic", category="quantity", value=v1 + v2, unit=b1,
                    unit_as_written=f"{r.group('u1')}{r.group('u2')}", _unit_kind="time")
            else:  # 3年6个月: different bases, keep the first part only
                q = pats["quantity"].match(s, a)
                b = q.end()
                _add_quantity(add, q, a, b)
        else:  # the main pattern's quantity branch carries the same named groups
            _add_quantity(add, m if kind == "quantity" else pats["quantity"].match(s, a), a, b)
        pos = b

    # Chinese-numeral mentions in the gaps.
    def free(a: int, b: int) -> bool:
        return not any(covered[a:b])

    quotes = quoted_spans
    quote_starts = [q[0] for q in quotes]

    def quoted(a: int) -> bool:
        i = bisect.bisect_left(quote_starts, a) - 1
        return i >= 0 and quotes[i][0] < a < quotes[i][1]

    # 二〇三五年: found from each 年, far fewer than the positions a pattern would try.
    year_digits = _HANZI_YEAR_DIGITS
    k = s.find("年", 4)
    while k >= 0:
        a = k - 4
        if all(c in year_digits for c in s[a:k]) and free(a, k + 1):
            add(a, k + 1, numeral="hanzi", category="year")
        k = s.find("年", k + 1)
    for m in pats["hanzi_rank"].finditer(s):
        if free(m.start(), m.end()) and not quoted(m.start()):
            add(m.start(), m.end(), numeral="hanzi", category="rank")
    for m in pats["hanzi_percent"].finditer(s):
        v = hanzi_value(m.group("hnum"))
        if v is not None and free(m.start(), m.end()):
            add(m.start(), m.end(), numeral="hanzi", category="quantity", value=v, unit="%", unit_as_written="%",
                _unit_kind="percent")
    for m in pats["hanzi_qty"].finditer(s):
        hnum, unit = m.group("hnum", "unit")
        v = hanzi_value(hnum)
        if v is None:
            continue
        a, b = m.span()
        if unit in ("季度", "月") and 1 <= v <= 12 and s[a - 1:a] != "个":  # 二季度, 三月: dates
            if free(a, b) and not quoted(a):
                add(a, b, numeral="hanzi", category="date")
            continue
        if v < 2 or (unit == "大" and v > 10) or not free(a, b) or quoted(a) or not _hanzi_counts(s, a, b, hnum, unit):
            continue  # 七大产业集群 counts; 十九大 is a congress
        u = units()[unit]
        add(a, b, numeral="hanzi", category=u.category, value=v if u.category == "quantity" else None,
            unit=unit if u.category == "quantity" else "",
            unit_as_written=((m.group("inside") or "") + unit) if u.category == "quantity" else "", _unit_kind=u.kind)

    found.sort(key=attrgetter("start", "end"))  # report offsets run in the same order as the normalised ones
    return found


def _quantity_fields(q: re.Match) -> tuple[str, float | None, str, str, str, str]:
    """(category, value, unit, unit as written, note, unit kind) from a match of the quantity pattern."""
    num, mult, inside0, inside, unit = q.group("num", "mult", "inside0", "inside", "unit")
    if unit == "年" and len(num) == 4 and num.isdigit():
        return "year", None, "", "", "", ""
    if inside0 or inside:
        inside = (inside0 or "") + (inside or "")
    if not unit:
        if not mult and not inside and _YEARLIKE.fullmatch(num):
            return "year", None, "", "", "year written without 年", ""
        return ("quantity", _scaled(num, mult or ""), "", f"{mult or ''}{inside or ''}",
                "no unit from units.csv follows the number", "")
    u = _UNITS_CACHE.get(unit) or units().get(unit)
    if u.category != "quantity":  # 建党100周年
        return u.category, None, "", "", "", ""
    return "quantity", _scaled(num, mult or ""), unit, f"{mult or ''}{inside or ''}{unit}", "", u.kind


def _add_quantity(add, q: re.Match, a: int, b: int) -> None:
    category, value, unit, written, note, kind = _quantity_fields(q)
    add(a, q.end(), numeral="arabic", category=category, value=value, unit=unit, unit_as_written=written, note=note,
        _unit_kind=kind)


_UNITS_CACHE: dict[str, Unit] = {}


@lru_cache(maxsize=8192)
def _quantity_reading(mention: str) -> tuple[str, float | None, str, str, str, str] | None:
    """(category, value, unit, unit as written, note, unit kind) of a quantity mention, read from its own text;
    None if the quantity pattern does not match the mention whole on its own (then it is read in context)."""
    q = _patterns()["quantity"].match(mention)
    if q is None or q.end() != len(mention):
        return None
    return _quantity_fields(q)


@lru_cache(maxsize=1)
def _hanzi_context() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = read_table("hanzi_numeral_context.csv")
    return (tuple(r["text"] for r in rows if r["position"] == "before"),
            tuple(r["text"] for r in rows if r["position"] == "after"))


def _hanzi_counts(s: str, a: int, b: int, hnum: str, unit: str) -> bool:
    """Whether a Chinese numeral + measure word counts something (两座, 十条) rather than being a word."""
    before, after = _hanzi_context()
    if not units()[unit].hanzi or hnum[0] in "百千万亿零〇":
        return False
    if a > 0 and (s[a - 1] in HANZI_DIGITS or s.endswith(before, max(0, a - 4), a)):
        return False
    return not s.startswith(after, b) and not _parallel_slogan(s, a, b, hnum)


_SLOGAN_GAP = re.compile(r"[\s,，;；:：。！？!?、“”\"()（）]")


def _parallel_slogan(s: str, a: int, b: int, hnum: str) -> bool:
    """两个市场两种资源, 两条线两手抓: the same numeral again, as a numeral of its own, one to three characters
    after the counted noun or before the numeral, with no punctuation between. Such a pair is a slogan,
    not two counts."""
    same = re.compile(f"(?<![{HANZI_DIGITS}]){re.escape(hnum)}(?![{HANZI_DIGITS}])")
    ahead = s[b + 1:b + 4 + len(hnum)]
    cut = _SLOGAN_GAP.search(ahead)
    if same.search(ahead[:cut.start()] if cut else ahead):
        return True
    behind = s[max(0, a - 4 - len(hnum)):max(0, a - 1)]
    cuts = [m.end() for m in _SLOGAN_GAP.finditer(behind)]
    return same.search(behind[cuts[-1]:] if cuts else behind) is not None


# ---------------------------------------------------------------------------------------------
# Step 2: meaning
# ---------------------------------------------------------------------------------------------
_CLAUSE_SEP = re.compile(r"[,，;；:：。！？!?]")
_LIST_SEP = re.compile(r"[、和与及]")


@lru_cache(maxsize=1024)
def _separators(sent: str) -> tuple[int, ...]:
    return tuple([m.start() for m in _CLAUSE_SEP.finditer(sent)])


def _clause_bounds(sent: str, a: int, b: int) -> tuple[int, int]:
    """Start and end (in the sentence) of the clause holding sentence span [a, b)."""
    seps = _separators(sent)
    i = bisect.bisect_left(seps, a)  # separators before a: seps[:i]
    cs = seps[i - 1] + 1 if i else 0
    j = bisect.bisect_left(seps, b)
    return cs, (seps[j] if j < len(seps) else len(sent))


@lru_cache(maxsize=1)
def _vocab_res() -> dict:
    """Vocabulary lists compiled once into anchored alternations (longest word first)."""
    edge = _alternation(_edge_words())
    adverb_words = [w for w, k in change_words().items() if k == "adverb"]
    adverbs = _alternation(adverb_words)
    prefixes = _alternation(trim_words()[0])
    before_words = [w for w, _ in bound_words()["before"]]
    change = [w for w, k in change_words().items() if k != "adverb"]
    return {
        "start": re.compile(f"^(?:{_LEAD_JUNK_ALT}|{_YEAR_START_ALT}|{prefixes})+(?=.)"),
        "end": _Tail(f"(?:{edge}|(?<![人平年])均|{_LIST_END_ALT})+$",
                     [*_edge_words(), "均", *_LIST_END_ALT.split("|")]),
        "adverbs_end": _Tail(f"(?:{adverbs})$", adverb_words),
        "head_end": _Tail(f"(?:{adverbs}|{_alternation(before_words)})+$", adverb_words + before_words),
        "bound_before": re.compile(_alternation(w for w, _ in bound_words()["before"])),
        "bound_inside": re.compile(_alternation(w for w, _ in bound_words()["inside"])),
        "bound_after": re.compile(f"(?:{_alternation(w for w, _ in bound_words()['after'])})"),
        "change_end": _Tail(f"(?:{_alternation(change)})$", change),
        "prefix": re.compile(f"^(?:{_alternation(trim_words()[0])})+(?=.)"),
    }


_GROWTH_NOUNS = {"增速", "增幅", "涨幅"}  # part of an indicator's name (居民消费价格指数涨幅), never trimmed


@lru_cache(maxsize=1)
def _edge_words() -> tuple[str, ...]:
    _, suf = trim_words()
    changes = {w for w, k in change_words().items() if k != "adverb"}
    words = (set(suf) | changes | {w for w, _ in bound_words()["before"]}) - _GROWTH_NOUNS
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8192)
def _clean_indicator(phrase: str) -> str:
    """The indicator named by a phrase next to a number: 全年生产总值完成 → 生产总值.

    From the start: bound words left over from the number before (以上、…), a year (到2026年…) and the
    prefixes of indicator_trim.csv; from the end: verbs, adverbs, bound and change words, a dangling
    list word (和, 、) and 均 as an adverb (not in 人均/平均/年均); then a comparison (比2016年末).
    """
    res = _vocab_res()
    if _ZW_OR_SPACE.search(phrase):  # a stray line break or zero-width space inside the words
        phrase = _ZW_OR_SPACE.sub("", phrase)
    phrase = res["start"].sub("", phrase.strip(" \u3000“”\"()（）"), count=1)
    phrase = res["end"].strip(phrase)
    if ("比" in phrase or "较" in phrase or "与" in phrase) and _COMPARISON_END.search(phrase):
        phrase = res["end"].strip(_COMPARISON_END.sub("", phrase, count=1))
    if ("“" in phrase or "”" in phrase) and phrase.count("“") != phrase.count("”"):
        phrase = phrase.replace("“", "").replace("”", "")  # 链主”型企业: a quote cut in half says nothing
    return phrase.strip(" \u3000“”\"、")


_AFTER_STOP = re.compile(r"[\d都的得均已将被在到于并为是,，;；。、:：!！?？]|得到|完成|实现|进入|列入|入选|成为|获得|达到|以上|以下|以内|左右")


def _phrase_after(tail: str) -> str:
    """The noun phrase at the start of ``tail``, the clause after a mention (38例确诊病例都得到… → 确诊病例)."""
    tail = _BOUND_AFTER_START.sub("", tail)
    m = _AFTER_STOP.search(tail)
    return tail[: m.start()] if m else tail


def _split_list(phrase: str) -> list[str]:
    """城镇和农村居民人均可支配收入 → [城镇居民人均可支配收入, 农村居民人均可支配收入]; A、B → [A, B]."""
    parts = [p for p in _LIST_SEP.split(phrase) if p]
    if len(parts) < 2:
        return [phrase]
    last = parts[-1]
    if all(len(p) <= 3 for p in parts[:-1]) and len(last) > len(parts[0]) + 2:
        head_len = len(parts[0])
        suffix = last[head_len:]
        return [p + suffix for p in parts[:-1]] + [last]
    return parts


@dataclass
class _Ctx:
    report_year: int | None
    period_cues: list[tuple[re.Pattern, str, str, str]]


@lru_cache(maxsize=1)
def _period_cues() -> list[tuple[re.Pattern, str, str, str]]:
    return [(re.compile(r["pattern"]), r["period"], r["status"], r["scope"]) for r in read_table("period_cues.csv")]


@lru_cache(maxsize=4096)
def _cue_period(sentence: str, ry: int | None, default: str, allow_explicit: bool = False) -> tuple[str, str] | None:
    """The period a cue in ``sentence`` sets, as (period, status); None if no cue matches.

    Sentence- and paragraph-scope cues are tried; with ``allow_explicit`` only the figure-scope cue
    (a year written just before the number), for the text before a figure.
    """
    if ry is None:
        return None
    norm = _fold(sentence)
    for pat, rule, status, scope in _period_cues():
        if (scope == "figure") != allow_explicit:
            continue
        m = pat.search(norm)
        if not m:
            continue
        if rule == "plan":
            return f"{ry}-{ry + 4}", status or "target"
        if rule == "past_plan":
            return f"{ry - 5}-{ry - 1}", status or "actual"
        if rule == "report_year":
            return str(ry), status or "target"
        if rule == "previous_year":
            return str(ry - 1), status or "actual"
        year_s = m.group(1)
        year = int(year_s) if year_s.isdigit() else int(hanzi_value_digits(year_s))
        if rule == "year_goal":
            plan_start = 1966 + 5 * ((year - 1966) // 5)
            if year == plan_start + 4 and plan_start - 1 <= ry <= year:
                return f"{plan_start}-{year}", "target"  # 到2025年 in a 2021 or 2022 report
            if year == ry + 4:
                return f"{ry}-{year}", "target"  # 到2026年 in a 2022 report: the government's five-year term
            return str(year), "target" if year >= ry else "actual"
        if rule in ("explicit_year", "topic_year"):
            return str(year), "actual" if year < ry else "target"
    return None


def hanzi_value_digits(s: str) -> str:
    """二〇三五 → 2035 (digit by digit, as years are written)."""
    return s.translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))


def _strip_from(before: str) -> str:
    """The text before a number without a trailing 由/从 (由2016年的 → 2016年的)."""
    return before[:-1] if before.endswith(("由", "从")) else before


def _period_before(period: str) -> str:
    start = period.split("-")[0]
    return str(int(start) - 1) if start.isdigit() else ""


@lru_cache(maxsize=8192)
def _before_info(before: str) -> tuple[str, str, str, str, str, int, bool]:
    """What the clause text before a number says about it:
    (head, bound, change word, its kind, the measure of a percentage, where 由/从 stands or -1,
    whether a year is written just before).

    Adverbs and bound words just before the number (均控制在, 再压减, 年均增长超过) are cut off the head;
    the bound is among them, and the change word (增长, 下降) ends what is left. A percentage after a change
    word is a growth rate (增长5%), unless the head ends in 到/至 (提高到60%); so is one after a growth noun
    (增速5%).
    """
    res = _vocab_res()
    head = res["head_end"].strip(before)
    mb = res["bound_before"].search(before, len(head))
    mv = res["change_end"].search(head)
    verb = mv.group(0) if mv else ""
    kind = change_words().get(verb, "") if verb else ""
    growth = (kind in ("up", "down") and not _TO_END.search(head)) or _GROWTH_NOUN_END.search(head) is not None
    from_at = -1
    if "由" in before or "从" in before:
        for m_from in _FROM.finditer(before):
            from_at = m_from.start()
    return (head, _bound_of("before", mb.group(0)) if mb else "", verb, kind, "growth_rate" if growth else "level",
            from_at, "年" in head[-8:])


@lru_cache(maxsize=8192)
def _after_info(after: str) -> tuple[str, bool, bool, str]:
    """What the clause text after a number says about it: (bound word's bound, starts with 内,
    has 到/至 (the end of 由X到Y), the noun phrase right after it, cleaned as an indicator)."""
    return (_bound_after(after), after.startswith("内"), _TO.search(after) is not None,
            _clean_indicator(_phrase_after(after)))


@lru_cache(maxsize=1024)
def _bound_inside(unit_as_written: str) -> str:
    mi = _vocab_res()["bound_inside"].search(unit_as_written)
    return _bound_of("inside", mi.group(0)) if mi else ""


def _bound_after(after: str) -> str:
    ma = _vocab_res()["bound_after"].match(after)
    return _bound_of("after", ma.group(0)) if ma else ""


def sentence_period(sent: str, para_first: str, part_period: tuple[str, str], ry: int | None) -> tuple[str, str]:
    """(period, status) of a sentence: its own cue, else a horizon stated in the paragraph's first sentence,
    else the part's."""
    period = part_period[0]
    return _cue_period(sent, ry, period) or _paragraph_cue(para_first, ry, period) or part_period


def interpret(fig: Figure, sent: str, s_off: int, sent_period: tuple[str, str], ry: int | None,
              prev: Figure | None) -> None:
    """Fill indicator, measure, sign, bound, role, period and status of a quantity from its sentence.

    ``sent_period`` is the sentence's (period, status), from ``sentence_period``.
    """
    a, b = fig.start - s_off, fig.end - s_off
    cs, ce = _clause_bounds(sent, a, b)
    before = sent[cs:a]
    after = sent[b:ce]

    head, bound_before, verb, kind, pct_measure, from_at, year_near = _before_info(before)
    bound_after, after_nei, after_to, after_np = _after_info(after)

    # Bound words: inside the mention (余), after it (以上, 以内, 左右), then before it (超过, 近, 控制在).
    uaw = fig.unit_as_written
    bound = (uaw and _bound_inside(uaw)) or bound_after or bound_before
    if not bound and after_nei and fig._unit_kind == "time":
        bound = "max"
    fig.bound = bound
    same_clause_prev = prev if prev is not None and prev.sentence_id == fig.sentence_id and prev.end - s_off > cs else None
    gap = sent[same_clause_prev.end - s_off:a] if same_clause_prev else None
    listed = gap is not None and _LIST_GAP.fullmatch(gap) is not None
    role = "value"
    if from_at >= 0 and after_to and (same_clause_prev is None or same_clause_prev.end - s_off <= cs + from_at):
        role = "baseline"  # 由X增加到Y: X
    fig.role = role

    unit = fig.unit
    fig.measure = "change" if unit == "个百分点" else pct_measure if unit == "%" else "level"
    if listed and verb == "":
        # 分别增长2.8%和5.3%, 分别降低13.5%、18%: a listed value shares the first one's reading.
        fig.measure = same_clause_prev.measure if same_clause_prev.unit == fig.unit else fig.measure
        kind = "down" if (same_clause_prev.value or 0) < 0 and fig.measure != "level" else kind
    if kind == "down" and fig.value is not None and fig.measure in ("growth_rate", "change"):
        fig.value = -abs(fig.value)
        if fig.value_high is not None:
            fig.value_high = -abs(fig.value_high)

    # Indicator: the phrase before the number, else the counted noun after it, else inherited.
    lo = (same_clause_prev.end - s_off) if same_clause_prev else cs
    if from_at >= 0 and cs + from_at >= lo:
        phrase = sent[lo:cs + from_at]  # 高新技术企业由502家增加到737家: both take the words before 由
    else:
        phrase = sent[lo:a]
    ind = _clean_indicator(phrase)
    earlier = prev if prev is not None and prev.sentence_id == fig.sentence_id and prev.indicator else None
    if ind in _elliptic() and earlier:
        # 生产总值突破4000亿元,人均超过2万美元; 居民消费价格上涨2.5%,涨幅比上年回落0.4个百分点
        ind = "人均" + earlier.indicator if ind == "人均" else earlier.indicator + ind
    elif fig._unit_kind == "count" or len(ind) <= 2:
        if fig._unit_kind == "count" and after_np and len(after_np) <= 12:
            ind = after_np  # a measure word is followed by what it counts: 5799个社区网格, 两座医用防护服工厂
        elif ind and 2 < len(after_np) <= 12:
            ind = after_np  # a bare verb before the number (实施16万亩高标准农田建设): what follows names it
        elif not ind and earlier is None and after_np:
            ind = after_np  # a number opening its clause: 38例确诊病例
    if not ind and earlier:
        ind = earlier.indicator
    if len(ind) > 20:
        ind = ind[-20:]
    fig.indicator = ind

    # Period and status: the sentence's, unless a year is written just before the number.
    period, status = sent_period
    # A year written just before the number: 由2016年的2.36万亿元, 2021年同比下降7.9%.
    explicit = None
    if year_near:
        pre_verb = _vocab_res()["adverbs_end"].strip(head[: len(head) - len(verb)]) if verb else head
        explicit = _cue_period(_strip_from(pre_verb), ry, period, allow_explicit=True)
    if explicit:
        period, status = explicit
    elif role == "baseline":
        period = _period_before(period) or period
        status = "actual"
    fig.period, fig.status = period, status


@lru_cache(maxsize=4096)
def _paragraph_cue(first: str, ry: int | None, default: str) -> tuple[str, str] | None:
    if ry is None or not first:
        return None
    norm = first.translate(_FOLD)
    for pat, rule, _status, scope in _period_cues():
        if scope == "paragraph" and pat.search(norm):
            return _cue_period(first, ry, default)
    return None


def _with_shared_head(first: str, item: str) -> str:
    """单位国内生产总值能耗和二氧化碳排放: the second item shares the first's head (单位国内生产总值) when
    that makes a known indicator (单位国内生产总值二氧化碳排放); otherwise the item stays as written."""
    if item == first or indicator_id_for(item):
        return item
    for k in range(len(first) - 1, 1, -1):
        if indicator_id_for(first[:k] + item):
            return first[:k] + item
    return item


def _distribute(figs: list[Figure], sent: str, s_off: int) -> None:
    """分别: values after 分别 take the listed indicators in order; later clauses with as many values too."""
    i = sent.find("分别")
    if i < 0:
        return
    cs, _ = _clause_bounds(sent, i, i + 2)
    subject = _clean_indicator(sent[cs:i])
    items = _split_list(subject)
    if len(items) < 2:
        return
    # Group the sentence's quantities by clause after 分别.
    groups: dict[int, list[Figure]] = {}
    for f in figs:
        if f.category != "quantity" or f.start - s_off < i:
            continue
        c, _ = _clause_bounds(sent, f.start - s_off, f.end - s_off)
        groups.setdefault(c, []).append(f)
    for c, gfigs in sorted(groups.items()):
        clause_head = sent[c:gfigs[0].start - s_off]
        if c != cs and _clean_indicator(clause_head) and len(gfigs) != len(items):
            break
        if len(gfigs) == len(items):
            for f, item in zip(gfigs, items):
                f.indicator = _with_shared_head(items[0], item)


def _share_jun(figs: list[Figure], sent: str, s_off: int) -> None:
    """均: one value for several listed indicators (城镇登记失业率、居民消费价格指数涨幅均控制在3%以内)."""
    if "均" not in sent:
        return
    for f in figs:
        if f.category != "quantity":
            continue
        a = f.start - s_off
        cs, _ = _clause_bounds(sent, a, f.end - s_off)
        before = sent[cs:a]
        js = [m.start() for m in _JUN.finditer(before)]
        j = js[-1] if js else -1
        if j < 0 or len(before) - j > 8:
            continue
        items = _split_list(_clean_indicator(before[:j]))
        if len(items) >= 2:
            f.indicator = items[0]
            if f.unit == "%" and f.measure == "growth_rate" and _RATE_NOUN_END.search(items[0]):
                f.measure = "level"  # the row reads for the first indicator; targets.csv splits the rest
            f._applies_to = tuple(items)
            extra = "、".join(items[1:])
            f.note = (f.note + "; " if f.note else "") + f"均: also applies to {extra}"


def figures_from_structure(st: Structure, themes_of: dict[str, str] | None = None) -> list[Figure]:
    """All figures of a parsed report, interpreted sentence by sentence."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small, cycle-free records: the cycle collector only costs time here
    try:
        mentions = _interpret_all(st, find_mentions(st.text))
        for k, f in enumerate(mentions, 1):
            f.figure_id = f"F{k:04d}"
        if themes_of is not None:
            for f in mentions:
                f.theme = themes_of.get(f.sentence_id, "")
    finally:
        if collecting:
            gc.enable()
    return mentions


def _interpret_all(st: Structure, mentions: list[Figure]) -> list[Figure]:
    """Attach each mention to its sentence and read the meaning of the quantities, sentence by sentence."""
    text = st.text
    sentences, paragraphs = st.sentences, st.paragraphs
    para_first: dict[str, str] = {}  # paragraph id → text of its first sentence, filled as needed

    def first_of(pid: str, k: int) -> str:
        """First sentence of paragraph ``pid``; ``k`` is one of its sentences, or -1 if none is known."""
        if pid not in para_first:
            if k >= 0:
                while k > 0 and sentences[k - 1].paragraph_id == pid:  # a paragraph's sentences are consecutive
                    k -= 1
                para_first[pid] = sentences[k].text
            else:
                para_first[pid] = next((x.text for x in sentences if x.paragraph_id == pid), "")
        return para_first[pid]

    para_starts = [p.start for p in paragraphs]
    sent_ends = [s.end for s in sentences]
    periods: dict[str, tuple[str, str]] = {}
    ry = st.report_year
    n = len(sentences)
    i = 0
    sent = None  # the sentence of the current group (None: a paragraph stands in)
    s_text, s_off, s_end = "", 0, -1
    group: list[Figure] = []
    prev: Figure | None = None
    sent_period: tuple[str, str] | None = None
    part_period = ("", "")
    for f in mentions:
        fs, fe = f.start, f.end
        if sent is not None and sent.start <= fs and fe <= s_end:  # the same sentence as the mention before
            f.section_id, f.paragraph_id, f.sentence, f.sentence_id = (
                sent.section_id, sent.paragraph_id, s_text, sent.sentence_id)
            group.append(f)
        else:
            if prev is not None:
                _finish(group, s_text, s_off)
            i = bisect.bisect_right(sent_ends, fs, i)  # mentions and sentences are both in text order
            sent = sentences[i] if i < n and sentences[i].start <= fs and fe <= sentences[i].end else None
            if sent is not None:
                s_text, s_off, s_end = sent.text, sent.start, sent.end
                f.section_id, f.paragraph_id, f.sentence, f.sentence_id = (
                    sent.section_id, sent.paragraph_id, s_text, sent.sentence_id)
            else:  # outside any sentence, or across a sentence end: the paragraph stands in, for this mention
                j = bisect.bisect_right(para_starts, fs) - 1
                p = paragraphs[j] if j >= 0 and fs < paragraphs[j].end else None
                f.section_id = p.section_id if p else "0"
                f.paragraph_id = p.paragraph_id if p else ""
                f.sentence = s_text = p.text if p else text[fs:fe]
                s_off = p.start if p else fs
            group = [f]
            prev = sent_period = None
            sid = f.section_id
            part_period = periods.get(sid)
            if part_period is None:
                part = st.part_of(sid) if sid else None
                part_period = (part.period, part.status) if part and part.level == 1 else ("", "")
                if part_period == ("", "") and ry:
                    part_period = section_period("", ry)
                periods[sid] = part_period
        if f.category == "quantity":
            if sent_period is None:
                sent_period = sentence_period(s_text, first_of(f.paragraph_id, i if sent is not None else -1),
                                              part_period, ry)
            interpret(f, s_text, s_off, sent_period, ry, prev)
            prev = f
    if prev is not None:
        _finish(group, s_text, s_off)
    return mentions


def _finish(group: list[Figure], sent: str, s_off: int) -> None:
    """The readings that need a sentence's figures together (分别, 均), then canonical indicator ids."""
    _distribute(group, sent, s_off)
    _share_jun(group, sent, s_off)
    for f in group:
        if f.category == "quantity":
            f.indicator_id = indicator_id_for(f.indicator)


def figure_rows(figs: list[Figure]) -> list[list[object]]:
    return [[getattr(f, c) for c in FIGURE_COLUMNS] for f in figs]


# ---------------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _target_patterns() -> list[tuple[re.Pattern, str, str]]:
    return [(re.compile(r["pattern"]), r["kind"], r["rule"]) for r in read_table("target_patterns.csv")]


def _bound_rule(value: float | None, unit: str, bound: str, measure: str, name: str) -> str:
    what = {"growth_rate": f"growth rate of {name}", "change": f"change in {name}"}.get(measure, name)
    v = format(value, "g") if value is not None else "?"
    op = {"min": ">=", "max": "<=", "approx": "≈", "": "="}[bound]
    return f"{what} {op} {v}{'' if unit == '%' else ' '}{unit}".strip()


def targets_from(st: Structure, figs: list[Figure]) -> list[list[object]]:
    """Rows of targets.csv: numeric targets with an indicator, 均 expansions, qualitative and relational targets."""
    _, rows_by_id = indicator_aliases()
    out: list[tuple[int, list[object]]] = []
    for f in figs:
        if f.category != "quantity" or f.status != "target" or f.role != "value":
            continue
        names = f._applies_to or (f.indicator,)
        for name in names:
            iid = indicator_id_for(name)
            if not iid:
                continue
            measure = f.measure
            if measure == "level" and f.unit == "%" and _GROWTH_NOUN3_END.search(name):
                measure = "growth_rate"
            rule = _bound_rule(f.value, f.unit, f.bound, measure, rows_by_id[iid]["name_zh"])
            out.append((f.start, [iid, name, f.period, measure, f.value, f.unit, f.bound, rule, f.figure_id, f.sentence]))
    # Qualitative and relational wording in target sentences.
    for sent in st.sentences:
        part = st.part_of(sent.section_id) if sent.section_id else None
        status = part.status if part and part.level == 1 else ""
        period = part.period if part and part.level == 1 else ""
        cue = _cue_period(sent.text, st.report_year, period)
        if cue:
            period, status = cue
        if status != "target":
            continue
        pos = 0
        for clause in _CLAUSE_SEP.split(sent.text):
            c_off = sent.text.find(clause, pos)
            pos = c_off + len(clause)
            if _DIGIT.search(clause.translate(_FOLD)):
                continue
            for pat, kind, rule in _target_patterns():
                m = pat.search(clause)
                if not m:
                    continue
                phrase = _clean_indicator(m.group("indicator"))
                for name in _split_list(phrase):
                    iid = indicator_id_for(name)
                    if not iid:
                        continue
                    r = rule.format(indicator=rows_by_id[iid]["name_zh"])
                    measure = "growth_rate" if "growth rate" in r else "level"
                    out.append((sent.start + c_off, [iid, name, period, measure, None, "", "", r, "", sent.text]))
                break
    out.sort(key=lambda x: x[0])
    return [[f"T{k:03d}", *row] for k, (_, row) in enumerate(out, 1)]


# ---------------------------------------------------------------------------------------------
# DataFrames for notebooks
# ---------------------------------------------------------------------------------------------
def _report_structure(report=None) -> Structure:
    from .load import Report, load_report

    if isinstance(report, Structure):
        return report
    if not isinstance(report, Report):
        report = load_report(report)
    return parse(report.text)


def _themes_for(st: Structure) -> dict[str, str] | None:
    try:
        from .themes import sentence_themes
    except ImportError:  # pragma: no cover - themes module absent
        return None
    return {s.sentence_id: sentence_themes(s.text)[1] for s in st.sentences}


def figures(report=None):
    """``figures.csv`` as a DataFrame (report: a path, a Report, a Structure, or None for the seed)."""
    import pandas as pd

    st = _report_structure(report)
    figs = figures_from_structure(st, _themes_for(st))
    return pd.DataFrame(figure_rows(figs), columns=FIGURE_COLUMNS)


def targets(report=None):
    """``targets.csv`` as a DataFrame."""
    import pandas as pd

    st = _report_structure(report)
    figs = figures_from_structure(st, _themes_for(st))
    return pd.DataFrame(targets_from(st, figs), columns=TARGET_COLUMNS)


__all__ = ["Figure", "FIGURE_COLUMNS", "TARGET_COLUMNS", "find_mentions", "figures_from_structure", "figures",
           "targets", "targets_from", "figure_rows", "indicator_id_for", "normalise"]


# ---------------------------------------------------------------------------------------------
# Memoised readings
# ---------------------------------------------------------------------------------------------
# Readings of phrases, clauses and sentences are memoised (bounded LRU caches): a report repeats its
# indicator phrases, units and bound words, and a corpus repeats them across reports. The vocabularies
# above are cached separately and stay loaded.
_TEXT_CACHES = (indicator_id_for, hanzi_value, _quantity_reading, _separators, _clean_indicator, _cue_period,
                _paragraph_cue, _before_info, _after_info, _bound_inside)


def clear_text_caches() -> None:
    """Forget every reading memoised from text already seen (the vocabularies stay loaded).

    Benchmarks call this before each timed run, so that a run reuses nothing from the one before.
    """
    for cached in _TEXT_CACHES:
        cached.cache_clear()
