"""Command line: ``weihai-analysis extract [REPORT ...] [--out DIR]``, ``weihai-analysis corpus PATH... --out DIR``
and ``weihai-analysis info [REPORT]``.

Bad input ends with one line ``error: <sentence>`` on stderr and exit code 2, never a traceback. In a
batch every report is tried: each bad one gets its own ``error:`` line, the good ones are written, a
summary line counts both, and the exit code is 2 if any failed. Ctrl-C (or SIGTERM) ends with one line
and exit code 130 (143), leaving the previous tables in place; a closed pipe (``info … | head``) ends
quietly.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReportError
from .paths import PROCESSED_DIR

if TYPE_CHECKING:
    from .load import Report


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="weihai-analysis",
        description="Tabulate a Chinese government work report: outline, paragraphs, figures, targets, terms.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write the data-contract tables for a report")
    ex.add_argument("reports", nargs="*", metavar="REPORT",
                    help="report text files (default: the bundled 2021 Weihai seed); with several, "
                         "each report's tables go to a sub-folder named after the file (and, for files "
                         "with the same name, after as many parent folders as it takes to tell them apart)")
    ex.add_argument("--out", default=None, help=f"output folder (default: {PROCESSED_DIR})")
    ex.add_argument("--quiet", action="store_true", help="print nothing on success")
    co = sub.add_parser("corpus", help="read many reports into combined tables, a target panel and DuckDB")
    co.add_argument("paths", nargs="+", metavar="PATH",
                    help="report files, or folders searched recursively for .txt, .html, .htm, .docx and .pdf")
    co.add_argument("--out", required=True, help="output folder for the corpus's tables and corpus.duckdb")
    co.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    co.add_argument("--quiet", action="store_true", help="print nothing on success")
    info = sub.add_parser("info", help="print a report's encoding, header and outline")
    info.add_argument("report", nargs="?")
    return p


def batch_folders(reports: list[str]) -> list[str]:
    """A distinct, deterministic sub-folder name for each report of a batch.

    The name is the file's stem; files with the same stem get their parent folders in front, as many as
    it takes to tell them apart (``a/r.txt``, ``b/r.txt`` → ``a_r``, ``b_r``). The same file given twice,
    or names that cannot be told apart, are refused before anything is written.

    >>> batch_folders(["a/r.txt", "b/r.txt", "x.txt"])
    ['a_r', 'b_r', 'x']
    """
    full = [os.path.abspath(r) for r in reports]
    for path in set(full):
        if full.count(path) > 1:
            raise ReportError(f"{path} is given more than once.")
    parts = [Path(p).parts[1:-1] + (Path(p).stem,) for p in full]
    depth = [1] * len(parts)
    while True:
        names = ["_".join(p[-d:]) for p, d in zip(parts, depth)]
        groups = defaultdict(list)
        for i, name in enumerate(names):
            groups[name].append(i)
        clashes = [i for same in groups.values() if len(same) > 1 for i in same]
        if not clashes:
            return names
        if all(depth[i] >= len(parts[i]) for i in clashes):
            i, j = clashes[:2]
            raise ReportError(f"{reports[i]} and {reports[j]} would write to the same folder {names[i]}; "
                              f"rename one of them.")
        for i in clashes:
            depth[i] = min(depth[i] + 1, len(parts[i]))


def _extract(args: argparse.Namespace) -> int:
    """The extract command: one report into ``--out``, or each of several into its own sub-folder."""
    from .extract import extract_to

    if args.out is not None and not args.out.strip():
        raise ReportError(f"--out is empty; give a folder (or leave --out out for {PROCESSED_DIR}).")
    out = Path(args.out) if args.out is not None else PROCESSED_DIR
    reports = args.reports or [None]
    targets = [out / name for name in batch_folders(reports)] if len(reports) > 1 else [out]
    failed = []
    for report, target in zip(reports, targets):
        try:
            written = extract_to(_loaded(report), target)
        except (ReportError, OSError) as exc:
            print(f"error: {_sentence(exc, report, target)}", file=sys.stderr)
            failed.append(report)
            continue
        if not args.quiet:
            print(f"wrote {len(written)} tables to {target}: " + ", ".join(p.name for p in written))
    if len(reports) > 1 and (failed or not args.quiet):
        done = len(reports) - len(failed)
        summary = f"{done} of {len(reports)} reports written to {out}"
        summary += f"; {len(failed)} failed: {', '.join(failed)}." if failed else "."
        print(summary, file=sys.stderr if failed else sys.stdout)
    return 2 if failed else 0


def _corpus(args: argparse.Namespace) -> int:
    """The corpus command: every report into one set of tables; each unreadable file gets its error line."""
    from .corpus import write_corpus

    if not args.out.strip():
        raise ReportError("--out is empty; give the folder for the corpus's tables.")
    if args.workers is not None and args.workers < 1:
        raise ReportError(f"--workers must be at least 1, not {args.workers}.")
    written, results = write_corpus(args.paths, args.out, workers=args.workers)
    failed = [r for r in results if r.error]
    for r in failed:
        print(f"error: {r.error}", file=sys.stderr)
    done = len(results) - len(failed)
    summary = f"{done} of {len(results)} reports read into {args.out} ({len(written)} files)"
    summary += f"; {len(failed)} failed: {', '.join(r.path for r in failed)}." if failed else "."
    if failed or not args.quiet:
        print(summary, file=sys.stderr if failed else sys.stdout)
    return 2 if failed else 0


def _loaded(report: str | None) -> Report:
    """The report read, with a warning on stderr when its outline cannot be read from its layout."""
    from .load import layout_warnings, load_report

    loaded = load_report(report)
    for warning in layout_warnings(loaded):
        print(f"warning: {warning}", file=sys.stderr)
    return loaded


def _sentence(exc: Exception, report: str | None, target: Path) -> str:
    """The one sentence for an error, naming the file it concerns."""
    if isinstance(exc, ReportError):
        return str(exc)
    where = exc.filename if getattr(exc, "filename", None) else target
    return f"cannot write the tables for {report or 'the seed'} ({where}): {exc.strerror or exc}."


def _info(args: argparse.Namespace) -> int:
    from .extract import structure_of
    from .load import load_report

    report = load_report(args.report)
    st = structure_of(report)
    print(f"{report.path}: {report.encoding}, {len(report.text)} characters, sha256 {report.sha256}")
    h = st.header
    print(f"title: {h.title}\ndate: {h.date}\noccasion: {h.occasion}\nspeaker: {h.speaker_role} {h.speaker}")
    for s in st.sections:
        print(f"{'  ' * s.level}{s.section_id} {s.number} {s.title} [{s.period} {s.status}]")
    sys.stdout.flush()
    return 0


class _Terminated(Exception):
    """SIGTERM, raised in the main thread so that unfinished output is cleaned up as for Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return {"extract": _extract, "corpus": _corpus, "info": _info}[args.command](args)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `info … | head`: the reader has gone; say nothing more
        _silence_stdout()
        return 0
    except OSError as exc:
        print(f"error: {exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was changed by the unfinished report.", file=sys.stderr)
        return 130
    except _Terminated:
        print("terminated: nothing was changed by the unfinished report.", file=sys.stderr)
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's final flush does not report the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
