"""The vocabularies the figures stages read, loaded once from ``data/reference/``.

Units, bound words, change words, indicator aliases and trim words, period cues, target wordings and the
contexts of Chinese numerals; plus end-anchored word patterns compiled from them. Nothing else lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..reference import read_table

# Entries kept by each memo of readings of text (phrases, clauses): enough for the phrases of a report
# and its neighbours in a worker, few enough that the memos do not grow memory by megabytes a report
# (issue 13: a dozen memos of 8192 long strings held 10 MB at 1 MB of input).
TEXT_CACHE_SIZE = 1024


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    base_unit: str
    factor: float
    category: str = "quantity"
    hanzi: bool = True
    after_one: bool = False  # 一倍, 一番: a quantity also after 一, which is otherwise the article


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    out = {}
    for r in read_table("units.csv"):
        u = r["unit"].strip()
        out[u] = Unit(u, r["kind"], r["base_unit"] or u, float(r["factor"] or 1), r.get("category") or "quantity",
                      (r.get("after_hanzi") or "yes") in ("yes", "after_one"), r.get("after_hanzi") == "after_one")
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


@lru_cache(maxsize=TEXT_CACHE_SIZE)
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
        for suffix in heads:  # 中央提出今年经济增长预期目标 → 经济增长 → gdp (head-final, as below)
            if p.endswith(suffix) and len(p) > len(suffix) and (found := indicator_id_for(p[: -len(suffix)])):
                return found
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


_LEAD_JUNK_ALT = r"以上|以下|以内|左右|之内|余|多|[、,，和及与的]"  # 以上、高新技术企业: the bound is the number before's


_YEAR_START_ALT = r"(?:到|至|截至)?\d{4}年(?:末|底|初)?(?:的)?"  # 到2026年高速铁路运营里程


_LIST_END_ALT = r"和|及|与|以及|、|并"  # 高等职业院校和 → 高等职业院校


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


_GROWTH_NOUN_END = _tail(["涨幅", "增速", "增幅", "增长率", "增长幅度", "降幅", "上涨幅度", "增长目标", "预期增长"])


_FALL_NOUN_END = _tail(["降幅"])


_RATE_NOUN_END = _tail(["率", "比重", "比例", "占比"])


_GROWTH_NOUN3_END = _tail(["涨幅", "增速", "增幅"])


@lru_cache(maxsize=1)
def _hanzi_context() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = read_table("hanzi_numeral_context.csv")
    return (tuple(r["text"] for r in rows if r["position"] == "before"),
            tuple(r["text"] for r in rows if r["position"] == "after"))


@lru_cache(maxsize=1)
def _vocab_res() -> dict:
    """Vocabulary lists compiled once into anchored alternations (longest word first)."""
    edge = _alternation(_edge_words())
    adverb_words = [w for w, k in change_words().items() if k == "adverb"]
    adverbs = _alternation(adverb_words)
    prefixes = _alternation(trim_words()[0])
    before_words = [w for w, _ in bound_words()["before"]]
    change = [w for w, k in change_words().items() if k not in ("adverb", "next")]
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
        "next_clause": re.compile(f"[，,](?:{_alternation(w for w, k in change_words().items() if k == 'next')})"),
    }


_GROWTH_NOUNS = {"增速", "增幅", "涨幅"}  # part of an indicator's name (居民消费价格指数涨幅), never trimmed


@lru_cache(maxsize=1)
def _edge_words() -> tuple[str, ...]:
    _, suf = trim_words()
    changes = {w for w, k in change_words().items() if k not in ("adverb", "next")}
    words = (set(suf) | changes | {w for w, _ in bound_words()["before"]}) - _GROWTH_NOUNS
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _period_cues() -> list[tuple[re.Pattern, str, str, str]]:
    return [(re.compile(r["pattern"]), r["period"], r["status"], r["scope"]) for r in read_table("period_cues.csv")]


@lru_cache(maxsize=1)
def _target_patterns() -> list[tuple[re.Pattern, str, str, str, str]]:
    """(pattern, type, kind, judged_as, rule) of target_patterns.csv, in file order."""
    return [(re.compile(r["pattern"]), r["type"], r["kind"], r["judged_as"], r["rule"])
            for r in read_table("target_patterns.csv")]


@lru_cache(maxsize=1)
def figure_cues() -> dict[str, tuple[tuple[str, int], ...]]:
    """{reading: ((cue, max_gap), …)} from figure_cues.csv, longest cue first (estimate, context_actual,
    annual_average, cumulative, year_end, cumulative_if_multi_year, name, name_unit)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for r in read_table("figure_cues.csv"):
        key = r["reading"] + ("_unit" if r["scope"] == "unit" else "")
        out.setdefault(key, []).append((r["cue"], int(r["max_gap"] or 0)))
    return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in out.items()}


@lru_cache(maxsize=1)
def implied_units() -> tuple[tuple[str, str], ...]:
    """(noun, unit) pairs of implied_units.csv, longest noun first: 沼气用户 ends in 用户 → 户."""
    rows = [(r["noun"], r["unit"]) for r in read_table("implied_units.csv")]
    return tuple(sorted(rows, key=lambda x: -len(x[0])))


@lru_cache(maxsize=1)
def threshold_bound_words() -> tuple[str, ...]:
    """Bound words after a number that, followed by a noun, make it a threshold (35蒸吨以下燃煤锅炉)."""
    return tuple(w for w, b in bound_words()["after"] if b in ("min", "max"))


def approx_bound_words() -> tuple[str, ...]:
    """Bound words after a number that make it approximate (1亿左右农业转移人口): they stand between the number
    and the noun it counts."""
    return tuple(w for w, b in bound_words()["after"] if b == "approx")


@lru_cache(maxsize=1)
def commitment_verbs() -> frozenset[str]:
    """The words of commitment_words.csv: verbs of commitment (新建, 推进, 力争), whatever tag jieba gives
    them (it tags 新建 as a place name)."""
    return frozenset(r["word"] for r in read_table("commitment_words.csv"))
