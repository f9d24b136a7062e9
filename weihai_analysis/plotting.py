"""One chart style for every notebook: a CJK font from a pip package, one colour per theme, no surprises.

>>> from weihai_analysis import plotting
>>> plotting.setup()          # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from pathlib import Path

THEME_COLOURS = {
    "economy": "#1f77b4",
    "livelihood": "#d62728",
    "ecology": "#2ca02c",
    "urban_rural": "#ff7f0e",
    "governance": "#9467bd",
    "": "#7f7f7f",
}
THEME_ORDER = ["economy", "livelihood", "ecology", "urban_rural", "governance"]

# One meaning per colour across the whole collection: themes above; everything else here, in colours
# no theme uses. A notebook takes its colours from these two tables only.
MEANING_COLOURS = {
    # status of a number
    "actual": "#4d4d4d", "estimate": "#a6a6a6", "target": "#8c564b",
    # how an outcome compares with a commitment
    "met": "#17becf", "missed": "#e377c2", "no outcome": "#d9d9d9",
    # how firm a commitment is
    "binding": "#3b3b8f", "aspirational": "#8f8fd6", "action": "#cfcfee",
    # places, in the order their reports are delivered
    "威海市": "#8c564b", "山东省": "#bcbd22", "国务院": "#4d4d4d",
}
SOURCE = "Source: 2021 Weihai Government Work Report (2021年威海市人民政府工作报告)"


def font_path() -> Path:
    """Noto Sans SC (SIL OFL) from the pip package ``pylopdf-fonts-zh-cn``: no system font needed."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"


def setup() -> str:
    """Register the CJK font, set the style and display options; return the font's family name.

    A glyph missing from the fonts becomes an error, so a chart never shows boxes silently.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams.update({
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.figsize": (8, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.titleweight": "normal",
        "axes.labelsize": 10,
        "legend.frameon": False,
        "svg.hashsalt": "weihai-gwr",
        "path.simplify": True,
    })
    warnings.filterwarnings("error", message=r"Glyph .* missing from font")
    try:  # inside IPython: deterministic PNGs (no Software metadata), tight boxes
        from IPython import get_ipython

        ip = get_ipython()
        if ip is not None:
            ip.run_line_magic("matplotlib", "inline")
            ip.run_line_magic(
                "config", "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}"
            )
    except ImportError:  # pragma: no cover
        pass
    _pandas_display()
    return family


def _pandas_display() -> None:
    import pandas as pd

    pd.set_option("display.width", 120)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_rows", 40)
    pd.set_option("display.precision", 2)
    pd.set_option("display.max_colwidth", 60)


def source_line(ax, where: str = "") -> None:
    """Write the source under a chart: ``Source: 2021 Weihai Government Work Report, part 1 (二)``."""
    text = SOURCE + (f", {where}" if where else "")
    # Just below the figure's lower edge: the tight bounding box of the saved PNG takes it in, and it
    # cannot collide with tick or axis labels, which sit inside the figure.
    ax.figure.text(0.005, -0.005, text, fontsize=7, color="#555555", ha="left", va="top")


def theme_colour(theme: str) -> str:
    return THEME_COLOURS.get(theme, THEME_COLOURS[""])


def colour(meaning: str) -> str:
    """The collection's colour for a meaning (a status, a verdict, a firmness or a place); see MEANING_COLOURS."""
    return MEANING_COLOURS[meaning]
