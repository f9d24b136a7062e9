"""Reference vocabularies kept as data in ``data/reference/`` (each with a ``.yml`` sidecar)."""

from __future__ import annotations

import csv
from functools import lru_cache

from .errors import ReportError
from .paths import REFERENCE_DIR


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/reference/<name>`` as dicts (cached; treat as read-only)."""
    path = REFERENCE_DIR / name
    if not path.exists():
        raise ReportError(f"the reference table {path} is missing; reinstall the project from a full clone.")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


@lru_cache(maxsize=None)
def read_sidecar(name: str) -> dict:
    """The YAML sidecar describing ``data/reference/<name>``."""
    import yaml

    path = (REFERENCE_DIR / name).with_suffix(".yml")
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
