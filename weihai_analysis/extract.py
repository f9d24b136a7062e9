"""Run every stage on one report and write the data-contract tables (all or nothing)."""

from __future__ import annotations

import os
from pathlib import Path

from .limits import bound_figure_rows
from .load import Report, resolve_report
from .structure import Structure, parse
from .tables import write_tables

SECTION_COLUMNS = ["section_id", "level", "number", "title", "start", "end", "period"]
PARAGRAPH_COLUMNS = ["paragraph_id", "section_id", "start", "end", "text", "n_chars"]


def section_rows(st: Structure) -> list[list[object]]:
    return [[s.section_id, s.level, s.number, s.title, s.start, s.end, s.period] for s in st.sections]


def paragraph_rows(st: Structure) -> list[list[object]]:
    return [[p.paragraph_id, p.section_id, p.start, p.end, p.text, p.n_chars] for p in st.paragraphs]


def extract_to(report: str | os.PathLike | Report | None, out: str | os.PathLike) -> list[Path]:
    """Write every table for a report (a path, a Report, or None for the seed) into ``out``.

    The report is read and analysed before anything is written; the tables then replace ``out``'s
    previous set in one swap (see ``tables.write_tables``). Returns the paths written.
    """
    st = parse(resolve_report(report).text)
    return write_tables(out, build_tables(st))


def build_tables(st: Structure) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Every table of the data contract for a parsed report, as (columns, rows)."""
    from . import figures as fg
    from . import ledger
    from . import text as tx
    from .themes import sentence_themes

    primary = {s.sentence_id: sentence_themes(s.text)[1] for s in st.sentences}
    figs = fg.figures_from_structure(st, primary)
    spans = [(f.start, f.end) for f in figs]
    tables = {
        "sections": (SECTION_COLUMNS, section_rows(st)),
        "paragraphs": (PARAGRAPH_COLUMNS, paragraph_rows(st)),
        "figures": (fg.FIGURE_COLUMNS, bound_figure_rows(fg.figure_rows(figs), fg.FIGURE_COLUMNS,
                                                         {s.sentence_id: s.start for s in st.sentences})),
        "targets": (ledger.TARGET_COLUMNS, ledger.targets_from(st, figs)),
    }
    tokens = tx.tokenize(st.text, st.sentences, number_spans=spans)
    tables["sentences"] = tx.sentences_table(st)
    tables["tokens"] = tx.tokens_table(tokens)
    tables["terms"] = tx.terms_table(tokens, st)
    tables["slogans"] = tx.slogans_table(st)
    return tables
