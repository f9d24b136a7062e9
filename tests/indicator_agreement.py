"""How far the figures' indicator phrases agree with a labeller's: the measure the data dictionary names.

An indicator is *acceptable* when it contains the labeller's phrase, is contained by it, or shares most of
its characters with it (at least 60% of the characters of the longer of the two, as sets). Run as a script
to print the share per labelled report: ``python tests/indicator_agreement.py``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

QUOTES = str.maketrans("", "", "“”\"‘’ ")


def acceptable(ours: str, theirs: str) -> bool:
    a, b = ours.translate(QUOTES), theirs.translate(QUOTES)
    if not a or not b:
        return a == b
    if a in b or b in a:
        return True
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(len(sa), len(sb)) >= 0.6


def indicator_scores(figs, label_rows) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(acceptable, labelled quantities with an indicator, the failures as (mention, ours, theirs))."""
    by_span = {(f.start, f.end): f for f in figs}
    ok, n, bad = 0, 0, []
    for r in label_rows:
        if r.get("category", "quantity") != "quantity" or not r["indicator"] or r.get("role") in ("threshold", "name"):
            continue
        f = by_span.get((int(r["start"]), int(r["end"])))
        if f is None:
            continue
        n += 1
        if acceptable(f.indicator, r["indicator"]):
            ok += 1
        else:
            bad.append((f.mention, f.indicator, r["indicator"]))
    return ok, n, bad


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).parent))
    from test_figures import LABELLED, _figs

    total_ok = total_n = 0
    for name, (path, labels) in LABELLED.items():
        _, figs = _figs(path)
        ok, n, bad = indicator_scores(figs, list(csv.DictReader(labels.open(encoding="utf-8"))))
        total_ok, total_n = total_ok + ok, total_n + n
        print(f"{name}: {ok}/{n} = {ok / n:.3f}")
        if "-v" in sys.argv:
            for b in bad:
                print("   ", *b)
    print(f"all: {total_ok}/{total_n} = {total_ok / total_n:.3f}")
