"""Compatibility module: reading reports now lives in ``weihai_analysis.readers``.

``from weihai_analysis.load import load_report, resolve_report, Report`` keeps working.
"""

from __future__ import annotations

from .readers import Report, load_report, report_from_text, resolve_report
from .readers.text import MAX_REPORT_BYTES, decode_report, layout_warnings, read_report_bytes

__all__ = ["MAX_REPORT_BYTES", "Report", "decode_report", "layout_warnings", "load_report", "read_report_bytes",
           "report_from_text", "resolve_report"]
