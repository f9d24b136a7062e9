"""From a parsed report to its figures: mentions → meaning in each sentence → lists, in that order.
"""

from __future__ import annotations

import bisect
import re
import gc

from ..structure import Structure, parse, section_period
from .lists import _distribute, _share_jun
from . import phrases
from .meaning import _after_info, _after_reading, _indicator, _before_info, _bound_inside, _clean_indicator, _cue_period, _paragraph_cue, _sentence_topic, _separators, cue_start, interpret, opening_period, sentence_period
from .mentions import find_mentions
from .numbers import _quantity_reading, hanzi_value
from .record import FIGURE_COLUMNS, Figure
from .enumerators import mark_enumerators
from .listcounts import mark_list_counts
from .timeframes import mark_time_frames
from .vocab import indicator_id_for


def figures_from_structure(st: Structure, themes_of: dict[str, str] | None = None) -> list[Figure]:
    """All figures of a parsed report, interpreted sentence by sentence.

    They are read from the repaired text (``st.reading``) and their spans, mentions and sentences are
    given in ``st``'s own offsets and text (``to_report_offsets``).
    """
    reading = st.reading
    figs = _figures_of(reading, themes_of)
    return figs if reading is st else to_report_offsets(figs, st)


def to_report_offsets(figs: list[Figure], st: Structure) -> list[Figure]:
    """Figures read on ``st.reading`` with start, end, mention and sentence taken from the report's text."""
    layer, sentence_of = st.layer, {s.sentence_id: s.text for s in st.sentences}
    paragraph_of = {p.paragraph_id: p.text for p in st.paragraphs}
    for f in figs:
        f.start, f.end = layer.span(f.start, f.end)
        f.mention = layer.source[f.start:f.end]
        f.sentence = sentence_of.get(f.sentence_id) or paragraph_of.get(f.paragraph_id, f.sentence)
    return figs


