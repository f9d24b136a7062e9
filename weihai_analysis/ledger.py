"""The ledger of commitments (``targets.csv``): everything a report commits to, and how it would be judged.

One row per forward-looking commitment (data contract v2, ``targets.csv``):

1. every quantity whose status is ``target`` and whose role is ``value`` (thresholds, programme names
   and baselines are no commitments), with or without a canonical indicator; a value shared by a 均 list
   (城镇登记失业率、居民消费价格指数涨幅均控制在3%以内) is one row per listed indicator;
2. every clause of a forward-looking sentence that commits to an outcome in words
   (``target_patterns.csv``: 外贸进出口稳定增长, 确保空气质量稳定达到国家二级标准, 全面完成…任务), with value
   empty, the clause's span and a rule saying what would satisfy it.

Each row says what kind of commitment it is (``kind``), how firm (``firmness``, from the wording in
``commitment_words.csv``) and how an outcome is judged against it (``judged_as``, from its bound and the
indicator's direction in ``indicators.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .figures.lists import _split_list, _with_shared_head
from .figures.meaning import _CLAUSE_SEP, _clause_bounds, sentence_period
from .figures.phrases import has_noun, trim
from .figures.pipeline import _report_structure, _themes_for, figures_from_structure
from .figures.record import Figure
from .figures.vocab import _GROWTH_NOUN3_END, _target_patterns, bound_words, indicator_aliases, indicator_id_for, units
from .reference import read_table
from .structure import Structure, section_period

TARGET_COLUMNS = [
    "target_id", "indicator_id", "indicator", "period", "measure", "value", "value_high", "unit", "bound",
    "kind", "firmness", "judged_as", "wording", "rule", "figure_id", "section_id", "sentence", "start", "end",
]

# How far an outcome may stand from a 左右 target and still be within it (judged_as band): half a
# percentage point for rates, 5% of the value for levels. Written into each band row's rule.
BAND_POINTS = 0.5
BAND_SHARE = 0.05


@dataclass(frozen=True)
class Wording:
    """How a commitment is worded: its firmness, the kind its verb gives, and the words as written."""

    firmness: str
    kind: str
    words: str


@lru_cache(maxsize=1)
def _commitment_words() -> tuple[tuple[str, str, str], ...]:
    """(word, firmness, kind) of commitment_words.csv, longest word first."""
    rows = [(r["word"], r["firmness"], r["kind"]) for r in read_table("commitment_words.csv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _ledger_cues() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in read_table("ledger_cues.csv"):
        out.setdefault(r["meaning"], []).append(r["cue"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _any_commitment_word() -> re.Pattern:
    """A pattern for any word of commitment_words.csv: most texts hold none, and are passed in one scan."""
    words = [w for w, _, _ in _commitment_words()]
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def _words_in(text: str) -> list[tuple[int, str, str, str]]:
    """Commitment words in ``text`` as (position, word, firmness, kind), in text order, longest match
    at each position (完成 inside 全面完成 is not counted twice)."""
    found: list[tuple[int, str, str, str]] = []
    if not _any_commitment_word().search(text):
        return found
    taken = [False] * (len(text) + 1)
    for word, firmness, kind in _commitment_words():
        k = text.find(word)
        while k >= 0:
            if not any(taken[k:k + len(word)]):
                found.append((k, word, firmness, kind))
                for i in range(k, k + len(word)):
                    taken[i] = True
            k = text.find(word, k + 1)
    return sorted(found)


def wording_of(clause_before: str, sentence_before: str, paragraph_first: str) -> Wording:
    """Firmness and kind from the commitment words before a commitment.

    The word nearest before it in its clause decides, except that an aspirational word anywhere in the
    clause (力争, 争取) makes the whole clause aspirational (力争…突破). A clause without any takes the first
    word of its sentence before it (主要预期目标安排: 生产总值增长6%以上 → 预期, aspirational), then of its
    paragraph's first sentence (在产业现代化方面争当排头兵。…). With no word at all a plain statement of
    what will be is binding.
    """
    words = _words_in(clause_before)
    bound = next((w for w, _ in bound_words()["before"] if clause_before.endswith(w)), "")
    if words:
        nearest = words[-1]
        firm = next((w for w in words if w[2] == "aspirational"), nearest)
        shown = [firm[1]] if firm is nearest else [firm[1], nearest[1]]
        if bound and not clause_before.endswith(nearest[1]):
            shown.append(bound)  # 力争…突破
        return Wording(firm[2], nearest[3], "…".join(shown))
    for text in (sentence_before, paragraph_first):
        words = [w for w in _words_in(text) if w[2] == "aspirational"]
        if words:
            return Wording(words[0][2], "", "…".join(x for x in (words[0][1], bound) if x))
    return Wording("binding", "", bound)


@lru_cache(maxsize=None)
def _cues_of(meaning: str) -> re.Pattern:
    """One pattern for the cues of ledger_cues.csv with this meaning (matching nothing if there are none)."""
    cues = _ledger_cues().get(meaning, ())
    return re.compile("|".join(map(re.escape, cues)) if cues else "(?!)")


def _headline_sentences(st: Structure) -> frozenset[str]:
    """Sentences that list the main targets: one naming them (主要预期目标) and the rest of its paragraph
    after it (a list the report splits at ；)."""
    out: set[str] = set()
    open_paragraph = ""
    headline = _cues_of("headline").search
    for s in st.sentences:
        if headline(s.text):
            open_paragraph = s.paragraph_id
        if s.paragraph_id == open_paragraph:
            out.add(s.sentence_id)
    return frozenset(out)


def _binding_sentence(sentence: str) -> bool:
    return _cues_of("binding").search(sentence) is not None


@lru_cache(maxsize=None)
def direction(indicator_id: str) -> str:
    """``higher`` or ``lower`` (is better), from the ``direction`` column of indicators.csv; "" if unknown."""
    row = indicator_aliases()[1].get(indicator_id)
    return (row or {}).get("direction", "") or ""


def judged_as(bound: str, value: float | None, measure: str, indicator_id: str, kind: str,
              value_high: float | None = None) -> str:
    """How an outcome is judged against a quantified commitment (data contract, ``judged_as``):

    以上/不低于/突破 (``min``) → floor; 以内/以下/不超过 (``max``) → ceiling; 左右 (``approx``) → ceiling for
    indicators where lower is better (prices, unemployment, energy use, emissions: ``indicators.csv``
    direction; or a cap), band otherwise; a plain number → floor (a quantity to deliver, an expected
    growth rate to reach), except a planned fall (压减10%: -10) and a plain number on an indicator where
    lower is better (赤字率拟按2.8%安排) → ceiling, since less meets it. A range (6%-6.5%) is a band; a
    planned fall "at least" so big (下降5%以上: -5, min) bounds the size of the cut → ceiling.
    """
    lower = direction(indicator_id) == "lower" or (not indicator_id and kind == "cap")
    falling = value is not None and value < 0 and measure in ("growth_rate", "change")
    if value_high is not None:
        return "band"
    if bound == "min":
        return "ceiling" if falling else "floor"
    if bound == "max":
        return "ceiling"
    if bound == "approx":
        return "ceiling" if lower else "band"
    if falling or (lower and direction(indicator_id) == "lower"):
        return "ceiling"
    return "floor"


def _number(value: float | None, unit: str) -> str:
    v = format(value, "g") if value is not None else "?"
    return f"{v}{'' if unit in ('%', '') else ' '}{unit}"


def rule_for(value: float | None, value_high: float | None, unit: str, measure: str, name: str, judged: str) -> str:
    """A readable condition an outcome must meet: ``growth rate of 地区生产总值 >= 6%``."""
    what = {"growth_rate": f"growth rate of {name}", "change": f"change in {name}"}.get(measure, name)
    if value_high is not None:
        return f"{what} in [{_number(value, '')}, {_number(value_high, unit)}]".strip()
    if judged == "band":
        tol = BAND_POINTS if unit in ("%", "个百分点") else abs(value or 0) * BAND_SHARE
        return f"{what} ≈ {_number(value, unit)} (band: within ±{format(tol, 'g')}{'' if unit == '%' else ' ' + unit})"
    op = {"floor": ">=", "ceiling": "<=", "exact": "="}.get(judged, "=")
    return f"{what} {op} {_number(value, unit)}".strip()


def _kind(word_kind: str, f: Figure, headline: bool) -> str:
    """headline (the main-target list), else a cut (a cap word of commitment_words.csv: 削减财政赤字), else the
    indicator's own kind (``ledger_kind`` of indicators.csv: the deficit, its ratio, special bonds and budget
    spending are money to arrange), else the verb's kind, else by the number: money → spending, a planned
    fall → cap, a count → project, other."""
    if headline:
        return "headline"
    if word_kind == "cap":
        return word_kind
    own = ((indicator_aliases()[1].get(f.indicator_id) or {}).get("ledger_kind") or "") if f.indicator_id else ""
    if own:
        return own
    if word_kind == "project" and f.unit.endswith("元") and not f.indicator_id:  # 完成铁路投资8000亿元: money
        return "spending"
    if word_kind and word_kind != "headline":
        return word_kind
    u = units().get(f.unit)
    if f.unit.endswith("元") and not f.indicator_id:  # 地区生产总值 4000亿元 is a level, not money to spend
        return "spending"
    if (f.value or 0) < 0 and f.measure in ("growth_rate", "change") or f.bound == "max":
        return "cap"
    if u is not None and u.kind == "count":
        return "project"
    return "other"


@lru_cache(maxsize=1)
def _after_bound_words() -> tuple[str, ...]:
    return tuple(w for w, _ in bound_words()["after"])


def _bound_after_word(sent: str, b: int) -> str:
    return next((w for w in _after_bound_words() if sent.startswith(w, b)), "")


def _restates(clause_before: str) -> bool:
    """Whether the clause before a number is only a comparison with last year (ledger_cues.csv, restates),
    then at most 预算 and a word stating the difference: 比去年预算高0.2个百分点, 比去年增加8000亿元 (not
    比上年增长20%, a growth target of its own)."""
    text = clause_before.strip()
    cue = next((c for c in _ledger_cues().get("restates", ()) if text.startswith(c)), "")
    if not cue:
        return False
    rest = text[len(cue):].removeprefix("预算")
    return rest in _change_or_bound_words()


def _change_or_bound_words() -> frozenset[str]:
    """"" and the words of ledger_cues.csv that state a difference from last year (restates_change: 增加, 高)."""
    return frozenset({"", *_ledger_cues().get("restates_change", ())})


def _quantified_rows(st: Structure, figs: list[Figure], para_first: dict[str, str],
                     headlines: frozenset[str]) -> list[tuple[int, list]]:
    """Rows for every quantified commitment (status target, role value), except a change against last year
    that restates the commitment before it in the same sentence (赤字率拟按2.8%安排，比去年预算高0.2个百分点);
    ``headlines``: the sentences of the main-target list (``_headline_sentences``)."""
    _, rows_by_id = indicator_aliases()
    out = []
    for f in figs:
        if f.category != "quantity" or f.status != "target" or f.role != "value":
            continue
        sent, s_off = f.sentence, _sentence_start(st, f)
        a, b = f.start - s_off, f.end - s_off
        cs, _ = _clause_bounds(sent, a, b)
        if cs > 0 and _restates(sent[cs:a]):
            continue
        w = wording_of(sent[cs:a], sent[:cs], para_first.get(f.paragraph_id, ""))
        firmness = "binding" if _binding_sentence(sent) and w.firmness == "aspirational" else w.firmness
        after_word = _bound_after_word(sent, b)
        words = "…".join(x for x in (w.words, after_word) if x) if after_word else w.words
        headline = f.sentence_id in headlines
        for name in f._applies_to or (f.indicator,):
            iid = indicator_id_for(name)
            measure = f.measure
            if measure == "level" and f.unit == "%" and _GROWTH_NOUN3_END.search(name):
                measure = "growth_rate"  # 居民消费价格指数涨幅…3%以内: the row of a 均 list that names a growth
            kind = _kind(w.kind, f, headline)
            judged = judged_as(f.bound, f.value, measure, iid, kind, f.value_high)
            shown = rows_by_id[iid]["name_zh"] if iid else name
            rule = rule_for(f.value, f.value_high, f.unit, measure, shown, judged)
            out.append((f.start, [iid, name, f.period, measure, f.value, f.value_high, f.unit, f.bound, kind,
                                  firmness, judged, words, rule, f.figure_id, f.section_id, sent, f.start, f.end]))
    return out


def _sentence_start(st: Structure, f: Figure) -> int:
    """Where the text ``f.sentence`` starts in the report (a sentence, or the paragraph standing in)."""
    starts = _starts(st)
    if f.sentence_id in starts:
        return starts[f.sentence_id]
    k = st.text.rfind(f.sentence, 0, f.end)
    return k if k >= 0 else f.start


def _starts(st: Structure) -> dict[str, int]:
    cached = getattr(st, "_sentence_starts", None)
    if cached is None:
        cached = {s.sentence_id: s.start for s in st.sentences}
        try:
            object.__setattr__(st, "_sentence_starts", cached)
        except (AttributeError, TypeError):
            pass
    return cached


_LEAD_SPACE = re.compile(r"^\s+")


def _qualitative_rows(st: Structure, taken: list[tuple[int, int]], para_first: dict[str, str],
                      headlines: frozenset[str]) -> list[tuple[int, list]]:
    """Rows for commitments in words: each clause of a forward-looking sentence that matches a pattern of
    target_patterns.csv and holds no quantified commitment of its own."""
    _, rows_by_id = indicator_aliases()
    out = []
    periods: dict[str, tuple[str, str]] = {}
    ry = st.report_year
    sentence_test = _sentence_test()
    spans, k, near = sorted(taken), 0, []  # near: the taken spans that reach into the sentence
    for sent in st.sentences:
        while k < len(spans) and spans[k][0] < sent.end:
            near.append(spans[k])
            k += 1
        near = [ab for ab in near if ab[1] > sent.start]
        if sentence_test is not None and not sentence_test(sent.text):
            continue  # no clause of it matches a pattern
        part_period = periods.get(sent.section_id)
        if part_period is None:
            part = st.part_of(sent.section_id) if sent.section_id else None
            part_period = (part.period, part.status) if part and part.level == 1 else section_period("", ry)
            periods[sent.section_id] = part_period
        period, status = sentence_period(sent.text, para_first.get(sent.paragraph_id, ""), part_period, ry)
        if status != "target":
            continue
        headline = sent.sentence_id in headlines
        pos = 0
        for clause in _CLAUSE_SEP.split(sent.text):
            c_off = sent.text.find(clause, pos)
            pos = c_off + len(clause)
            lead = _LEAD_SPACE.match(clause)
            if lead:
                clause, c_off = clause[lead.end():], c_off + lead.end()
            start, end = sent.start + c_off, sent.start + c_off + len(clause)
            if not clause or any(a < end and start < b for a, b in near):
                continue
            row = _match_pattern(clause)
            if row is None:
                continue
            m, typ, kind, judged, rule = row
            w = wording_of(clause[:m.start("indicator")], sent.text[:c_off], para_first.get(sent.paragraph_id, ""))
            firmness = "binding" if _binding_sentence(sent.text) and w.firmness == "aspirational" else w.firmness
            words = _pattern_words(clause, m)
            phrase = _indicator_words(m.group("indicator"))
            # 洪涝干旱、台风、雨雪冰雹等自然灾害防御标准: a list closed by 等 modifies one head, no split
            items = [phrase] if "等" in phrase else _split_list(phrase)
            for item in items:
                name = _with_shared_head(items[0], item)
                iid = indicator_id_for(name)
                shown = rows_by_id[iid]["name_zh"] if iid else name
                other = m.groupdict().get("other") or ""
                text = rule.format(indicator=shown, other=other)
                measure = "growth_rate" if text.startswith("growth rate") else "level"
                row_kind = "headline" if headline else kind or (w.kind if w.kind == "cap" else "") or "other"
                out.append((start, [iid, name, period, measure, None, None, "", "", row_kind, firmness, judged, words, text, "", sent.section_id, sent.text, start, end]))
    return out


_LEADING_INDICATOR = re.compile(r"^\(\?P<indicator>\[[^\]]*\]\{\d+,\d+\}\?")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@lru_cache(maxsize=1)
def _rests() -> tuple[str, ...]:
    """Each pattern of target_patterns.csv without the lazy run of any characters that starts its indicator
    group (the costly part of a search: ``(?P<indicator>[^,，]{2,30}?)`` goes, ``(?P<indicator>[^,，]{2,30}?
    (?:比重|率))`` keeps ``(?:(?:比重|率))``), its groups unnamed. A pattern that matches always leaves its
    rest matching."""
    return tuple(_NAMED_GROUP.sub("(?:", _LEADING_INDICATOR.sub("(?:", pat.pattern)) for pat, *_ in _target_patterns())


@lru_cache(maxsize=1)
def _any_pattern() -> re.Pattern:
    """A quick test that some pattern of target_patterns.csv could match a clause: the union of their
    rests (``_rests``); a clause it rejects matches no pattern, and most clauses are rejected in one scan."""
    return re.compile("|".join(f"(?:{r})" for r in _rests()))


class _QuickTest:
    """``pattern.search(text) is not None``, the pattern tried only where a character that can start it
    stands (``_first_characters``): one scan for a class of characters, where a search tries some twenty
    alternatives at every position; a plain search when those characters cannot be told."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        first = _first_characters(pattern.pattern)
        self.starts = re.compile("[" + "".join(map(re.escape, sorted(first))) + "]") if first else None

    def __call__(self, text: str) -> bool:
        if self.starts is None:
            return self.pattern.search(text) is not None
        return any(self.pattern.match(text, m.start()) for m in self.starts.finditer(text))


