"""One mention in its sentence: indicator, measure, sign, bound, role, period and status.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple
from functools import lru_cache

from ..textlayer import _FOLD, _ZW_OR_SPACE, _fold
from .numbers import hanzi_value_digits
from .record import Figure
from .phrases import edge_function_word, is_nominal, noun_phrase_after, starts_with_noun, strip_function_words, tagged, trim
from .vocab import TEXT_CACHE_SIZE, figure_cues, implied_units, indicator_aliases, indicator_id_for, threshold_bound_words, approx_bound_words, _FALL_NOUN_END, _GROWTH_NOUN_END, _TO_END, _bound_of, _elliptic, _period_cues, _vocab_res, change_words


_FOUR_DIGITS = re.compile(r"\d{4}")


_COMPARISON_END = re.compile(r"(?:(?:比|较|与)(?:\d{4}年|上年|去年|上一年)(?:末|底|初)?|同比)$")


_BOUND_AFTER_START = re.compile(r"^(?:以上|以下|以内|左右|之内|内|余|多)")


_LIST_GAP = re.compile(r"\s*(?:和|、|及|与|以及|,|，)\s*")


_FROM = re.compile(r"(?<![自理缘经])[由从](?![于此])")


_TO = re.compile(r"(?:到|至)")


_CLAUSE_SEP = re.compile(r"[,，;；:：。！？!?]")


_LIST_SEP = re.compile(r"[、和与及]|以及")  # the words that join the items of a list


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


@lru_cache(maxsize=TEXT_CACHE_SIZE)
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
    phrase = _named_with_edge_words(phrase, res["end"].strip(phrase))
    if ("比" in phrase or "较" in phrase or "与" in phrase) and _COMPARISON_END.search(phrase):
        phrase = res["end"].strip(_COMPARISON_END.sub("", phrase, count=1))
    if ("“" in phrase or "”" in phrase) and phrase.count("“") != phrase.count("”"):
        phrase = phrase.replace("“", "").replace("”", "")  # 链主”型企业: a quote cut in half says nothing
    return phrase.strip(" \u3000“”\"、")


def _named_with_edge_words(phrase: str, stripped: str) -> str:
    """``stripped`` (the phrase without the verbs and change words at its end), unless that names no
    tracked indicator while the phrase with some of them is one of indicators.csv's names as it stands:
    经济增长8.8% names 经济增长 (gdp), not 经济; 实体经济增长 stays 实体经济 (not a listed name)."""
    if len(stripped) == len(phrase) or indicator_id_for(stripped):
        return stripped
    alias = indicator_aliases()[0]
    for k in range(len(stripped) + 1, len(phrase) + 1):
        if phrase[:k] in alias and _vocab_res()["end"].strip(phrase[:k]) == stripped:
            return phrase[:k]
    return stripped


_TEXT_SCOPES = ("sentence", "paragraph")


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _cue_period(sentence: str, ry: int | None, default: str, allow_explicit: bool = False,
                scopes: tuple[str, ...] = _TEXT_SCOPES) -> tuple[str, str] | None:
    """The period a cue in ``sentence`` sets, as (period, status); None if no cue matches.

    Sentence- and paragraph-scope cues are tried; with ``allow_explicit`` only the figure-scope cue
    (a year written just before the number), for the text before a figure; ``scopes`` names others
    (``("clause",)``: the clause text before a figure).
    """
    if ry is None:
        return None
    found = _first_cue(_fold(sentence), ("figure",) if allow_explicit else scopes)
    if found is None:
        return None
    m, rule, status = found
    if rule == "plan":
        return f"{ry}-{ry + 4}", status or "target"
    if rule == "past_plan":
        return f"{ry - 5}-{ry - 1}", status or "actual"
    if rule == "report_year":
        return str(ry), status or "target"
    if rule == "previous_year":
        return str(ry - 1), status or "actual"
    if rule == "plan_name":
        return _named_plan(m.group(0), ry)
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


def _named_plan(name: str, ry: int) -> tuple[str, str] | None:
    """The period of a five-year plan named in a sentence (“六五”期间 → 1981-1985): actual once it ended
    before the report's year."""
    from ..structure import plan_years

    years = plan_years(name)
    if years is None:
        return None
    return f"{years[0]}-{years[1]}", "actual" if years[1] < ry else "target"


