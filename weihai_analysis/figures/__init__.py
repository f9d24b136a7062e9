"""Every number in a report: value, unit, indicator, measure, period, status, role, bound, provenance.

A number goes through these stages, one module each (imports run one way, top to bottom):

- ``record``: the ``Figure`` record and the columns of ``figures.csv``;
- ``vocab``: the vocabularies in ``data/reference/`` (units, bound and change words, aliases, cues);
- ``numbers``: reading a number and its unit (digits, 万/亿, Chinese numerals);
- ``mentions``: finding mentions, so that every run of digits lies in exactly one of them;
- ``meaning``: one mention in its sentence (indicator, measure, period, status, role, bound);
- ``lists``: 分别 and 均, one phrase for several figures;
- ``pipeline``: a parsed report → its figures, and the ``figures()`` DataFrame.

The ledger of commitments built from them is ``weihai_analysis.ledger`` (``targets()``).

Matching runs on a normalised copy of the text (``weihai_analysis.textlayer``) that keeps a map back to
the report's offsets, so ``text[start:end] == mention`` holds. Ranges (``5%-8%``, ``3至5个``) are one
mention: ``value`` is the lower end, ``value_high`` the upper end, and ``note`` says "range".
"""

from ..textlayer import normalise
from .mentions import find_mentions
from .pipeline import clear_text_caches, figure_rows, figures, figures_from_structure
from .record import FIGURE_COLUMNS, Figure
from .vocab import indicator_id_for, units

__all__ = ["Figure", "FIGURE_COLUMNS", "TARGET_COLUMNS", "find_mentions", "figures_from_structure", "figures",
           "targets", "targets_from", "figure_rows", "indicator_id_for", "normalise", "units",
           "clear_text_caches"]


def __getattr__(name: str):
    """``targets``, ``targets_from`` and ``TARGET_COLUMNS`` live in ``weihai_analysis.ledger`` (which imports
    this package); they are reachable from here too, for code written before the ledger had its module."""
    if name in ("targets", "targets_from", "TARGET_COLUMNS"):
        from .. import ledger

        return getattr(ledger, name)
    raise AttributeError(name)