@lru_cache(maxsize=1)
def _clause_test() -> _QuickTest:
    """Whether some pattern of target_patterns.csv could match a clause (``_any_pattern``)."""
    return _QuickTest(_any_pattern())


@lru_cache(maxsize=1)
def _sentence_test() -> _QuickTest | None:
    """Whether a sentence could hold a clause that some pattern matches: the union of the rests without the
    ^ and $ that tie some of them to a clause's start or end. A clause is part of its sentence, so a rest
    matching in a clause matches in the sentence there too, unless it is anchored or looks around: None
    if a rest does more of that (``_zero_width``)."""
    rests = [r.removeprefix("^").removesuffix("$") for r in _rests()]
    try:
        union = re.compile("|".join(f"(?:{r})" for r in rests))
    except re.error:
        return None
    return _QuickTest(union) if _zero_width(union.pattern) is False else None


def _zero_width(pattern: str) -> bool | None:
    """Whether a pattern holds an anchor or a lookaround anywhere (from its parse, ``re._parser``); None if
    that cannot be told."""
    try:
        from re import _constants as c, _parser

        stack = [list(_parser.parse(pattern))]
        while stack:
            for op, av in stack.pop():
                if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                    return True
                if op is c.SUBPATTERN:
                    stack.append(list(av[3]))
                elif op is c.BRANCH:
                    stack.extend(list(x) for x in av[1])
                elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                    stack.append(list(av[2]))
                elif op not in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
                    return None
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return None
    return False


