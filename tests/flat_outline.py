"""Parts and sub-sections found in reports whose line breaks were removed, against those found with them.

``python tests/flat_outline.py`` prints the counts over the 52 State Council reports and the seed;
tests/test_structure.py asserts them. Two ways of losing the line breaks are measured: ``kept`` removes
the line terminators only (the indentation of each line stays, as when a converter drops the breaks),
``stripped`` removes them with each line's indentation (as when a web page's paragraphs are run together).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = sorted((ROOT / "data" / "corpus" / "national").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
_BREAK = {"kept": re.compile(r"\r\n|\n|\r"), "stripped": re.compile(r"(?:\r\n|\n|\r)[ \t\u3000\u00a0]*")}


def flatten(text: str, way: str) -> tuple[str, list[int]]:
    """``text`` with its line breaks removed (``way``: ``kept`` or ``stripped``, see the module), and for each
    offset of ``text`` its offset in the flat text (-1 for a removed character)."""
    pieces, where, pos, n = [], [-1] * (len(text) + 1), 0, 0
    for m in list(_BREAK[way].finditer(text)) + [None]:
        a = m.start() if m else len(text)
        pieces.append(text[pos:a])
        where[pos:a] = range(n, n + a - pos)
        n += a - pos
        pos = m.end() if m else len(text)
    where[len(text)] = n
    return "".join(pieces), where


@dataclass
class Recovery:
    expected: int = 0  # parts and sub-sections found with the line breaks
    recovered: int = 0  # of those, found in the flat text with the same level, number and start
    same_title: int = 0
    title_starts_alike: int = 0  # the flat title starts with the title found with line breaks
    same_period: int = 0  # period and status (what the figures of the part inherit)
    spurious: int = 0  # sections of the flat text found at no section of the original
    exact_reports: int = 0  # reports with every section recovered and none spurious
    reports: int = 0
    misses: list[str] = field(default_factory=list)


def _sections(text: str) -> dict[tuple[int, str, int], tuple[str, str, str]]:
    from weihai_analysis import parse

    return {(s.level, s.number, s.start): (s.title, s.period, s.status) for s in parse(text).sections if s.level >= 1}


def recovery(paths: list[Path], way: str) -> Recovery:
    """How the outline of each report in ``paths`` survives the loss of its line breaks."""
    from weihai_analysis import load_report

    r = Recovery()
    for path in paths:
        text = load_report(path).text
        flat, where = flatten(text, way)
        want = {(lv, num, where[s]): v for (lv, num, s), v in _sections(text).items()}
        got = _sections(flat)
        found = [k for k in want if k in got]
        spurious = [k for k in got if k not in want]
        r.reports += 1
        r.expected += len(want)
        r.recovered += len(found)
        r.same_title += sum(want[k][0] == got[k][0] for k in found)
        r.title_starts_alike += sum(got[k][0].startswith(want[k][0]) for k in found)
        r.same_period += sum(want[k][1:] == got[k][1:] for k in found)
        r.spurious += len(spurious)
        r.exact_reports += len(found) == len(want) and not spurious
        r.misses += [f"{path.name}: missed {k}" for k in want if k not in got]
        r.misses += [f"{path.name}: spurious {k} {got[k][0][:20]}" for k in spurious]
    return r


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for way in ("kept", "stripped"):
        r = recovery(REPORTS, way)
        print(f"{way}: {r.recovered}/{r.expected} sections recovered ({r.recovered / r.expected:.1%}) in {r.reports} "
              f"reports, {r.exact_reports} exactly; spurious {r.spurious}; titles equal {r.same_title}, starting "
              f"alike {r.title_starts_alike}, period and status equal {r.same_period}")
        if "-v" in sys.argv:
            print("\n".join("  " + m for m in r.misses))
