"""Execute the notebooks and publish an offline HTML site (``make report``), or refresh them in place.

``python -m weihai_analysis.site --out build`` executes every ``notebooks/NN_*.ipynb`` into
``build/notebooks/`` (never in place), renders each to HTML with a template that loads nothing
from the internet, copies the data tables, and writes ``build/site/index.html``.
``--in-place`` re-executes the notebooks where they are, deterministically (no timing metadata,
``PYTHONHASHSEED=0``), to refresh their stored outputs.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import sys
from pathlib import Path

from .paths import PROCESSED_DIR, REPO_ROOT, TEMPLATES_DIR

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
TEMPLATE = TEMPLATES_DIR / "offline" / "index.html.j2"


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def execute(src: Path, dst: Path, timeout: int = 300) -> None:
    """Execute a notebook top to bottom in a fresh kernel, writing the result to ``dst``."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    os.environ.setdefault("PYTHONHASHSEED", "0")
    nb = nbformat.read(src, as_version=4)
    ep = ExecutePreprocessor(timeout=timeout, kernel_name="python3", record_timing=False)
    ep.preprocess(nb, {"metadata": {"path": str(src.parent)}})
    nb.metadata.pop("widgets", None)
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)


def to_html(nb_path: Path, out_dir: Path) -> Path:
    from nbconvert import HTMLExporter
    import nbformat

    # The "offline" template extends JupyterLab's and drops its CDN scripts (require.js, MathJax, mermaid).
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATE.parent.parent)], template_name="offline")
    body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
    out = out_dir / (nb_path.stem + ".html")
    out.write_text(body, encoding="utf-8")
    return out


def _title(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return nb_path.stem


def build_site(out: Path) -> Path:
    site = out / "site"
    executed = out / "notebooks"
    if site.exists():
        shutil.rmtree(site)
    (site / "data").mkdir(parents=True)
    pages = []
    for nb in notebook_paths():
        dst = executed / nb.name
        print(f"executing {nb.name}", flush=True)
        execute(nb, dst)
        pages.append((to_html(dst, site), _title(dst)))
    tables = []
    for csv_path in sorted(PROCESSED_DIR.glob("*.csv")):
        shutil.copy2(csv_path, site / "data" / csv_path.name)
        n_rows = max(0, sum(1 for _ in csv_path.open(encoding="utf-8-sig")) - 1)
        tables.append((csv_path.name, n_rows))
    items = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(t)}</a></li>' for p, t in pages)
    data_items = "\n".join(
        f'<li><a href="data/{html.escape(n)}" download>{html.escape(n)}</a> ({r} rows)</li>' for n, r in tables
    )
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>weihai-gwr: the 2021 Weihai Government Work Report</title>
<style>body{{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.5}}</style></head>
<body>
<h1>weihai-gwr</h1>
<p>Notebooks and tables analysing the 2021 Weihai Municipal Government Work Report
(2021年威海市人民政府工作报告). Everything here was regenerated from the source text by <code>make report</code>;
the pages load nothing from the internet.</p>
<h2>Notebooks</h2>
<ul>
{items or '<li>(no notebooks yet)</li>'}
</ul>
<h2>Data tables (CSV, UTF-8 with BOM)</h2>
<ul>
{data_items or '<li>(no tables: run <code>weihai-analysis extract</code>)</li>'}
</ul>
<p>Column meanings: see <code>docs/data-dictionary.md</code> in the repository.</p>
</body></html>
"""
    (site / "index.html").write_text(index, encoding="utf-8")
    return site / "index.html"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m weihai_analysis.site")
    ap.add_argument("--out", default=str(REPO_ROOT / "build"))
    ap.add_argument("--in-place", action="store_true", help="re-execute notebooks where they are")
    args = ap.parse_args(argv)
    if args.in_place:
        for nb in notebook_paths():
            print(f"executing {nb.name} in place", flush=True)
            execute(nb, nb)
        return 0
    index = build_site(Path(args.out))
    print(f"site: {index}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
