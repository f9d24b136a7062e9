"""What nbval does not check: every cell executed, PNGs present, clean outputs, any working directory."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from weihai_analysis.site import notebook_paths

EXPECTED = ["00_overview", "01_economy", "02_livelihood", "03_ecology", "04_targets", "05_policy_language",
            "06_national_targets"]
NOTEBOOKS = notebook_paths()
SECTIONS = ["Overview", "Key findings", "Try it yourself", "Data and provenance"]
ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{6,}|<[^>]* object at 0x")


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    data = output.get("data", {})
    return "".join("".join(data.get(k, "")) for k in ("text/plain", "text/html", "text/markdown"))


def test_the_collection_is_complete():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_skeleton(path):
    cells = _nb(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    headings = [line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()
                if line.startswith("#")]
    for section in SECTIONS:
        assert any(section.lower() in h.lower() for h in headings), f"{path.name} lacks a '{section}' section"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_executed_in_order(path):
    code = [c for c in _nb(path)["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert code
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_plotting_cells_have_png_and_outputs_are_clean(path):
    n_png = 0
    for cell in _nb(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        outputs = cell.get("outputs", [])
        has_png = any("image/png" in o.get("data", {}) for o in outputs)
        if "plt.show()" in src:
            assert has_png, f"{path.name}: a plotting cell has no PNG output:\n{src[:200]}"
        n_png += has_png
        for o in outputs:
            assert o.get("output_type") != "error", f"{path.name}: stored error"
            text = _text(o)
            assert "Traceback" not in text
            assert not ADDRESS.search(text), f"{path.name}: memory address in output"
            if o.get("output_type") == "stream":
                assert o.get("name") != "stderr", f"{path.name}: stderr output (a warning?): {text[:200]}"
            assert "Warning" not in text, f"{path.name}: warning in output: {text[:200]}"
    assert n_png >= 1


def test_notebooks_run_from_any_working_directory(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.chdir(tmp_path)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
        assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


def test_offline_html_makes_no_external_requests(tmp_path):
    from weihai_analysis.site import to_html

    page = to_html(NOTEBOOKS[0], tmp_path).read_text(encoding="utf-8")
    assert "data:image/png;base64" in page  # charts are inlined
    external = re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"(https?://[^\"]+)", page)
    assert external == []
