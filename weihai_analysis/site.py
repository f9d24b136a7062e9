"""Execute the notebooks and publish an offline HTML site (``make report``), or refresh them in place.

``python -m weihai_analysis.site --out build`` executes every ``notebooks/NN_*.ipynb`` into
``build/notebooks/`` (never in place) and renders ``build/site/``: one page per notebook (a contents
sidebar, previous/next links, cell tags applied: see ``CELL_TAGS``), an index with each notebook's title
and summary taken from the notebook itself, the data tables, and the bundled CJK font, so the pages
load nothing from the internet and assume no system font. ``--no-execute`` renders the stored outputs
(the browser test does). ``--in-place`` re-executes the notebooks where they are, deterministically (no
timing metadata, ``PYTHONHASHSEED=0``), to refresh their stored outputs.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

from .overview import title_and_summary
from .paths import PROCESSED_DIR, REPO_ROOT, TEMPLATES_DIR

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
TEMPLATE = TEMPLATES_DIR / "offline" / "index.html.j2"
SITE_TEMPLATES = TEMPLATES_DIR / "pages"
SITE_NAME = "weihai-gwr"
STYLESHEET = "site.css"
FONT_DIR = "fonts"
CONTENTS_MARK = "<!--wh-page-contents-->"

#: What each cell tag does on the site (documented in README, "The site"). The remove-* tags are
#: nbconvert's TagRemovePreprocessor; the folding ones are done by the page template.
CELL_TAGS = {
    "remove-cell": "the cell is left out of the page",
    "remove-input": "the code is left out, its output stays (a cell that only renders prose or a table)",
    "remove-output": "the output is left out, the code stays",
    "hide-input": "the code is folded under a closed 'code' toggle, its output shows",
    "exercise-solution": "a worked answer to 'Try it yourself', folded under a closed 'solution' toggle",
}


@dataclass(frozen=True)
class Page:
    """One notebook as the site lists it: file name of its page, title and summary from the notebook."""

    href: str
    title: str
    summary_html: str


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


def page_of(nb_path: Path) -> Page:
    """The site's entry for a notebook: its page name, title (escaped) and summary rendered to HTML."""
    import nbformat
    from nbconvert.filters import markdown2html

    title, summary = title_and_summary(nbformat.read(nb_path, as_version=4).cells)
    return Page(nb_path.stem + ".html", html.escape(title or nb_path.stem), markdown2html(summary) if summary else "")


def _exporter():
    """nbconvert's HTML exporter with the offline template and the remove-* tags applied."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    # The "offline" template extends JupyterLab's and drops its CDN scripts (require.js, MathJax, mermaid).
    return HTMLExporter(config=config, extra_template_basedirs=[str(TEMPLATE.parent.parent)],
                        template_name="offline")


class _Headings(HTMLParser):
    """Collects the ``<h2 id=…>`` section headings of a rendered page (without their ¶ anchors)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._id: str | None = None
        self._text: list[str] = []
        self._in_anchor = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and attrs.get("id"):
            self._id, self._text = attrs["id"], []
        elif tag == "a" and "anchor-link" in (attrs.get("class") or ""):
            self._in_anchor = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_anchor = False
        elif tag == "h2" and self._id is not None:
            self.found.append((self._id, "".join(self._text).strip()))
            self._id = None

    def handle_data(self, data):
        if self._id is not None and not self._in_anchor:
            self._text.append(data)


def _page_contents(body: str) -> str:
    """The list of a page's sections, for its entry in the sidebar."""
    parser = _Headings()
    parser.feed(body)
    items = "".join(f'<li><a href="#{html.escape(i)}">{html.escape(t)}</a></li>' for i, t in parser.found)
    return f'<ul class="wh-page-contents">{items}</ul>' if items else ""


