"""Command line: ``weihai-analysis extract [REPORT] [--out DIR]``.

Bad input ends with one line ``error: <sentence>`` on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ReportError
from .paths import PROCESSED_DIR


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="weihai-analysis",
        description="Tabulate a Chinese government work report: outline, paragraphs, figures, targets, terms.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write the data-contract tables for a report")
    ex.add_argument("reports", nargs="*", metavar="REPORT",
                    help="report text files (default: the bundled 2021 Weihai seed); with several, "
                         "each report's tables go to a sub-folder named after the file")
    ex.add_argument("--out", default=None, help=f"output folder (default: {PROCESSED_DIR})")
    ex.add_argument("--quiet", action="store_true", help="print nothing on success")
    info = sub.add_parser("info", help="print a report's encoding, header and outline")
    info.add_argument("report", nargs="?")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            from .extract import extract_to

            out = Path(args.out) if args.out else PROCESSED_DIR
            reports = args.reports or [None]
            for report in reports:
                target = out / Path(report).stem if len(reports) > 1 else out
                written = extract_to(report, target)
                if not args.quiet:
                    print(f"wrote {len(written)} tables to {target}: " + ", ".join(p.name for p in written))
        elif args.command == "info":
            from .load import load_report
            from .structure import parse

            report = load_report(args.report)
            st = parse(report.text)
            print(f"{report.path}: {report.encoding}, {len(report.text)} characters, sha256 {report.sha256}")
            h = st.header
            print(f"title: {h.title}\ndate: {h.date}\noccasion: {h.occasion}\nspeaker: {h.speaker_role} {h.speaker}")
            for s in st.sections:
                print(f"{'  ' * s.level}{s.section_id} {s.number} {s.title} [{s.period} {s.status}]")
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. an output folder without write permission, a full disk
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"error: cannot write the tables{where}: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `| head`
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
