"""HTML pages: the report's body only, without the site's menus, breadcrumbs, publishing line, share and
print links, related links or footer.

The body is found by trafilatura (a maintained main-text extractor that scores blocks of a page by their
text and link density), not by hand-written tag rules; tables inside the body are kept. Paragraphs come
out one per line, in reading order.
"""

from __future__ import annotations

import logging
import re
import warnings

from ..errors import ReportError

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WIDE_AS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def decode_html(data: bytes, label: str) -> tuple[str, str]:
    """(markup, encoding): the BOM, then the page's own ``<meta charset>``, then UTF-8, then GB18030."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else ""
    for enc in filter(None, (_WIDE_AS.get(declared, declared), "utf-8", "gb18030")):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReportError(f"{label} is an HTML page in an encoding that cannot be read (neither its declared "
                      f"{declared or 'charset'}, nor UTF-8, nor GB18030).")


def body_text(markup: str) -> str:
    """The main text of a page as trafilatura finds it, one paragraph per line ("" when it finds none)."""
    import trafilatura

    quiet = logging.getLogger("trafilatura")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = trafilatura.extract(markup, include_tables=True, include_comments=False, include_links=False,
                                       include_images=False, deduplicate=False, favor_recall=True,
                                       output_format="txt")
    finally:
        quiet.level = level
    return text or ""


def read_html(data: bytes, label: str) -> tuple[str, str]:
    """(text, encoding) of an HTML report page; a page without Chinese body text is one sentence."""
    from . import check_chinese

    markup, encoding = decode_html(data, label)
    text = body_text(markup)
    return check_chinese(text, label, "an HTML page"), encoding
