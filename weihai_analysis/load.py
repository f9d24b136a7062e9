"""Load a government work report exactly as written, detecting its encoding.

The decoded text is kept byte-for-byte faithful: no newline translation, no stripping, no
width folding. Every offset the package emits indexes ``Report.text``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportError
from .paths import SEED_REPORT

# Magic numbers of binary formats people rename to .txt by mistake.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (for example a .docx or .xlsx file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Report:
    """A report's exact text and where it came from."""

    text: str
    path: str
    sha256: str
    encoding: str
    name: str = field(default="")

    def __len__(self) -> int:
        return len(self.text)


def _decode(data: bytes, label: str) -> tuple[str, str]:
    """Return (text, encoding name), trying BOMs first, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise ReportError(f"{label} starts with a UTF-8 byte-order mark but is not valid UTF-8.") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReportError(f"{label} starts with a UTF-16 byte-order mark but is not valid UTF-16.") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReportError(
            f"{label} is not text in a supported encoding (UTF-8, UTF-16 with BOM or GB18030/GBK)."
        ) from None


def decode_report(data: bytes, label: str = "the input") -> tuple[str, str]:
    """Check raw bytes and decode them; raise ReportError with one sentence if they are not a report."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReportError(f"{label} is {kind}, not a text report.")
    if not data:
        raise ReportError(f"{label} is empty.")
    text, encoding = _decode(data, label)
    controls = sum(1 for c in text[:20000] if c < " " and c not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(2, len(text[:20000]) // 100):
        raise ReportError(f"{label} contains binary data (control characters), not a text report.")
    if not text.strip():
        raise ReportError(f"{label} contains only whitespace.")
    if not _CJK.search(text):
        raise ReportError(f"{label} contains no Chinese text, so it cannot be a government work report.")
    return text, encoding


def load_report(path: str | Path | None = None) -> Report:
    """Load a report; with no path, the bundled 2021 Weihai seed.

    >>> load_report().encoding
    'utf-8'
    """
    p = Path(path) if path is not None else SEED_REPORT
    label = str(p)
    if not p.exists():
        raise ReportError(f"{label} does not exist.")
    if p.is_dir():
        raise ReportError(f"{label} is a directory, not a report file.")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReportError(f"{label} cannot be read ({exc.strerror or exc}).") from None
    text, encoding = decode_report(data, label)
    return Report(
        text=text,
        path=label,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        name=p.stem,
    )