def _first_cue(norm: str, scopes: tuple[str, ...]) -> tuple[re.Match, str, str] | None:
    """(match, rule, status) of the first cue of ``scopes`` (in file order) found in ``norm``."""
    for pat, rule, status, scope in _period_cues():
        if scope in scopes:
            m = pat.search(norm)
            if m:
                return m, rule, status
    return None


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def cue_start(sentence: str, ry: int | None) -> int | None:
    """Where in ``sentence`` the cue that sets its period (``_cue_period``) starts; None if none does."""
    found = _first_cue(_fold(sentence), _TEXT_SCOPES) if ry is not None else None
    return found[0].start() if found else None


def _strip_from(before: str) -> str:
    """The text before a number without a trailing 由/从 (由2016年的 → 2016年的)."""
    return before[:-1] if before.endswith(("由", "从")) else before


def _period_before(period: str) -> str:
    start = period.split("-")[0]
    return str(int(start) - 1) if start.isdigit() else ""


@lru_cache(maxsize=TEXT_CACHE_SIZE)
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


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _after_info(after: str) -> tuple[str, bool, bool]:
    """What the clause text after a number says about its bound: (bound word's bound, starts with 内,
    has 到/至 (the end of 由X到Y))."""
    return _bound_after(after), after.startswith("内"), _TO.search(after) is not None


@lru_cache(maxsize=1024)
def _bound_inside(unit_as_written: str) -> str:
    mi = _vocab_res()["bound_inside"].search(unit_as_written)
    return _bound_of("inside", mi.group(0)) if mi else ""


def _bound_after(after: str) -> str:
    ma = _vocab_res()["bound_after"].match(after)
    return _bound_of("after", ma.group(0)) if ma else ""


def sentence_period(sent: str, para_first: str, part_period: tuple[str, str], ry: int | None,
                    earlier: Sequence[str] = (), lead: str = "", own: bool = True) -> tuple[str, str]:
    """(period, status) of a sentence: its own cue (unless ``own`` is false), else the time an earlier
    sentence of its paragraph opens with (``earlier``, nearest last: 过去一年，我们…。国内生产总值增长10.3%),
    else a horizon stated in the paragraph's first sentence, else a cue in the first sentence of the
    paragraph that leads a list of ——-paragraphs (``lead``: 过去五年极不寻常。⏎——生态环境明显改善。…), else
    the part's."""
    period = part_period[0]
    mine = _cue_period(sent, ry, period) if own else None
    if mine:
        return mine
    for before in reversed(earlier):
        opened = opening_period(before, ry)
        if opened:
            return opened
    return _paragraph_cue(para_first, ry, period) or (_cue_period(lead, ry, period) if lead else None) or part_period


_TOPIC_MARKS = frozenset(",，:：")


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def opening_period(sentence: str, ry: int | None) -> tuple[str, str] | None:
    """The period a sentence opens with, as its topic (过去一年，…; 2012年，…; 今年，…): a sentence- or
    paragraph-scope cue matched at its very start and set off by a comma or colon (去年价格上涨的翘尾影响…
    only speaks of last year's prices). The sentences after it in the paragraph speak of that
    time until one names another. None if the sentence does not open with one."""
    if ry is None:
        return None
    norm = _fold(sentence).lstrip(" \u3000\t")
    for pat, _rule, _status, scope in _period_cues():
        if scope in _TEXT_SCOPES:
            m = pat.search(norm)
            if m and m.start() == 0 and any(ch in _TOPIC_MARKS for ch in norm[m.end() - 1:m.end() + 1]):
                return _cue_period(norm[:m.end()], ry, "")
    return None


