"""Noun phrases by part of speech: the words a researcher cites as a figure's indicator.

The rule (docs/data-dictionary.md, "indicator"): the indicator names the thing measured — the counted
noun, or the statistic with its qualifiers — from the same clause as the number. It is never a bare
verb, adverb, comparison or fragment. jieba's part-of-speech tags (the same segmentation and tags as
``tokens.csv``, with the project's policy lexicon) tell nouns from verbs and function words, so no
further word lists are needed here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .vocab import TEXT_CACHE_SIZE, _RATE_NOUN_END, commitment_verbs

# jieba (ICTCLAS) tags. Nominal: nouns of every kind, verbal nouns, distinguishing words (国家级),
# abbreviations, idioms used as names, English words. Function words never begin or end an indicator.
_NOMINAL_PREFIXES = ("n",)
_NOMINAL = frozenset({"vn", "an", "b", "j", "l", "i", "eng", "nz", "ns", "nt", "nr", "ng", "g"})
_MODIFIER = frozenset({"a", "b", "m", "q", "t"})  # may stand inside a noun phrase before its head (老旧小区, 现代水产)
FUNCTION_TAGS = frozenset({"u", "uj", "ul", "uz", "ug", "uv", "ud", "c", "p", "y", "e", "o", "d", "f", "r"})
_QUOTES = "“”\"‘’"
_RANK_BOUNDS = frozenset({"以上", "以下", "及以上", "及以下"})  # 省级以上改革试点: inside a noun phrase
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def is_nominal(tag: str | None, word: str = "") -> bool:
    """A nominal tag; a dictionary word of four characters or more is a term too, whatever its tag
    (职业技能培训 and 新旧动能转换 are tagged as verbs, but name things when they stand before a number)."""
    return bool(tag) and (tag.startswith(_NOMINAL_PREFIXES) or tag in _NOMINAL or len(word) >= 4)


def _is_verb(tag: str | None) -> bool:
    return bool(tag) and tag.startswith("v") and tag != "vn"


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def tagged(phrase: str) -> tuple[tuple[str, str], ...]:
    """``phrase`` cut into (word, POS tag) pairs, as ``tokens.csv`` cuts it; "" for unknown words.

    Text inside quotation marks (“专精特新”) is one nominal unit with its marks.
    """
    from ..text import _tokenizer, _word_tags, lexicon

    lex, tags = lexicon(), _word_tags()
    out: list[tuple[str, str]] = []
    quote: list[str] | None = None
    for word in _tokenizer(True).cut(phrase):
        if word in "“‘":
            quote = [word]
            continue
        if quote is not None:
            quote.append(word)
            if word in "”’":
                out.append(("".join(quote), "nz"))
                quote = None
            continue
        out.append((word, lex.get(word) or tags.get(word) or ""))
    if quote is not None:  # an unclosed quote: its words as they are
        out.extend((w, lex.get(w) or tags.get(w) or "") for w in quote[1:])
    return tuple(out)


def has_noun(phrase: str) -> bool:
    """Whether the phrase contains a nominal word (the property every indicator has)."""
    return any(is_nominal(tag, word) for word, tag in tagged(phrase))


def edge_function_word(phrase: str) -> str:
    """The function word (的, 和, 比, 将, 都 …) the phrase starts or ends with, or ""."""
    words = tagged(phrase)
    if not words:
        return ""
    for word, tag in (words[0], words[-1]):
        if tag in FUNCTION_TAGS and not word.strip(_QUOTES) == "":
            return word
    return ""


def strip_function_words(phrase: str) -> str:
    """The phrase without function words at its start and end (及以上城市… → 城市…, 各主要城市… → 主要城市…)."""
    words = list(tagged(phrase))
    while words and words[0][1] in FUNCTION_TAGS:
        words.pop(0)
    while words and words[-1][1] in FUNCTION_TAGS:
        words.pop()
    return "".join(w for w, _ in words)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def trim(phrase: str) -> str:
    """The phrase without the verbs, adverbs and function words at its start and the function words at
    its end: 获批发行企业债券 → 企业债券, 开展职业技能培训 → 职业技能培训, 将全国 → 全国.

    A word is only taken off the start while another word is left, and never a nominal one; a phrase
    that is left with no nominal word at all (实施, 先发行) is no indicator and becomes "".
    """
    words = list(tagged(phrase))

    verbs = commitment_verbs()

    def modifies_next(k: int) -> bool:  # 老旧 in 老旧小区, 国家级 in 国家级“专精特新”企业
        return words[k][1] in _MODIFIER and k + 1 < len(words) and is_nominal(words[k + 1][1], words[k + 1][0])

    def has_suffix_next(k: int) -> bool:  # 聚集 in 聚集性疫情: a one-character suffix makes it a noun
        return k + 1 < len(words) and len(words[k + 1][0]) == 1 and words[k + 1][1] not in FUNCTION_TAGS

    while len(words) > 1 and (words[0][0] in verbs or not is_nominal(words[0][1], words[0][0])
                              and not modifies_next(0) and not has_suffix_next(0)):
        words.pop(0)
    while not _RATE_NOUN_END.search(phrase) and words and (
            words[-1][1] in FUNCTION_TAGS or _is_verb(words[-1][1]) and len(words[-1][0]) == 1):
        words.pop()  # 和, 的, 拟 (but not the 比 of 占比)
    while words and words[0][1] in FUNCTION_TAGS:
        words.pop(0)
    if not any(is_nominal(tag, word) for word, tag in words):
        return ""
    if len(words) == 1 and len(words[0][0]) <= 2 and words[0][1] in ("v", "vn"):
        return ""  # 建设, 实施: a bare verb is no indicator
    return "".join(w for w, _ in words)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def noun_phrase_after(after: str) -> str:
    """The noun phrase a number and its measure word modify, at the start of ``after`` (the clause text
    after the mention): 个公共停车位 → 公共停车位; 国三及以下排放标准营运柴油货车 → 标准营运柴油货车;
    特色突出、引领性强的新时代文明实践基地 → 新时代文明实践基地 (the head after 的).

    Words are read up to the first verb, preposition, conjunction or adverb that follows a nominal word
    (or up to a list mark 、); the phrase is the run of nominal words and their modifiers that ends there.
    "" when the number is not followed by a noun (增长6%以上, …).
    """
    de = after.rfind("的", 0, 13)
    if de >= 0 and _relative_clause(after[:de]):
        tail = noun_phrase_after(after[de + 1:])
        if tail:
            return tail
    run: list[tuple[str, str]] = []
    seen_noun = False
    for word, tag in tagged(after):
        if word in "、,，;；:：。!！?？()（）" or word.isspace():
            break
        if is_nominal(tag, word) or tag in _MODIFIER or tag == "" or run and word in _RANK_BOUNDS:
            run.append((word, tag))
            seen_noun = seen_noun or is_nominal(tag, word)
            continue
        if seen_noun and (_is_verb(tag) or tag in FUNCTION_TAGS):
            break
        run = []  # a word that cannot stand in the phrase: the phrase starts after it
    while run and not is_nominal(run[-1][1], run[-1][0]):
        run.pop()
    return "".join(w for w, _ in run)


def starts_with_noun(after: str) -> bool:
    """Whether the text right after a mention begins with a nominal word (1050个公共停车位, 283万威海人民),
    a word jieba does not know (2215名驻厂员: names it has no entry for are nouns), or a modifier of one."""
    words = tagged(after[:12])
    if not words:
        return False
    word, tag = words[0]
    if is_nominal(tag, word) or tag == "" and len(word) >= 2 and _CJK.fullmatch(word):
        return True
    return (tag in ("a", "b", "t") or tag == "" and _CJK.fullmatch(word) is not None) and len(words) > 1 \
        and is_nominal(words[1][1], words[1][0])


def _relative_clause(text: str) -> bool:
    """Whether ``text``, standing between a number and 的, can be a relative clause on the noun after 的
    (特色突出、引领性强的新时代文明实践基地), not a sentence of its own (威海人民用实际行动…的): no
    preposition, conjunction or aspect particle in it."""
    return not any(tag in ("p", "c", "ul", "uz", "ug") for _, tag in tagged(text))


TEXT_CACHES = (tagged, trim, noun_phrase_after)
