"""From a parsed report to its figures: mentions → meaning in each sentence → lists, in that order.
"""

from __future__ import annotations

import bisect
import gc

from ..structure import Structure, parse, section_period
from .lists import _distribute, _share_jun
from . import phrases
from .meaning import _after_info, _after_reading, _indicator, _before_info, _bound_inside, _clean_indicator, _cue_period, _paragraph_cue, _separators, interpret, sentence_period
from .mentions import _numeral_alone, find_mentions
from .numbers import _quantity_reading, hanzi_value
from .record import FIGURE_COLUMNS, Figure
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
                _paragraph_cue, _before_info, _after_info, _bound_inside, _after_reading, _indicator, _numeral_alone,
                *phrases.TEXT_CACHES)


def clear_text_caches() -> None:
    """Forget every reading memoised from text already seen (the vocabularies stay loaded).

    Benchmarks call this before each timed run, so that a run reuses nothing from the one before.
    """
    for cached in _TEXT_CACHES:
        cached.cache_clear()
