"""Run every stage on one report and write the data-contract tables."""

from __future__ import annotations

from pathlib import Path

from .errors import ReportError
from .load import Report, load_report
from .structure import Structure, parse
from .tables import write_csv

SECTION_COLUMNS = ["section_id", "level", "number", "title", "start", "end", "period"]
PARAGRAPH_COLUMNS = ["paragraph_id", "section_id", "start", "end", "text", "n_chars"]


def section_rows(st: Structure) -> list[list[object]]:
    return [[s.section_id, s.level, s.number, s.title, s.start, s.end, s.period] for s in st.sections]


def paragraph_rows(st: Structure) -> list[list[object]]:
    return [[p.paragraph_id, p.section_id, p.start, p.end, p.text, p.n_chars] for p in st.paragraphs]


def extract_to(report_path: str | Path | Report | None, out: Path) -> list[Path]:
    """Write sections, paragraphs (and the later stages' tables) for a report into ``out``."""
    report = report_path if isinstance(report_path, Report) else load_report(report_path)
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} exists and is not a folder, so the tables cannot be written there.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{out} cannot be created ({exc.strerror or exc}).") from None
    st = parse(report.text)
    tables = build_tables(st)
    return [write_csv(out / f"{name}.csv", cols, rows) for name, (cols, rows) in tables.items()]


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
        "figures": (fg.FIGURE_COLUMNS, fg.figure_rows(figs)),
        "targets": (ledger.TARGET_COLUMNS, ledger.targets_from(st, figs)),
    }
    tokens = tx.tokenize(st.text, st.sentences, number_spans=spans)
    tables["sentences"] = tx.sentences_table(st)
    tables["tokens"] = tx.tokens_table(tokens)
    tables["terms"] = tx.terms_table(tokens, st)
    tables["slogans"] = tx.slogans_table(st)
    return tables
