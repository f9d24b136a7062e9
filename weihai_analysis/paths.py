"""Where the project's files live, found from the package, never from the working directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
EXTERNAL_DIR = REFERENCE_DIR / "external"
PROCESSED_DIR = DATA_DIR / "processed"
SEEDS_DIR = REPO_ROOT / "seeds"
SEED_REPORT = SEEDS_DIR / "000_58348610b177d7f6.txt"
THEME_LABELS_DIR = REPO_ROOT / "tests" / "fixtures"  # hand-labelled themes: the model is fitted and measured on them