class _Clause(NamedTuple):
    """A quantity's place in its sentence: the clause around it and what the text before it says."""

    sent: str
    a: int  # the mention's span in the sentence
    b: int
    cs: int  # the clause's start in the sentence
    before: str  # clause text before the number
    after: str  # clause text after it
    prev: Figure | None  # the quantity before it in the same clause
    head: str
    bound_before: str
    verb: str
    kind: str
    pct_measure: str
    from_at: int
    year_near: bool


def interpret(fig: Figure, sent: str, s_off: int, sent_period: tuple[str, str], ry: int | None,
              prev: Figure | None, carried: str = "") -> None:
    """Fill bound, role, measure and sign, indicator, period and status, and what kind of number it is,
    for a quantity in its sentence: one step each, in that order (each step may read the ones before).

    ``sent_period`` is the sentence's (period, status), from ``sentence_period``; ``prev`` the quantity
    before it in the sentence; ``carried`` the indicator of the last quantity of the sentence before in
    the paragraph, which an elliptic rate word (涨幅, 增速) with none before it in its own sentence joins
    (…要把全年商品零售物价上涨幅度控制在百分之十以内。…涨幅仍然高达百分之二十一点七; 人均 and 规模 stay in
    their sentence).
    """
    a, b = fig.start - s_off, fig.end - s_off
    cs, ce = _clause_bounds(sent, a, b)
    same_clause_prev = prev if prev is not None and prev.sentence_id == fig.sentence_id and prev.end - s_off > cs else None
    c = _Clause(sent, a, b, cs, sent[cs:a], sent[b:ce], same_clause_prev, *_before_info(sent[cs:a]))
    c_prev_end = same_clause_prev.end - s_off if same_clause_prev else -1
    fig.bound = _bound(fig, c)
    fig.role = _role(fig, c, c_prev_end)
    _measure_and_sign(fig, c, c_prev_end)
    after_reading = _after_reading(c.after, fig.unit in ("%", "个百分点"))
    earlier = prev if prev is not None and prev.sentence_id == fig.sentence_id and prev.indicator else None
    phrase = _phrase_before(c, c_prev_end)
    fig.indicator = _indicator(phrase, after_reading.noun, after_reading.noun_later,
                               earlier.indicator if earlier else "")
    if carried and earlier is None and fig.indicator in _elliptic() and _GROWTH_NOUN_END.search(fig.indicator):
        fig.indicator = _indicator(phrase, after_reading.noun, after_reading.noun_later, trim(carried) or carried)
    if not fig.indicator and c.prev is None:
        fig.indicator = _subject_before_clause(sent, cs, prev.end - s_off if earlier_in_sentence(prev, fig) else -1)
    if not indicator_id_for(fig.indicator):
        fig.indicator = _sentence_topic(sent, fig.indicator) or fig.indicator
    if _WIDE_IN_NAME.search(fig.indicator):
        fig.indicator = fig.indicator.translate(_NARROW)  # １２３４５政务服务热线 → 12345政务服务热线
    if fig.measure == "level" and fig.unit == "%" and _GROWTH_NOUN_END.search(fig.indicator):
        fig.measure = "growth_rate"  # 居民消费价格涨幅回落到2.6%: the level of a rise is a growth rate
        if _FALL_NOUN_END.search(fig.indicator) and fig.value is not None:
            fig.value = -abs(fig.value)  # 能耗降幅超过3%: a fall of 3%
    fig.period, fig.status = _period_status(fig, c, sent_period, ry, c_prev_end)
    _kind_of_number(fig, sent[:a], c.before, after_reading, ry)


def _bound(fig: Figure, c: _Clause) -> str:
    """Bound words: inside the mention (余), after it (以上, 以内, 左右), then before it (超过, 近, 控制在);
    a duration followed by 内 is a maximum (20天内)."""
    bound_after, after_nei, _ = _after_info(c.after)
    uaw = fig.unit_as_written
    bound = (uaw and _bound_inside(uaw)) or bound_after or c.bound_before
    if not bound and after_nei and fig._unit_kind == "time":
        bound = "max"
    return bound


