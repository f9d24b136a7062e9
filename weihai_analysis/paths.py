"""Where the project's files live, found from the package, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
EXTERNAL_DIR = REFERENCE_DIR / "external"
PROCESSED_DIR = DATA_DIR / "processed"
SEEDS_DIR = REPO_ROOT / "seeds"
SEED_REPORT = SEEDS_DIR / "000_58348610b177d7f6.txt"


def user_cache_dir() -> Path:
    """The user's cache folder for this package (``$XDG_CACHE_HOME/weihai-gwr``, else ``~/.cache/weihai-gwr``).

    Read at call time, so a changed ``XDG_CACHE_HOME`` takes effect. Caches there only speed up later runs.
    """
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "weihai-gwr"
