"""Reading a report as published: a text file, an HTML page, a Word file (.docx) or a PDF.

``load_report(path)`` reads the file's bytes, tells the format from the bytes (not only the name) and
hands them to that format's reader; the ``Report`` it returns says its format, and its ``text`` is what
every offset indexes. Each reader is a small module: ``text`` (encodings), ``html`` (the page's body,
without the site's navigation), ``docx`` (paragraphs and tables in order), ``pdf`` (the text layer, page by
page). A file that is not a readable report is a ``ReportError`` with one sentence.
"""

from __future__ import annotations

import hashlib
import os
import re

from ..errors import ReportError
from ..paths import SEED_REPORT
from .report import FORMATS, Report
from .text import _as_path, _label, decode_report, read_report_bytes

__all__ = ["FORMATS", "Report", "detect_format", "load_report", "report_from_text", "resolve_report"]

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|body|div|p|br|table|span)\b[^>]*>", re.I)


def _looks_like_html(data: bytes, suffix: str) -> bool:
    """An HTML page: it opens with a doctype or an html/head/body tag, or is named .htm(l) and has tags.

    UTF-16 pages are recognised after decoding as UTF-16 (their BOM tells).
    """
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = data[:8192].decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:  # pragma: no cover - errors="ignore" does not raise
            return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or (suffix in (".html", ".htm") and bool(_HTML_TAGS.search(head)))


def detect_format(data: bytes, suffix: str = "") -> str:
    """``pdf``, ``docx``, ``html`` or ``txt``, from the bytes; a name ending in ``.pdf`` or ``.docx`` is
    read by that reader even when its bytes are not of that format (so that it is refused as a damaged
    file of that kind), and ``.html``/``.htm`` lets markup that does not open with a tag count as a page.

    >>> detect_format(b"%PDF-1.7 ..."), detect_format(b"<!DOCTYPE html><p>x"), detect_format("报告".encode())
    ('pdf', 'html', 'txt')
    """
    if data[:1024].lstrip().startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"  # a file named .pdf that is no PDF is read as one, to be refused as a damaged PDF
    if (data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]) or suffix == ".docx":
        return "docx"
    if _looks_like_html(data, suffix):
        return "html"
    return "txt"


def _read(data: bytes, fmt: str, label: str) -> tuple[str, str, tuple[int, ...]]:
    """(text, encoding, page starts) from the reader of ``fmt``."""
    if fmt == "pdf":
        from .pdf import read_pdf

        text, starts = read_pdf(data, label)
        return text, "", starts
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, label), "", ()
    if fmt == "html":
        from .html import read_html

        text, encoding = read_html(data, label)
        return text, encoding, ()
    text, encoding = decode_report(data, label)
    return text, encoding, ()


def load_report(path: str | os.PathLike | None = None) -> Report:
    """Load a report (text, HTML, Word or PDF); with no path, the bundled 2021 Weihai seed.

    >>> r = load_report()
    >>> r.encoding, r.format
    ('utf-8', 'txt')
    """
    p = _as_path(path) if path is not None else SEED_REPORT
    data = read_report_bytes(p)
    label = _label(p)
    fmt = detect_format(data, p.suffix.lower())
    text, encoding, starts = _read(data, fmt, label)
    return Report(text=text, path=str(p), sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
                  name=p.stem, format=fmt, page_starts=starts)


def report_from_text(text: str, name: str = "text") -> Report:
    """A Report for text already in memory (checked like a file's: Chinese, no binary data)."""
    if not isinstance(text, str):
        raise ReportError(f"text= takes a str, not {type(text).__name__}.")
    data = text.encode("utf-8", "surrogatepass")
    checked, _ = decode_report(data, "the text given")
    return Report(text=checked, path="", sha256=hashlib.sha256(data).hexdigest(), encoding="str", name=name)


def resolve_report(report: Report | str | os.PathLike | None = None, *, text: str | None = None) -> Report:
    """The one way every function that takes a report reads it.

    ``report`` is a ``Report``, a path, or ``None`` for the bundled seed; report text already in memory is
    passed as ``text=`` (never guessed from a string). Anything else is a ReportError with one sentence.
    """
    if text is not None:
        if report is not None:
            raise ReportError("give either a report or text=, not both.")
        return report_from_text(text)
    if isinstance(report, Report):
        return report
    return load_report(report)


def check_chinese(text: str, label: str, what: str) -> str:
    """``text`` if it holds Chinese; otherwise the ReportError sentence ``{label} is {what} with no Chinese …``."""
    if not re.search(r"[\u3400-\u9fff]", text):
        raise ReportError(f"{label} is {what} with no Chinese body text, so it cannot be a government work report.")
    return text

