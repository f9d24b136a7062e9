"""Reading a number and its unit: digits with 万/亿 multipliers, Chinese numerals, the mention grammar.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .vocab import TEXT_CACHE_SIZE, Unit, _alternation, bound_words, units


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
        # 百分之八至九, 百分之八到百分之九: a range of percentages in words (the 1950s-1990s State Council reports)
        "hanzi_percent_range": re.compile(rf"百分之(?P<lo>{_HANZI_NUM})(?:至|到|—|－|-|~)(?:百分之)?(?P<hi>{_HANZI_NUM})"),
        # 全省第一, 全国第三位: a rank in words ends the phrase or takes 位/名 (not 第一时间, 第三次分配)
        "hanzi_rank": re.compile(r"第[一二三四五六七八九十两]+(?:[位名]|(?=[,，;；:：。、!！?？\s]|$))"),
        # 两座, 十条; 二十多万个, 六亿三千多万平方米: 多 before the last multiplier, as in 1700多万人次
        "hanzi_qty": re.compile(rf"(?P<hnum>{_HANZI_NUM})(?:(?P<inside0>{inside})(?P<mult>万亿|亿|万))?(?P<inside>{inside})?"
                                rf"(?P<unit>{unit_alt})"),
        "quoted": re.compile(r"“([^“”\n]{1,16})”"),
        "lead": re.compile(r"(?:[A-Za-z]+-?|第|前)$"),
        "digits": re.compile(r"\d+"),
        "cjk": re.compile(r"[\u4e00-\u9fff]"),
    }


_HANZI_YEAR_DIGITS = frozenset("〇零一二三四五六七八九")


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


@lru_cache(maxsize=TEXT_CACHE_SIZE)
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


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


_YEARLIKE = re.compile(r"(?:19[5-9]\d|20\d\d)")


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


_UNITS_CACHE: dict[str, Unit] = {}


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _quantity_reading(mention: str) -> tuple[str, float | None, str, str, str, str] | None:
    """(category, value, unit, unit as written, note, unit kind) of a quantity mention, read from its own text;
    None if the quantity pattern does not match the mention whole on its own (then it is read in context)."""
    q = _patterns()["quantity"].match(mention)
    if q is None or q.end() != len(mention):
        return None
    return _quantity_fields(q)


def hanzi_value_digits(s: str) -> str:
    """二〇三五 → 2035 (digit by digit, as years are written)."""
    return s.translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))