def _role(fig: Figure, c: _Clause, prev_end: int) -> str:
    """``baseline`` for X in 由X增加到Y (a 由/从 before it and a 到/至 after it in the clause, with no other
    quantity between 由 and X), else ``value``; thresholds and names are read later (``_kind_of_number``).

    A 由 clause may also end before its new value, in the next clause, which opens with a ``next`` word
    of change_words.csv (由前三年分别上升4.9％、5.5％、0.2％，转为下降1.2%): then every quantity of the
    clause after 由 is a baseline, except durations (前三年), which say whose values they are.
    """
    if c.from_at < 0:
        return "value"
    first = c.prev is None or prev_end <= c.cs + c.from_at
    _, _, after_to = _after_info(c.after)
    if after_to and first:
        return "baseline"
    if fig._unit_kind != "time" and _vocab_res()["next_clause"].match(c.sent, c.b + len(c.after)):
        return "baseline"
    return "value"


def _measure_and_sign(fig: Figure, c: _Clause, prev_end: int) -> None:
    """growth_rate after a change word (增长5%) or a growth noun, change for 个百分点, level otherwise; a value
    listed after another (分别增长2.8%和5.3%) shares its reading; a fall (下降, 压减) makes it negative."""
    kind = c.kind
    fig.measure = "change" if fig.unit == "个百分点" else c.pct_measure if fig.unit == "%" else "level"
    listed = c.prev is not None and _LIST_GAP.fullmatch(c.sent[prev_end:c.a]) is not None
    if listed and c.verb == "":
        fig.measure = c.prev.measure if c.prev.unit == fig.unit else fig.measure
        kind = "down" if (c.prev.value or 0) < 0 and fig.measure != "level" else kind
    if kind == "down" and fig.value is not None and fig.measure in ("growth_rate", "change"):
        fig.value = -abs(fig.value)
        if fig.value_high is not None:
            fig.value_high = -abs(fig.value_high)


def _phrase_before(c: _Clause, prev_end: int) -> str:
    """The words before the number that may name it: from the previous quantity of the clause (or the
    clause's start) up to the number, or up to 由 (高新技术企业由502家增加到737家: both take the words before 由)."""
    lo = prev_end if c.prev is not None else c.cs
    if c.from_at >= 0 and c.cs + c.from_at >= lo:
        return c.sent[lo:c.cs + c.from_at]
    return c.sent[lo:c.a]


def _period_status(fig: Figure, c: _Clause, sent_period: tuple[str, str], ry: int | None,
                   prev_end: int = -1) -> tuple[str, str]:
    """The sentence's period and status, unless a year is written just before the number (由2016年的2.36万亿元,
    2021年同比下降7.9%) or in the number's own words of its clause (2007年单位国内生产总值能耗比上年下降3.27%:
    after any quantity before it, so 由2016年的2.36万亿元增加到3.21万亿元 leaves 3.21 alone); a baseline takes
    the year before the period and is an outcome."""
    period, status = sent_period
    explicit = None
    if c.year_near:
        head = c.head
        pre_verb = _vocab_res()["adverbs_end"].strip(head[: len(head) - len(c.verb)]) if c.verb else head
        explicit = _cue_period(_strip_from(pre_verb), ry, period, allow_explicit=True)
    own_words = c.sent[prev_end:c.a] if c.prev is not None else c.before  # since the quantity before
    explicit = explicit or _cue_period(own_words, ry, period, scopes=("clause",))
    if explicit:
        return explicit
    if fig.role == "baseline":
        return _period_before(period) or period, "actual"
    return period, status


