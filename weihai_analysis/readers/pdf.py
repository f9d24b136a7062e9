"""PDF files with a text layer: the text of each page in order, pages separated by a form feed (``\\f``).

pypdf (pure Python, maintained) extracts each page's text layer; the offset where each page starts is
kept, so every span can say its page. The text is kept as the PDF gives it — wrapped lines, page numbers,
running headers and look-alike characters from the fonts included — and repaired by ``textlayer`` on a
copy. pypdf's own warnings and log lines are silenced: the user sees only our sentences. A password-
protected PDF, a damaged one and one without a text layer (scanned pages, which need OCR) are one sentence.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings

from ..errors import ReportError

PAGE_BREAK = "\f"
_CJK = re.compile(r"[\u3400-\u9fff\u2e80-\u2fdf]")


@contextlib.contextmanager
def _quiet():
    """pypdf's warnings and log lines off while a PDF is read."""
    log = logging.getLogger("pypdf")
    level, log.level = log.level, logging.CRITICAL
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.level = level


def _open(data: bytes, label: str):
    """A pypdf reader for the bytes, decrypted if it opens with an empty password."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportError(f"{label} is a password-protected PDF; remove the password (or save an "
                              f"unprotected copy) and try again.")
        _ = len(reader.pages)
    except ReportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError, AssertionError) as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise ReportError(f"{label} is a password-protected PDF; remove the password (or save an unprotected "
                              f"copy) and try again.") from None
        raise ReportError(f"{label} is a damaged PDF and cannot be opened ({type(exc).__name__}).") from None
    return reader


def _page_texts(reader, label: str) -> list[str]:
    """Each page's text layer, ending with a line break."""
    from pypdf.errors import PdfReadError

    texts = []
    for page in reader.pages:
        try:
            t = page.extract_text() or ""
        except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ReportError(f"{label} is a damaged PDF: page {len(texts) + 1} cannot be read "
                              f"({type(exc).__name__}).") from None
        texts.append(t if t.endswith("\n") or not t else t + "\n")
    return texts


def read_pdf(data: bytes, label: str) -> tuple[str, tuple[int, ...]]:
    """(text, offset where each page starts) of a PDF report's text layer."""
    with _quiet():
        reader = _open(data, label)
        texts = _page_texts(reader, label)
    if not "".join(texts).strip():
        raise ReportError(f"{label} is a PDF without a text layer (its pages are images): it needs OCR (text "
                          f"recognition) before it can be read.")
    if not any(_CJK.search(t) for t in texts):
        raise ReportError(f"{label} is a PDF with no Chinese text, so it cannot be a government work report.")
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(PAGE_BREAK)
    return PAGE_BREAK.join(texts), tuple(starts)
