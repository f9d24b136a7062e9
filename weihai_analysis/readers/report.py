"""``Report``: a report's text exactly as the offsets index it, and where it came from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

FORMATS = ("txt", "html", "docx", "pdf")


@dataclass(frozen=True)
class Report:
    """A report's exact text and where it came from.

    ``format`` is the format read (``txt``, ``html``, ``docx``, ``pdf``); for a PDF, ``page_starts`` holds
    the offset in ``text`` where each page's text begins (pages are separated by a form feed ``\\f``).
    """

    text: str
    path: str
    sha256: str
    encoding: str
    name: str = field(default="")
    format: str = field(default="txt")
    page_starts: tuple[int, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.text)

    @property
    def pages(self) -> int | None:
        """Number of pages for a PDF, None for other formats."""
        return len(self.page_starts) if self.format == "pdf" else None

    @property
    def has_pages(self) -> bool:
        """Whether ``page_of`` gives pages (a PDF with its page starts); otherwise it gives None for all."""
        return self.format == "pdf" and bool(self.page_starts)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page where ``offset`` lies (PDF input), None for other formats."""
        if not self.has_pages:
            return None
        return bisect.bisect_right(self.page_starts, offset)