class _AfterReading(NamedTuple):
    """What the clause text after a number says about what kind of number it is."""

    noun: str  # the noun phrase the number and its measure word modify, "" if none
    noun_later: str  # the first noun phrase in the clause after the number (淘汰1637辆国三及以下…柴油货车)
    threshold: bool  # 35蒸吨以下燃煤锅炉: a bound word, then the noun it bounds
    name_gap: int  # characters before a programme word (三年行动: 0), -1 if none


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _after_reading(after: str, percent: bool) -> _AfterReading:
    """Read the clause text after a mention: the noun it modifies, whether it is a threshold, whether a
    programme word follows (``figure_cues.csv``, reading name)."""
    noun = ""
    threshold = False
    rest = after
    for word in threshold_bound_words():
        if after.startswith(word):
            rest = after[len(word):]
            threshold = not percent and starts_with_noun(rest)  # 70%以上老旧小区: a share, not a threshold
            break
    else:
        rest = after[len(next((w for w in approx_bound_words() if after.startswith(w)), "")):]
        if starts_with_noun(rest):  # 1亿左右农业转移人口: the noun after 左右
            noun = noun_phrase_after(rest)
    later = noun or noun_phrase_after(rest)
    name_gap = _cue_gap("name", after)
    threshold = threshold or _cue_gap("threshold", after) >= 0  # 所得额不到100万元的部分: a bracket
    return _AfterReading(noun[:20], later[:20], threshold, name_gap)


def _cue_gap(reading: str, after: str) -> int:
    """Characters before the first cue of ``reading`` (figure_cues.csv, scope after) in the clause text
    after a mention, within its max_gap; -1 if none."""
    for cue, gap in figure_cues().get(reading, ()):
        k = after.find(cue, 0, gap + len(cue))
        if k >= 0 and not _CLAUSE_SEP.search(after, 0, k):
            return k
    return -1


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _indicator(phrase: str, noun_after: str, noun_later: str, earlier: str) -> str:
    """The indicator of a quantity (docs/data-dictionary.md, "indicator"):

    1. the noun phrase the number and its measure word modify, when one follows (新增1050个公共停车位 →
       公共停车位; 283万威海人民 → 威海人民);
    2. else the phrase before the number in its clause, cleaned of bound, change and trim words, and of
       leading verbs and edge function words unless it names a tracked indicator as it stands
       (获批发行企业债券 → 企业债券, 新增城镇就业 stays);
    3. a phrase that is only an elliptic word (人均, 涨幅) or a comparison (比上年预算) takes the
       previous figure's indicator in the sentence;
    4. a phrase with no noun left (实施, 先发行) gives way to the first noun phrase after the number in
       its clause (淘汰1637辆国三及以下排放标准营运柴油货车 → 标准营运柴油货车), else to the previous
       figure's indicator.
    """
    if noun_after:
        return noun_after
    ind = _clean_indicator(phrase)
    iid = indicator_id_for(ind)
    if iid and edge_function_word(ind):
        bare = strip_function_words(ind)  # 及以上城市细颗粒物平均浓度 → 城市细颗粒物平均浓度, if it names the same
        ind = bare if indicator_id_for(bare) == iid else ind
    if earlier and ind.startswith("占"):
        return (earlier + ind)[-20:]  # 研发经费投入增长14.2%,占国内生产总值的比重达到2.44%
    if ind and not indicator_id_for(ind):
        ind = trim(ind)
    if earlier and (ind in _elliptic() or trim(ind) in _elliptic()):
        # 生产总值突破4000亿元,人均超过2万美元; 居民消费价格上涨2.5%,涨幅比上年回落0.4个百分点
        ind = ind if ind in _elliptic() else trim(ind)
        return "人均" + earlier if ind == "人均" else earlier + ind
    if not ind:
        return noun_later or earlier
    return ind[-20:]


_WIDE_IN_NAME = re.compile("[０-９％．]")
_NARROW = str.maketrans("０１２３４５６７８９％．", "0123456789%.")  # full-width digits in an indicator's name
_NUMERAL = re.compile(r"[0-9０-９]|百分之")


