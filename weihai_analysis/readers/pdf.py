"""PDF files with a text layer: the text of each page in order, pages separated by a form feed (``\\f``).

PDFium (Chromium's PDF engine, through the maintained ``pypdfium2`` bindings, a wheel with the library
inside) extracts each page's text layer in reading order, about ten times faster than pure-Python
readers on CJK fonts (a 14-page report in a third of a second instead of three); the offset where each
page starts is kept, so every span can say its page. The text is kept as the PDF gives it — lines broken
at the page edge, page numbers, running headers, look-alike characters where the font's map gives them —
and repaired by ``textlayer`` on a copy. PDFium's messages stay inside the library: the user sees only
our sentences. A password-protected PDF, a damaged one and one without a text layer (scanned pages,
which need OCR) are one sentence each.
"""

from __future__ import annotations

import re

from ..errors import ReportError

PAGE_BREAK = "\f"
_CJK = re.compile(r"[\u3400-\u9fff\u2e80-\u2fdf]")
_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD: the document needs a password


def _open(data: bytes, label: str):
    """A PDFium document for the bytes; a password or damage is one sentence."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR or "password" in str(exc).lower():
            raise ReportError(f"{label} is a password-protected PDF; remove the password (or save an "
                              f"unprotected copy) and try again.") from None
        raise ReportError(f"{label} is a damaged PDF and cannot be opened ({str(exc).rstrip('.')}).") from None


def _page_texts(document, label: str) -> list[str]:
    """Each page's text layer, ending with a line break (except an empty page)."""
    import pypdfium2 as pdfium

    texts = []
    for k in range(len(document)):
        try:
            page = document[k]
            textpage = page.get_textpage()
            t = textpage.get_text_bounded()
            textpage.close()
            page.close()
        except pdfium.PdfiumError as exc:
            raise ReportError(f"{label} is a damaged PDF: page {k + 1} cannot be read ({exc}).") from None
        texts.append(t if not t or t.endswith(("\n", "\r")) else t + "\r\n")
    return texts


def read_pdf(data: bytes, label: str) -> tuple[str, tuple[int, ...]]:
    """(text, offset where each page starts) of a PDF report's text layer."""
    document = _open(data, label)
    try:
        texts = _page_texts(document, label)
    finally:
        document.close()
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