def _figures_of(st: Structure, themes_of: dict[str, str] | None) -> list[Figure]:
    """All figures of a structure, on its own text."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small, cycle-free records: the cycle collector only costs time here
    try:
        mentions = _interpret_all(st, find_mentions(st.text))
        mentions = mark_list_counts(st.text, mark_enumerators(st.text, mark_time_frames(st.text, mentions)))
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
    headed = _heading_periods(paragraphs, st.report_year)
    sent_ends = [s.end for s in sentences]
    periods: dict[str, tuple[str, str]] = {}
    ry = st.report_year
    n = len(sentences)
    i = 0
    sent = None  # the sentence of the current group (None: a paragraph stands in)
    s_text, s_off, s_end = "", 0, -1
    group: list[Figure] = []
    prev: Figure | None = None
    periods_of: _SentencePeriods | None = None
    last: Figure | None = None  # the last quantity read, in any sentence
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
            prev = periods_of = None
            sid = f.section_id
            part_period = periods.get(sid)
            if part_period is None:
                part = st.part_of(sid) if sid else None
                part_period = (part.period, part.status) if part and part.level == 1 else ("", "")
                if part_period == ("", "") and ry:
                    part_period = section_period("", ry)
                periods[sid] = part_period
            part_period = headed.get(f.paragraph_id) or part_period
        if f.category == "quantity":
            if periods_of is None:
                periods_of = _SentencePeriods(s_text, first_of(f.paragraph_id, i if sent is not None else -1),
                                              part_period, ry, (sentences, i) if sent is not None else None)
            carried = last.indicator if prev is None and last is not None and last.paragraph_id == f.paragraph_id else ""
            interpret(f, s_text, s_off, periods_of.at(f.start - s_off), ry, prev, carried)
            prev = last = f
    if prev is not None:
        _finish(group, s_text, s_off)
    return mentions


_HEADING_CHARS = 30  # a paragraph this short without a sentence end may be a heading the outline has not
_HEADING_TIME = re.compile(r"[0-9０-９]{4}年|五年")


def _heading_periods(paragraphs: list, ry: int | None) -> dict[str, tuple[str, str]]:
    """paragraph_id → the period a heading line before it in its section gives (首先报告２００１年的工作: an
    unnumbered part heading that names its time), for the paragraphs after such a line up to the next one;
    a heading that names no time gives none."""
    out: dict[str, tuple[str, str]] = {}
    current: dict[str, tuple[str, str] | None] = {}
    for p in paragraphs:
        text = p.text.strip()
        if len(text) <= _HEADING_CHARS and text and text[-1] not in _SENTENCE_ENDS:
            current[p.section_id] = section_period(text, ry) if ry and _HEADING_TIME.search(text) else None
            continue
        if current.get(p.section_id):
            out[p.paragraph_id] = current[p.section_id]
    return out


class _SentencePeriods:
    """The (period, status) of the quantities of one sentence (``meaning.sentence_period``): the sentence's
    own, except for numbers written before the cue that sets it (提出居民消费价格涨幅3%左右，综合考虑了去年…:
    去年 speaks of what follows it), which take the period the sentence would have without its cue."""

    def __init__(self, text: str, para_first: str, part_period: tuple[str, str], ry: int | None,
                 where: tuple[list, int] | None) -> None:
        self.args = (text, para_first, part_period, ry, *(_context(*where) if where else ((), "")))
        self.own = sentence_period(*self.args)
        self.cue_at = cue_start(text, ry)
        self._before_cue: tuple[str, str] | None = None

    def at(self, offset: int) -> tuple[str, str]:
        """The period of a number at ``offset`` in the sentence."""
        if self.cue_at is None or offset >= self.cue_at:
            return self.own
        if self._before_cue is None:
            self._before_cue = sentence_period(*self.args, own=False)
        return self._before_cue


_BULLET = "——"
_LEAD_LOOKBACK = 40  # paragraphs a ——-list may run to


def _context(sentences: list, i: int) -> tuple[list[str], str]:
    """The texts of the sentences before sentence ``i`` in its paragraph (in text order), and, for a
    paragraph of a ——-list, the first sentence of the paragraph that leads the list.

    A list's paragraphs are those that start with —— and the one right after each (a line break inside an
    item, as in wrapped text, starts a paragraph of its own); the lead is the paragraph before the first
    of them that is not a fragment of a sentence (``_ends_sentence``)."""
    k = _paragraph_start(sentences, i)
    earlier = [x.text for x in sentences[k:i]]
    if not _in_list(sentences, k):
        return earlier, ""
    for _ in range(_LEAD_LOOKBACK):
        if k == 0:
            break
        k = _paragraph_start(sentences, k - 1)
        if not _in_list(sentences, k) and _ends_sentence(sentences, k - 1):
            return earlier, sentences[k].text
    return earlier, ""


def _paragraph_start(sentences: list, k: int) -> int:
    """The index of the first sentence of sentence ``k``'s paragraph (a paragraph's sentences are consecutive)."""
    pid = sentences[k].paragraph_id
    while k > 0 and sentences[k - 1].paragraph_id == pid:
        k -= 1
    return k


def _in_list(sentences: list, k: int) -> bool:
    """Whether the paragraph starting at sentence ``k`` is an item of a ——-list, or follows one directly."""
    if sentences[k].text.lstrip().startswith(_BULLET):
        return True
    return k > 0 and sentences[_paragraph_start(sentences, k - 1)].text.lstrip().startswith(_BULLET)


_SENTENCE_ENDS = ("。", "！", "？", "：", "；", "!", "?", ":", ";")


def _ends_sentence(sentences: list, k: int) -> bool:
    """Whether sentence ``k`` ends with sentence-final punctuation (or there is none before): a paragraph
    after one that does not (推动⏎区域全面经济伙伴关系协定⏎（RCEP）生效实施) continues it."""
    return k < 0 or sentences[k].text.rstrip().endswith(_SENTENCE_ENDS)


def _finish(group: list[Figure], sent: str, s_off: int) -> None:
    """The readings that need a sentence's figures together (分别, 均), then canonical indicator ids."""
    _distribute(group, sent, s_off)
    _share_jun(group, sent, s_off)
    for f in group:
        if f.category == "quantity":
            f.indicator_id = indicator_id_for(f.indicator)
            if f.indicator and phrases.edge_function_word(f.indicator):
                bare = phrases.strip_function_words(f.indicator)  # 及以上城市… → 城市…, when it names the same
                if bare and indicator_id_for(bare) == f.indicator_id:
                    f.indicator = bare


def figure_rows(figs: list[Figure]) -> list[list[object]]:
    return [[getattr(f, c) for c in FIGURE_COLUMNS] for f in figs]


def _report_structure(report=None, text: str | None = None) -> Structure:
    """A parsed report from a Structure, a Report, a path, ``None`` (the seed) or ``text=``."""
    from ..load import resolve_report

    if isinstance(report, Structure) and text is None:
        return report
    return parse(resolve_report(report, text=text).text)


def _themes_for(st: Structure) -> dict[str, str] | None:
    try:
        from ..themes import sentence_themes
    except ImportError:  # pragma: no cover - themes module absent
        return None
    return {s.sentence_id: sentence_themes(s.text)[1] for s in st.sentences}


def figures(report=None, *, text: str | None = None):
    """``figures.csv`` as a DataFrame, the same rows ``extract`` writes (report: a path, a Report, a
    Structure, or None for the seed; report text in memory as ``text=``)."""
    import pandas as pd

    from ..limits import bound_figure_rows

    st = _report_structure(report, text)
    figs = figures_from_structure(st, _themes_for(st))
    rows = bound_figure_rows(figure_rows(figs), FIGURE_COLUMNS, {s.sentence_id: s.start for s in st.sentences})
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


_TEXT_CACHES = (indicator_id_for, hanzi_value, _quantity_reading, _separators, _clean_indicator, _cue_period,
                _paragraph_cue, opening_period, cue_start, _sentence_topic, _before_info, _after_info, _bound_inside,
                _after_reading, _indicator, *phrases.TEXT_CACHES)


def clear_text_caches() -> None:
    """Forget every reading memoised from text already seen (the vocabularies stay loaded).

    Benchmarks call this before each timed run, so that a run reuses nothing from the one before.
    """
    for cached in _TEXT_CACHES:
        cached.cache_clear()