def earlier_in_sentence(prev: Figure | None, fig: Figure) -> bool:
    """Whether ``prev`` is a quantity before ``fig`` in the same sentence."""
    return prev is not None and prev.sentence_id == fig.sentence_id


def _subject_before_clause(sent: str, cs: int, prev_end: int = -1) -> str:
    """The indicator a clause with no subject of its own takes from the clause before it
    (经济增长速度的宏观调控目标，定为百分之八至九 → 经济增长速度的宏观调控目标; 确保物价上涨幅度比去年有明显回落，
    力争控制在百分之十五左右 → 物价上涨幅度): only when that clause ends in a comma, holds no number (nor the
    quantity before in the sentence, which ends at ``prev_end``) and names a tracked indicator (as its words
    stand, else one written inside it); else ""."""
    if cs < 2 or sent[cs - 1] not in ",，":
        return ""
    ps = _clause_bounds(sent, cs - 2, cs - 1)[0]
    before = sent[ps:cs - 1]
    if prev_end > ps or _NUMERAL.search(before):  # the quantity before (一百多亿元) is in that clause
        return ""
    ind = _clean_indicator(before)
    return ind[-20:] if indicator_id_for(ind) else _name_within(before)


def _name_within(text: str) -> str:
    """The longest name of a tracked indicator (indicators.csv) written in ``text`` as words of their own
    with no noun before them, or "": 确保物价上涨幅度比去年有明显回落 → 物价上涨幅度, but not 固定资产投资 in
    国有单位固定资产投资 (a part of it) nor 生产总值 in 工农业生产总值."""
    words = tagged(text)
    starts, pos = {}, 0
    for k, (w, _tag) in enumerate(words):
        starts[pos] = k
        pos += len(w)
    best = ""
    for a in indicator_aliases()[0]:
        if len(a) <= len(best) or len(a) < 3:
            continue
        i = text.find(a)
        while i >= 0:
            k = starts.get(i)
            if k is not None and (i + len(a) in starts or i + len(a) == len(text)) \
                    and (k == 0 or not is_nominal(words[k - 1][1], words[k - 1][0])):
                best = a
                break
            i = text.find(a, i + 1)
    return best


_TOPIC_LEAD = re.compile(r"^[\s\u3000—\-－]+")


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _sentence_topic(sent: str, ind: str) -> str:
    """The tracked indicator a sentence opens with, for a quantity whose own words name none: the sentence
    starts with an indicator's name (粮食产量屡创历史新高，去年达到1.09万亿斤 → 粮食产量), or with the subject
    the quantity's words complete (粮食连续五年增产，总产量10570亿斤 → 粮食 + 总产量). Leading time and place
    words (全国, 今年) are skipped; "" if nothing fits."""
    head = _vocab_res()["start"].sub("", _TOPIC_LEAD.sub("", sent), count=1)
    alias = indicator_aliases()[0]
    for k in range(min(len(head), _alias_longest()), 1, -1):
        name = head[:k] + ind
        if name in alias and (ind or not _TOPIC_CONTINUES.match(head, k)):
            return name
    return ""


# After an indicator's name, a character that makes the name part of a longer word (粮食产量 in 粮食产量的).
_TOPIC_CONTINUES = re.compile(r"[的之]")


@lru_cache(maxsize=1)
def _alias_longest() -> int:
    return max(map(len, indicator_aliases()[0]), default=0)


def _present_situation(clause_before: str) -> bool:
    """A present-situation cue (figure_cues.csv: 现有, 发挥, 现行) before the number in its clause, with no
    change word after it (降至, 增长: the number is then the new value, not the present one)."""
    cue = _find_cue("context_actual", clause_before)
    if not cue:
        return False
    rest = clause_before[clause_before.rfind(cue) + len(cue):]
    return not any(w in rest for w, k in change_words().items() if k in ("up", "down", "to"))


