"""The package a researcher installs: the wheel carries its data and runs like the editable install.

The wheel is built from a copy of the working tree (as from a fresh clone: no .venv, build/ or
generated tables), installed into a new virtual environment with ``pip install`` and no lock — pip
picks the dependencies within pyproject.toml's ranges — and run from a folder outside the repository.
Its tables must equal, byte for byte, the editable install's. Everything lives in ``build/wheel-test/``,
made anew once per test session, except the dependencies' wheels: ``pip wheel`` resolves them
from PyPI each session (so a new release within the ranges is tested) into ``build/wheelhouse/``, which
keeps the files between sessions, and the venv installs from there (3 s instead of 40 s of downloads).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import fixture_path, require_pypi, without_input_path
from test_load import SEED_SHA256
from weihai_analysis.paths import REFERENCE_DIR, SEEDS_DIR, TEMPLATES_DIR

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "wheel-test"
# One wheelhouse per set of dependency ranges: a folder filled before a dependency was added would
# otherwise lack it (pip wheel does not refill a wheelhouse it has used).
_RANGES = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:12]
WHEELHOUSE = ROOT / "build" / "wheelhouse" / _RANGES
GENERATED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "processed", "*.egg-info",
                                   "__pycache__", ".pytest_cache", ".hypothesis", ".ipynb_checkpoints")
FIXTURE = "city_gb18030_crlf"  # GB18030 with CRLF line ends: decoding runs as well


def _env() -> dict[str, str]:
    """The environment of a user's shell: nothing pointing Python at the repository or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``cmd``; fail the test with its output if it does not succeed."""
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="session")
def wheel() -> Path:
    """The wheel built from a copy of the working tree, with this venv's pinned setuptools."""
    shutil.rmtree(WORK, ignore_errors=True)
    src = WORK / "src"
    shutil.copytree(ROOT, src, ignore=GENERATED)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--wheel-dir", WORK / "dist", src], cwd=WORK)
    (built,) = (WORK / "dist").glob("weihai_analysis-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel) -> Path:
    """A new virtual environment with the wheel installed from PyPI's releases, without the lock."""
    require_pypi()
    venv = WORK / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=WORK)
    pip = [venv / "bin" / "python", "-m", "pip"]
    _run([*pip, "wheel", "--quiet", "--wheel-dir", WHEELHOUSE, wheel], cwd=WORK)  # jieba: built once
    _run([*pip, "install", "--quiet", "--no-index", "--find-links", WHEELHOUSE, wheel], cwd=WORK)
    return venv / "bin"


@pytest.fixture(scope="session")
def outside(tmp_path_factory) -> Path:
    """A folder outside the repository to run the commands from."""
    folder = tmp_path_factory.mktemp("outside")
    assert ROOT not in folder.resolve().parents
    return folder


def _editable_cli() -> list:
    """The editable install's command line (the venv running these tests)."""
    return [sys.executable, "-m", "weihai_analysis"]


def _tables(folder: Path) -> dict[str, bytes]:
    """The tables and source.txt, report.csv without the input's path (the wheel's seed lies elsewhere)."""
    files = [*folder.glob("*.csv"), folder / "source.txt"]
    return without_input_path({p.name: p.read_bytes() for p in sorted(files)})


def test_wheel_carries_every_data_file_template_and_the_seed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"weihai_analysis/_data/{p.relative_to(REFERENCE_DIR).as_posix()}"
              for p in REFERENCE_DIR.rglob("*") if p.is_file()}
    wanted |= {f"weihai_analysis/_seeds/{p.name}" for p in SEEDS_DIR.iterdir() if p.is_file()}
    wanted |= {f"weihai_analysis/templates/{p.relative_to(TEMPLATES_DIR).as_posix()}"
               for p in TEMPLATES_DIR.rglob("*") if p.is_file()}
    assert len(wanted) > 30 and "weihai_analysis/_data/external/SOURCES.yml" in wanted
    package = ROOT / "weihai_analysis"
    wanted |= {f"weihai_analysis/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert wanted <= names, sorted(wanted - names)
    # Nothing lands outside the package (no top-level data/ in site-packages).
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    assert {n.split("/")[0] for n in names} == {"weihai_analysis", dist_info}


def test_installed_package_finds_its_data_and_the_seed(installed, outside):
    out = _run([installed / "python", "-c",
                "from weihai_analysis import load_report, paths; r = load_report(); "
                "print(r.sha256, paths.INSTALLED, r.path, paths.REFERENCE_DIR, sep='\\n')"], cwd=outside)
    sha, flag, seed_path, reference = out.stdout.splitlines()
    assert (sha, flag) == (SEED_SHA256, "True")
    venv = installed.parent.resolve()
    assert venv in Path(seed_path).parents and venv in Path(reference).parents


@pytest.mark.parametrize("report", ["seed", FIXTURE])
def test_installed_extract_equals_editable(installed, outside, report):
    args = [] if report == "seed" else [fixture_path(report)]
    _run([installed / "weihai-analysis", "extract", *args, "--quiet", "--out", outside / "wheel" / report],
         cwd=outside)
    _run([*_editable_cli(), "extract", *args, "--quiet", "--out", outside / "editable" / report], cwd=outside)
    from_wheel, from_editable = _tables(outside / "wheel" / report), _tables(outside / "editable" / report)
    assert len(from_editable) >= 8 and "figures.csv" in from_editable
    assert from_wheel.keys() == from_editable.keys()
    differ = [name for name in from_wheel if from_wheel[name] != from_editable[name]]
    assert not differ, f"tables differ between the wheel and the editable install: {differ}"


@pytest.mark.parametrize("report", ["seed", FIXTURE])
def test_installed_info_equals_editable(installed, outside, report):
    args = [] if report == "seed" else [fixture_path(report)]
    wheel_lines = _run([installed / "weihai-analysis", "info", *args], cwd=outside).stdout.splitlines()
    editable_lines = _run([*_editable_cli(), "info", *args], cwd=outside).stdout.splitlines()
    # The first line starts with the report's path, which for the seed is where each install keeps it.
    wheel_path, wheel_rest = wheel_lines[0].split(": ", 1)
    editable_path, editable_rest = editable_lines[0].split(": ", 1)
    assert Path(wheel_path).name == Path(editable_path).name
    if report == "seed":
        assert SEED_SHA256 in wheel_rest
    else:
        assert wheel_path == editable_path
    assert wheel_rest == editable_rest and wheel_lines[1:] == editable_lines[1:]
    assert len(wheel_lines) > 5


def test_installed_extract_default_folder_is_under_the_current_folder(installed, outside):
    here = outside / "default"
    here.mkdir()
    out = _run([installed / "weihai-analysis", "extract"], cwd=here).stdout
    assert "to data/processed" in out
    assert (here / "data" / "processed" / "figures.csv").stat().st_size > 1000
