"""Where the project's files live, found from the package, never from the working directory.

Two layouts hold the same files:

- the **source tree** (a clone, or the editable install ``make install`` makes): the vocabularies in
  ``data/reference/`` and the seed in ``seeds/`` sit beside the package, as the design card lays them out;
- an **installed wheel** (``pip install weihai_analysis-*.whl``): ``pyproject.toml`` maps those two folders
  into the package as ``weihai_analysis/_data/`` and ``weihai_analysis/_seeds/``, so site-packages holds
  them under the package instead.

The templates live in the package (``weihai_analysis/templates/``) in both layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
_BUNDLED_REFERENCE = PACKAGE_DIR / "_data"
_BUNDLED_SEEDS = PACKAGE_DIR / "_seeds"

#: True for an installed wheel (the data is inside the package), False for the source tree.
INSTALLED = _BUNDLED_REFERENCE.is_dir()

DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = _BUNDLED_REFERENCE if INSTALLED else DATA_DIR / "reference"
EXTERNAL_DIR = REFERENCE_DIR / "external"
SEEDS_DIR = _BUNDLED_SEEDS if INSTALLED else REPO_ROOT / "seeds"
SEED_REPORT = SEEDS_DIR / "000_58348610b177d7f6.txt"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
#: Default output folder of ``weihai-analysis extract``: ``data/processed/`` of the source tree, or,
#: for an installed package (whose folder is not the user's to write), ``data/processed`` in the
#: current folder.
PROCESSED_DIR = Path("data") / "processed" if INSTALLED else DATA_DIR / "processed"


def user_cache_dir() -> Path:
    """The user's cache folder for this package (``$XDG_CACHE_HOME/weihai-gwr``, else ``~/.cache/weihai-gwr``).

    Read at call time, so a changed ``XDG_CACHE_HOME`` takes effect. Caches there only speed up later runs.
    """
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "weihai-gwr"

#: Hand-labelled themes (source tree only): the theme model is fitted and measured on them.
THEME_LABELS_DIR = REPO_ROOT / "tests" / "fixtures"
