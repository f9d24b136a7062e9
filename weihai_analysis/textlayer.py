"""The text as matched: a copy with full-width digits and signs folded and zero-width characters removed,
with an exact map back to the report's offsets (``text[start:end] == mention`` holds for every row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass



_FOLD = str.maketrans("０１２３４５６７８９％．＋：－～，", "0123456789%.+:-~,")


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@dataclass(frozen=True)
class Normalised:
    """A copy of the text for matching, with ``orig[i]`` = offset in the report of character i.

    ``orig`` is None when nothing was removed (the usual case): offsets are then the same.
    """

    s: str
    orig: tuple[int, ...] | None
    n: int

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Report offsets of normalised span [a, b)."""
        if self.orig is None:
            return a, b
        return self.orig[a], (self.orig[b - 1] + 1 if b > a else self.orig[a])


_ZW_OR_SPACE = re.compile(f"[{_ZERO_WIDTH}\\s]")


_FOLD_PAIRS = tuple((chr(k), chr(v)) for k, v in _FOLD.items())


def _fold(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one.

    ``str.replace`` per character present is several times faster than a regular expression or
    ``str.translate`` on a long Chinese text, and on a sentence too.
    """
    for wide, narrow in _FOLD_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


def normalise(text: str) -> Normalised:
    folded = _fold(text)
    if not any(z in folded for z in _ZERO_WIDTH):  # one fast substring search per character
        return Normalised(folded, None, len(text))
    keep = [i for i, c in enumerate(folded) if c not in _ZERO_WIDTH]
    s = "".join(folded[i] for i in keep)
    return Normalised(s, tuple(keep) + (len(text),), len(text))
