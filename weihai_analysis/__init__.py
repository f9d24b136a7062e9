"""weihai_analysis: tabulate Chinese government work reports (政府工作报告).

>>> from weihai_analysis import load_report, parse
>>> st = parse(load_report().text)
>>> [s.section_id for s in st.sections if s.level == 1]
['1', '2', '3', '4', '5']
"""

from __future__ import annotations

from .errors import ReportError
from .load import Report, load_report
from .structure import parse

__all__ = ["Report", "ReportError", "load_report", "parse"]
__version__ = "0.1.0"
