"""Writing the contract's tables: UTF-8 with BOM, one header row, stable order, byte-identical reruns."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path


def format_cell(value: object) -> str:
    """Render one cell: empty for None/NaN, floats without noise (``0.1 + 0.2`` → ``0.3``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value == int(value) and abs(value) < 1e16:
            return str(int(value))
        return format(value, ".15g")
    return str(value)


def to_csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([format_cell(v) for v in row])
    return buf.getvalue()


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a table as the data contract asks (UTF-8 with BOM, ``\\n`` line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_csv_text(columns, rows).encode("utf-8-sig"))
    return path
