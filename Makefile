# weihai-gwr: the two commands are `make report` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
unexport MPLBACKEND

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: help install report extract test notebooks lab site bench lock clean

help:
	@echo "make report     tables in data/processed/, notebooks executed into build/, site at build/site/index.html"
	@echo "make test       unit tests and nbval over notebooks/"
	@echo "make lab        JupyterLab on notebooks/"
	@echo "make notebooks  re-execute notebooks in place (refresh stored outputs)"
	@echo "make bench      run benchmarks/ and print the figures for docs/benchmarks.md"

$(STAMP): requirements/lock.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) was not found: install Python 3.11 to 3.14 and run 'make install PYTHON=python3.12' (or whichever you have)." >&2; exit 1; }
	@$(PYTHON) requirements/check_python.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

extract: $(STAMP)
	$(BIN)/weihai-analysis extract --out data/processed

report: extract
	$(BIN)/python -m weihai_analysis.site --out build
	@echo "Done: open build/site/index.html (tables in data/processed/, executed notebooks in build/notebooks/)."

test: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

notebooks: extract
	$(BIN)/python -m weihai_analysis.site --in-place

# JupyterLab reads the project's jupyter-config/ as well as the user's: its
# labconfig/default_setting_overrides.json turns the news fetch and the update check off (offline).
lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter-config $(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lock:
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^pip==' | grep -v '^weihai' \
	  | (echo "# Pinned versions of everything 'make' installs into .venv (pip freeze). Regenerate with 'make lock'."; cat) > requirements/lock.txt

clean:
	rm -rf build
