"""One phrase, several figures: 分别 (values in the order of the listed indicators) and 均 (one value for several).
"""

from __future__ import annotations

import re

from .meaning import _LIST_SEP, _clause_bounds, _clean_indicator
from .phrases import tagged
from .record import Figure
from .vocab import _RATE_NOUN_END, indicator_id_for


_JUN = re.compile(r"(?<![人平年])均(?![衡匀等值])")


def _split_list(phrase: str) -> list[str]:
    """城镇和农村居民人均可支配收入 → [城镇居民人均可支配收入, 农村居民人均可支配收入]; A、B → [A, B].

    Short items (three characters at most) before a longer last item share its tail after as many
    characters as the first item has, when those characters of the last item are a word of jieba's
    dictionary (as 农村 is): but 进出口和实际利用外资 stays [进出口, 实际利用外资] (实际利 is no word)."""
    items = _list_items(phrase)
    if len(items) < 2:
        return [phrase]
    *firsts, last = items
    head = len(firsts[0])
    if all(len(p) <= 3 for p in firsts) and len(last) > head + 2 and _is_word(last[:head]):
        return [p + last[head:] for p in firsts] + [last]
    return items


def _is_word(text: str) -> bool:
    from ..text import _tokenizer

    return bool(_tokenizer(True).has_word(text))


def _list_items(phrase: str) -> list[str]:
    """The phrase cut at each 、, 和, 与, 及 or 以及 that jieba reads as a word of its own (as ``tokens.csv``
    cuts it, with the policy terms), never inside a word: 碳中和碳达峰行动方案 is one item, not 碳中 and
    碳达峰行动方案, and 普及率 or 参与度 is not cut at all. A preposition before the first item (把小学、
    初中学生…) is not part of it."""
    items: list[str] = [""]
    for word, tag in tagged(phrase):
        if _LIST_SEP.fullmatch(word):
            items.append("")
        elif items[-1] or tag != "p" or len(items) > 1:
            items[-1] += word
    return [item for item in items if item]


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