def _first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, read from its parse (``re._parser``): literals,
    classes of literals, groups, alternatives, repeats and anchors are understood; for anything else (a
    range, a lookaround, a flag, a match that can be empty) the answer is None, and so it is where the
    parser is not there to ask."""
    try:
        from re import _constants, _parser

        parsed = _parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        chars, can_be_empty = _first_of(list(parsed), _constants)
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return None
    return None if chars is None or can_be_empty else frozenset(chars)


def _first_of(items: list, c) -> tuple[set[str] | None, bool]:
    """(first characters, whether the items can match nothing) of a parsed sequence; None if unknown."""
    out: set[str] = set()
    for op, av in items:
        if op is c.AT:  # ^, $, \b: no character
            continue
        if op is c.LITERAL:
            return out | {chr(av)}, False
        if op is c.IN and all(o is c.LITERAL for o, _ in av):
            return out | {chr(v) for _, v in av}, False
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            alternatives, least = [av[3]], 1
        elif op is c.BRANCH:
            alternatives, least = av[1], 1
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            alternatives, least = [av[2]], av[0]
        else:
            return None, False
        empty = least == 0
        for alternative in alternatives:
            chars, can_be_empty = _first_of(list(alternative), c)
            if chars is None:
                return None, False
            out |= chars
            empty = empty or can_be_empty
        if not empty:
            return out, False
    return out, True


def _match_pattern(clause: str):
    """The first pattern of target_patterns.csv that matches the clause with a nameable indicator."""
    if not _clause_test()(clause):
        return None
    for pat, typ, kind, judged, rule in _target_patterns():
        m = pat.search(clause)
        if m and _indicator_words(m.group("indicator")):
            return m, typ, kind, judged, rule
    return None


def _indicator_words(phrase: str) -> str:
    """What a qualitative commitment is about: the matched words cleaned like a figure's indicator, and
    kept only if a noun is left (持续改善 alone commits to nothing nameable)."""
    words = trim(phrase.strip(" \u3000")) or ""
    return words if words and has_noun(words) else ""


def _pattern_words(clause: str, m: re.Match) -> str:
    """The clause's commitment words as written, with … where the indicator (and the reference) stand:
    确保…稳定达到…, …稳定增长."""
    spans = sorted(m.span(g) for g in ("indicator", "other") if m.groupdict().get(g))
    parts, pos = [], m.start()
    for a, b in spans:
        parts.append(clause[pos:a])
        pos = b
    parts.append(clause[pos:m.end()])
    return "…".join(parts)


def targets_from(st: Structure, figs: list[Figure]) -> list[list[object]]:
    """Rows of targets.csv, in text order: quantified commitments, then commitments in words."""
    para_first: dict[str, str] = {}
    for s in st.sentences:
        para_first.setdefault(s.paragraph_id, s.text)
    headlines = _headline_sentences(st)
    quantified = _quantified_rows(st, figs, para_first, headlines)
    taken = [(row[-2], row[-1]) for _, row in quantified]
    taken_clauses = []
    for f in figs:
        if (f.start, f.end) in taken and f.sentence:
            s_off = _sentence_start(st, f)
            cs, ce = _clause_bounds(f.sentence, f.start - s_off, f.end - s_off)
            taken_clauses.append((s_off + cs, s_off + ce))
    out = quantified + _qualitative_rows(st, taken_clauses, para_first, headlines)
    out.sort(key=lambda x: (x[0], x[1][-1]))
    return [[f"T{k:03d}", *row] for k, (_, row) in enumerate(out, 1)]


def targets(report=None, *, text: str | None = None):
    """``targets.csv`` as a DataFrame: the ledger of every commitment (report as for ``figures()``)."""
    import pandas as pd

    st = _report_structure(report, text)
    reading = st.reading  # the repaired text (textlayer); rows mapped back to the report's offsets
    figs = figures_from_structure(reading, _themes_for(reading))
    return pd.DataFrame(st.report_rows(TARGET_COLUMNS, targets_from(reading, figs)), columns=TARGET_COLUMNS)