def _restated_target(clause_before: str) -> bool:
    """A word of intent (figure_cues.csv, restated_target: 要) in the clause before a number in a sentence
    about the past: 去年政府工作报告提出，物价涨幅要从14.8%降到10%左右 states that year's target again."""
    cues = {c for c, _ in figure_cues().get("restated_target", ())}
    return bool(cues) and any(c in clause_before for c in cues) and any(w in cues for w, _ in tagged(clause_before))


def _find_cue(reading: str, text: str) -> str:
    """The first cue of ``reading`` (figure_cues.csv) found in ``text``, or ""."""
    for cue, _gap in figure_cues().get(reading, ()):
        if cue in text:
            return cue
    return ""


def _kind_of_number(fig: Figure, sent_before: str, clause_before: str, after: _AfterReading,
                    ry: int | None) -> None:
    """Role, status and aggregation beyond the plain reading (data contract v2, figures.csv):

    - role ``threshold`` for a size condition on what is counted (35蒸吨以下燃煤锅炉, 投资500万元以上技改项目);
    - role ``name`` for a number inside a programme's name (三年行动, 健康中国15项行动, 七大产业集群):
      a programme word of figure_cues.csv follows within a few characters, or the measure word is one
      that writes a named set (X大);
    - status ``target`` for an outcome-year number that was to be reached (物价涨幅要从14.8%降到10%左右: the
      year's target restated);
    - status ``estimate`` for an outcome given as expected or preliminary (预计增长4%左右);
    - status ``actual`` for the present situation inside a plan sentence (发挥…5所高等职业院校…作用), when
      unless a change word stands between the cue and the number (现行16%的税率降至13%: 16%, not 13%);
    - aggregation ``annual_average`` (年均), ``cumulative`` (累计, 五年新增, or a flow word in a
      multi-year period), ``year_end`` (年末, 年底, 余额);
    - a count with no measure word takes its unit from the counted noun (283万威海人民 → 人).
    """
    if fig.role == "value":
        if after.threshold:
            fig.role = "threshold"
        elif after.name_gap >= 0 or fig.unit_as_written in _name_units():
            fig.role = "name"
    if fig.status == "actual" and _restated_target(clause_before):
        fig.status = "target"
        fig.note = _add_note(fig.note, "a target restated in a sentence about the past")
    elif fig.status == "actual" and _find_cue("estimate", sent_before):
        fig.status = "estimate"
    elif fig.status == "target" and _present_situation(clause_before):
        fig.status = "actual"
        fig.period = str(ry - 1) if ry else fig.period
        fig.note = _add_note(fig.note, "present situation in a plan sentence")
    if _find_cue("annual_average", clause_before):
        fig.aggregation = "annual_average"
    elif _find_cue("cumulative", clause_before) or (
            "-" in fig.period and fig.measure == "level" and fig.unit != "%"
            and _find_cue("cumulative_if_multi_year", clause_before)):
        fig.aggregation = "cumulative"
    elif _find_cue("year_end", clause_before):
        fig.aggregation = "year_end"
    if not fig.unit and fig.value is not None and after.noun:
        for noun, unit in implied_units():
            if noun in after.noun:  # 148万农村贫困人口全部脱贫: 人口
                fig.unit = unit
                fig.note = "unit implied by the noun"
                break


@lru_cache(maxsize=1)
def _name_units() -> frozenset[str]:
    """Measure words that make a number part of a name (七大产业集群): figure_cues.csv, scope unit."""
    return frozenset(c for c, _ in figure_cues().get("name_unit", ()))


def _add_note(note: str, more: str) -> str:
    return f"{note}; {more}" if note else more


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _paragraph_cue(first: str, ry: int | None, default: str) -> tuple[str, str] | None:
    if ry is None or not first:
        return None
    norm = first.translate(_FOLD)
    for pat, rule, _status, scope in _period_cues():
        if scope == "paragraph" and pat.search(norm):
            return _cue_period(first, ry, default)
    return None