def to_html(nb_path: Path, out_dir: Path, pages: list[Page] | None = None) -> Path:
    """Render one (executed) notebook to ``out_dir/<stem>.html``; with ``pages``, as a page of the site."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    title, _ = title_and_summary(nb.cells)
    nb.metadata["title"] = f"{title or nb_path.stem} — {SITE_NAME}"
    resources = {}
    if pages is not None:
        resources["site"] = _navigation(nb_path.stem + ".html", pages)
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    body = body.replace(CONTENTS_MARK, _page_contents(body), 1)
    if pages is not None:
        body = _link_pages(body, {p.href for p in pages})
    out = out_dir / (nb_path.stem + ".html")
    out.write_text(body, encoding="utf-8")
    return out


NOTEBOOK_LINK = re.compile(r'href="([0-9][0-9]_[^"/#]+)\.ipynb(#[^"]*)?"')


def _link_pages(body: str, hrefs: set[str]) -> str:
    """A markdown link to a sibling notebook (``04_targets.ipynb``) leads to its page on the site.

    A link to a notebook the site does not have is left as written (the site test reports it broken).
    """
    def page(m: re.Match) -> str:
        href = m.group(1) + ".html"
        return f'href="{href}{m.group(2) or ""}"' if href in hrefs else m.group(0)

    return NOTEBOOK_LINK.sub(page, body)


def _navigation(href: str, pages: list[Page]) -> dict:
    """What the page template needs: every page (the current one marked), previous and next."""
    hrefs = [p.href for p in pages]
    i = hrefs.index(href)
    entry = [{"href": p.href, "title": p.title, "current": p.href == href} for p in pages]
    return {"name": SITE_NAME, "index": "index.html", "stylesheet": STYLESHEET, "pages": entry,
            "prev": entry[i - 1] if i > 0 else None, "next": entry[i + 1] if i + 1 < len(entry) else None}


def font_licence() -> Path | None:
    """The SIL Open Font License file shipped with the font package (it must travel with the font)."""
    dist = metadata.distribution("pylopdf-fonts-zh-cn")
    for f in dist.files or []:
        if f.name.upper().startswith(("LICENSE", "OFL")):
            return Path(dist.locate_file(f))
    return None


def copy_assets(site: Path) -> None:
    """The stylesheet and the bundled font (with its licence) beside the pages: no system font assumed."""
    from .plotting import font_path

    shutil.copy2(SITE_TEMPLATES / STYLESHEET, site / STYLESHEET)
    fonts = site / FONT_DIR
    fonts.mkdir(exist_ok=True)
    shutil.copy2(font_path(), fonts / font_path().name)
    licence = font_licence()
    if licence is not None:
        shutil.copy2(licence, fonts / "OFL.txt")


def copy_tables(site: Path, processed: Path = PROCESSED_DIR) -> list[dict]:
    """Copy the data tables into ``site/data/``; return their names and row counts for the index."""
    (site / "data").mkdir(parents=True, exist_ok=True)
    tables = []
    for csv_path in sorted(processed.glob("*.csv")):
        shutil.copy2(csv_path, site / "data" / csv_path.name)
        n_rows = max(0, sum(1 for _ in csv_path.open(encoding="utf-8-sig")) - 1)
        tables.append({"name": csv_path.name, "rows": n_rows})
    return tables


def write_index(site: Path, pages: list[Page], tables: list[dict]) -> Path:
    """The front page: each notebook's title and summary, then the tables."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(SITE_TEMPLATES), autoescape=True, keep_trailing_newline=True)
    listed = [{"href": p.href, "title": Markup(p.title), "summary_html": Markup(p.summary_html)} for p in pages]
    text = env.get_template("index.html.j2").render(name=SITE_NAME, stylesheet=STYLESHEET, pages=listed,
                                                    tables=tables)
    index = site / "index.html"
    index.write_text(text, encoding="utf-8")
    return index


def build_site(out: Path, run: bool = True, notebooks: list[Path] | None = None,
               processed: Path = PROCESSED_DIR) -> Path:
    """Execute (or, with ``run=False``, take as stored) the notebooks and write the site into ``out/site``.

    ``notebooks`` defaults to every ``notebooks/NN_*.ipynb``; ``processed`` is the folder of tables offered.
    """
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    sources = []
    for nb in notebook_paths() if notebooks is None else notebooks:
        if run:
            print(f"executing {nb.name}", flush=True)
            execute(nb, out / "notebooks" / nb.name)
            nb = out / "notebooks" / nb.name
        sources.append(nb)
    pages = [page_of(nb) for nb in sources]
    for nb in sources:
        to_html(nb, site, pages)
    copy_assets(site)
    return write_index(site, pages, copy_tables(site, processed))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m weihai_analysis.site")
    ap.add_argument("--out", default=str(REPO_ROOT / "build"))
    ap.add_argument("--in-place", action="store_true", help="re-execute notebooks where they are")
    ap.add_argument("--no-execute", action="store_true", help="render the notebooks' stored outputs")
    args = ap.parse_args(argv)
    if args.in_place:
        for nb in notebook_paths():
            print(f"executing {nb.name} in place", flush=True)
            execute(nb, nb)
        return 0
    index = build_site(Path(args.out), run=not args.no_execute)
    print(f"site: {index}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
