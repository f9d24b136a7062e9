"""The chart style: a pip-installed CJK font, fixed theme colours, missing glyphs as errors."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from weihai_analysis import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _restore_warnings():
    with warnings.catch_warnings():
        yield


def test_font_comes_from_a_pip_package_and_renders_chinese():
    assert "site-packages" in str(plotting.font_path()) and plotting.font_path().exists()
    family = plotting.setup()
    assert family == "Noto Sans SC"
    assert matplotlib.rcParams["font.family"][0] == family
    fig, ax = plt.subplots()
    ax.set_title("精致城市·幸福威海")
    plotting.source_line(ax, "part 1 (二)")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})  # no "Glyph missing" error
    plt.close(fig)
    assert buf.getvalue().startswith(b"\x89PNG")


def test_missing_glyph_is_an_error():
    plotting.setup()
    fig, ax = plt.subplots()
    ax.set_title("\U0001F600\U00013000")  # an emoji and an Egyptian hieroglyph: in neither font
    with pytest.raises(UserWarning, match="Glyph"):
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_theme_colours_are_fixed_and_distinct():
    colours = [plotting.theme_colour(t) for t in plotting.THEME_ORDER]
    assert len(set(colours)) == 5
    assert plotting.theme_colour("ecology") == "#2ca02c"
    assert plotting.theme_colour("unknown") == plotting.THEME_COLOURS[""]
