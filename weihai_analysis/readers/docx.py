"""Word files (.docx): the paragraphs of the body in order, with the text of tables where they stand.

python-docx reads the document; each paragraph becomes one line, and each table row one line with its
cells separated by a tab (a merged cell is read once). A damaged file is one sentence.
"""

from __future__ import annotations

import io
import warnings
import zipfile

from ..errors import ReportError


def _rows(table) -> list[str]:
    """One line per table row: the cells' text, tab-separated, each merged cell once."""
    lines = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs).strip())
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _blocks(document) -> list[str]:
    """The body's paragraphs and table rows as lines, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_rows(block))
    return lines


def read_docx(data: bytes, label: str) -> str:
    """The text of a Word report, one paragraph per line; a damaged file or one without Chinese is one sentence."""
    from . import check_chinese

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import XMLSyntaxError

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
            lines = _blocks(document)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError,
            EOFError, OSError) as exc:
        raise ReportError(f"{label} is a damaged Word file and cannot be opened ({type(exc).__name__}).") from None
    return check_chinese("\n".join(lines) + "\n", label, "a Word file")
