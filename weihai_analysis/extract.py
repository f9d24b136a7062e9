"""Run every stage on one report and write the data-contract tables (all or nothing)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from .limits import bound_figure_rows
from .readers import Report, resolve_report
from .reference import read_table
from .structure import Structure, parse
from .tables import Columns, Repeated, RowView, write_tables

SECTION_COLUMNS = ["section_id", "level", "number", "title", "start", "end", "period"]
PARAGRAPH_COLUMNS = ["paragraph_id", "section_id", "start", "end", "text", "n_chars"]
REPORT_COLUMNS = ["path", "format", "sha256", "encoding", "pages", "n_chars", "title", "delivered", "speaker",
                  "speaker_role", "level", "place", "year"]
Tables = dict[str, tuple[list[str], Sequence[Sequence[object]]]]  # name → (columns, rows)
# The place a report is from, in its header: the name before 第…届人民代表大会 (occasion) or 人民政府 (title).
_PLACE = re.compile(r"(?:^|[^\u4e00-\u9fff]|年|在)((?![年在])[\u4e00-\u9fff]{2,20}?[省市县区州盟])(?:第|人民政府)")


def section_rows(st: Structure) -> list[list[object]]:
    return [[s.section_id, s.level, s.number, s.title, s.start, s.end, s.period] for s in st.sections]


def paragraph_rows(st: Structure) -> list[list[object]]:
    return [[p.paragraph_id, p.section_id, p.start, p.end, p.text, p.n_chars] for p in st.paragraphs]


def extract_to(report: str | os.PathLike | Report | None, out: str | os.PathLike) -> list[Path]:
    """Write every table for a report (a path, a Report, or None for the seed) into ``out``.

    The report is read and analysed before anything is written; the tables then replace ``out``'s
    previous set in one swap (see ``tables.write_tables``). Returns the paths written.
    """
    report = resolve_report(report)
    st = structure_of(report)
    tables = with_pages(build_tables(st), report)
    tables["report"] = (REPORT_COLUMNS, [report_row(report, st)])
    return write_tables(out, tables, {"source.txt": report.text})


def structure_of(report: Report) -> Structure:
    """The report's parsed outline. The year it was delivered comes from its header; where the header does
    not say (the State Council texts start at 各位代表), from a ``manifest.csv`` beside the file or from the
    file's name (``national_2005.txt``), as in corpus mode, so that one report gives the same figures alone
    as in a corpus."""
    from .corpus import manifest_row, year_hint

    year = year_hint(str(report.path), manifest_row(str(report.path)))[0] if report.path else None
    return parse(report.text, year=year)


def report_row(report: Report, st: Structure) -> list[object]:
    """``report.csv``'s one row: where the text came from and what its header says."""
    h = st.header
    role = {r["role"]: r for r in read_table("speaker_roles.csv")}.get(h.speaker_role, {})
    place = role.get("place") or next((m.group(1) for m in map(_PLACE.search, (h.occasion, h.title)) if m), "")
    year = h.date[:4] if h.date else (st.report_year or "")
    return [report.path, report.format, report.sha256, report.encoding, report.pages, len(report.text), h.title,
            h.date, h.speaker, h.speaker_role, role.get("level", ""), place, year]


def with_pages(tables: Tables, report: Report) -> Tables:
    """Every table with ``start``/``end`` gets a ``page`` column: the page where the span starts (PDF
    input), empty for other formats."""
    out = {}
    for name, (columns, rows) in tables.items():
        if "start" in columns and "end" in columns:
            k = columns.index("start")
            columns = [*columns, "page"]
            if isinstance(rows, Columns) and not report.has_pages:
                rows = rows.with_columns(after=[Repeated(None, len(rows))])
            else:
                rows = RowView(rows, partial(_with_page, k, report.page_of))
        out[name] = (columns, rows)
    return out


def _with_page(k: int, page_of: Callable[[int], int | None], row: Sequence[object]) -> list[object]:
    """``row`` with the page of its ``start`` (column ``k``) added."""
    start = row[k]
    return [*row, page_of(start) if isinstance(start, int) else None]


def build_tables(st: Structure) -> Tables:
    """Every table of the data contract for a parsed report, as (columns, rows).

    Every stage reads the repaired text (``st.reading``, see ``textlayer``); the rows are then given in
    the report's own offsets and text (``Structure.in_report``), each as it is read (``tables.RowView``),
    so that a large table is not held twice."""
    return {name: (columns, st.in_report(columns, rows)) for name, (columns, rows) in _tables_of(st.reading).items()}


def _tables_of(st: Structure) -> Tables:
    """The tables of a structure, on its own text and offsets."""
    from . import figures as fg
    from . import ledger
    from . import text as tx
    from .themes import themes_of

    themes = themes_of([s.text for s in st.sentences])
    primary = {s.sentence_id: t[1] for s, t in zip(st.sentences, themes)}
    figs = fg.figures_from_structure(st, primary)
    spans = [(f.start, f.end) for f in figs]
    tables = {
        "sections": (SECTION_COLUMNS, section_rows(st)),
        "paragraphs": (PARAGRAPH_COLUMNS, paragraph_rows(st)),
        "figures": (fg.FIGURE_COLUMNS, bound_figure_rows(fg.figure_rows(figs), fg.FIGURE_COLUMNS,
                                                         {s.sentence_id: s.start for s in st.sentences})),
        "targets": (ledger.TARGET_COLUMNS, ledger.targets_from(st, figs)),
    }
    tokens = tx.token_columns(st.text, st.sentences, number_spans=spans)
    tables["sentences"] = tx.sentences_table(st, themes)
    tables["tokens"] = tx.tokens_table(tokens)
    tables["terms"] = tx.terms_table(tokens, st)
    tables["slogans"] = tx.slogans_table(st)
    return tables
