"""Text files: the bytes decoded exactly as written, detecting the encoding (the reader for ``.txt``).

The decoded text is kept byte-for-byte faithful: no newline translation, no stripping, no
width folding. Every offset the package emits indexes ``Report.text``. Reading a file's bytes safely
(regular files only, a size limit) and the labels used in messages live here too, for every reader.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from ..errors import ReportError

# Magic numbers of binary formats people rename to .txt by mistake.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive but not a Word file (.docx), for example a spreadsheet",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document (.doc); save it as .docx",
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A work report is 10-100 KB of text; the largest State Council report is well under 1 MB.
MAX_REPORT_BYTES = 10 * 1024 * 1024
_LABEL_CHARS = 80  # longer names are shortened in messages


def _decode(data: bytes, label: str) -> tuple[str, str]:
    """Return (text, encoding name), trying BOMs first, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise ReportError(f"{label} starts with a UTF-8 byte-order mark but is not valid UTF-8.") from None
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError:
            raise ReportError(f"{label} starts with a UTF-32 byte-order mark but is not valid UTF-32.") from None
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
            f"{label} is not text in a supported encoding (UTF-8, UTF-16 or UTF-32 with BOM, GB18030/GBK)."
        ) from None


def _cjk_share(text: str) -> float:
    return len(_CJK.findall(text)) / len(text) if text else 0.0


def _wide_without_bom(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes read as Chinese in that encoding written without a BOM.

    It must read as mostly Chinese that way, and as more Chinese than as UTF-8 or GB18030: UTF-8
    Chinese read as UTF-16 is about a third CJK by accident.
    """
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    narrow = max(_cjk_share(head.decode(e, errors="ignore")) for e in ("utf-8", "gb18030"))
    for encoding in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            share = _cjk_share(head[: len(head) // 4 * 4].decode(encoding))
        except UnicodeDecodeError:
            continue
        if share > max(0.5, narrow):
            return encoding[:6].upper()
    return None


def _wide_hint(data: bytes, label: str) -> None:
    """Raise the sentence for UTF-16/UTF-32 text saved without a byte-order mark, if that is what it is."""
    wide = _wide_without_bom(data)
    if wide:
        raise ReportError(f"{label} looks like {wide} text without a byte-order mark; save it as UTF-8 "
                          f"(or {wide} with a BOM) and try again.")


def decode_report(data: bytes, label: str = "the input") -> tuple[str, str]:
    """Check raw bytes and decode them; raise ReportError with one sentence if they are not a report."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReportError(f"{label} is {kind}, not a report this package reads (text, HTML, .docx, PDF).")
    if not data:
        raise ReportError(f"{label} is empty.")
    try:
        text, encoding = _decode(data, label)
    except ReportError:
        _wide_hint(data, label)
        raise
    controls = sum(1 for c in text[:20000] if c < " " and c not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(2, len(text[:20000]) // 100):
        _wide_hint(data, label)
        raise ReportError(f"{label} contains binary data (control characters), not a text report.")
    if not text.strip():
        raise ReportError(f"{label} contains only whitespace.")
    if not _CJK.search(text):
        raise ReportError(f"{label} contains no Chinese text, so it cannot be a government work report.")
    return text, encoding


def _label(p: Path) -> str:
    """The path as messages show it: ``''`` stays visible, very long names are shortened."""
    name = str(p)
    return name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "…"


def _as_path(path: object) -> Path:
    """A report path from a str or os.PathLike; anything else is a ReportError naming the type."""
    if isinstance(path, (str, os.PathLike)):
        if isinstance(path, str) and not path.strip():
            raise ReportError("the report's file name is empty.")
        return Path(path)
    raise ReportError(f"a report is a path (str or Path), a Report or None, not {type(path).__name__}.")


def _stat_error(exc: OSError, label: str) -> ReportError:
    """One sentence for a path that cannot be looked at."""
    if exc.errno == errno.ENOENT:
        return ReportError(f"{label} does not exist.")
    if exc.errno == errno.ELOOP:
        return ReportError(f"{label} is a symbolic link that loops back on itself.")
    if exc.errno == errno.ENAMETOOLONG:
        return ReportError(f"the file name {label} is too long for this system.")
    if exc.errno == errno.ENOTDIR:
        return ReportError(f"{label} does not exist (a part of its path is a file, not a folder).")
    return ReportError(f"{label} cannot be read ({exc.strerror or exc}).")


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def read_report_bytes(p: Path) -> bytes:
    """The bytes of a regular file no larger than ``MAX_REPORT_BYTES``; anything else is one sentence.

    The file is opened without blocking and checked on the open descriptor, so a FIFO or a device is
    refused instead of waiting forever (or reading ``/dev/zero`` until memory runs out).
    """
    label = _label(p)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise ReportError(f"{label} is a directory, not a report file.") from None
    except OSError as exc:
        raise _stat_error(exc, label) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReportError(f"{label} is a directory, not a report file.")
        if not stat.S_ISREG(info.st_mode):
            raise ReportError(f"{label} is {_kind(info.st_mode)}; only regular files are read as reports.")
        if info.st_size > MAX_REPORT_BYTES:
            raise ReportError(f"{label} is {info.st_size / 2**20:.0f} MB; a work report is well under "
                              f"{MAX_REPORT_BYTES // 2**20} MB, so this is not one report (for many reports, "
                              f"give each file to the corpus mode).")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise ReportError(f"{label} cannot be read ({exc.strerror or exc}).") from None
    finally:
        os.close(fd)


def layout_warnings(report) -> list[str]:
    """Sentences about a report whose layout cannot be read (its line breaks lost), for stderr.

    A line longer than any paragraph of a real report (``structure.FLAT_PARAGRAPH`` characters) means the
    line breaks were lost. The parts and sub-sections are then found from the headings inside the text
    (``structure._cut_at_headings``); the warning says how many, and what cannot be recovered.
    """
    from ..structure import FLAT_PARAGRAPH, heading_counts

    text = report.text
    lines = text.splitlines() or [""]
    if max(map(len, lines)) <= FLAT_PARAGRAPH:
        return []
    label = _label(Path(report.path)) if report.path else "the text"
    head = (f"{label} has {len(text)} characters on {len(lines)} line(s), one of them {max(map(len, lines))} "
            f"characters long: its line breaks seem lost")
    n_parts, n_subs = heading_counts(text)
    if not n_parts:
        return [f"{head}, and no numbered part heading (一、) starts a sentence inside it, so its parts cannot "
                f"be found and all of it falls in one section; restore the line breaks for a faithful outline."]
    return [f"{head}, so its {n_parts} parts and {n_subs} sub-sections were found from the headings inside the "
            f"text, but its paragraphs cannot be told apart and a heading's title may run on into the sentence "
            f"after it; restore the line breaks for a faithful outline."]
