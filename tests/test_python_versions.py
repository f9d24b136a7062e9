"""The Python versions the README promises are the ones the lock installs on.

The promise is written in four places — the README's first lines, ``requires-python`` in
pyproject.toml, ``requirements/check_python.py`` (which ``make install`` runs) and environment.yml — and
they must agree. The lock is then checked against PyPI for each promised version on this machine's
platform, as pip's ``install --dry-run --no-deps --only-binary=:all: --python-version X`` would: each
pinned release needs a wheel whose tags fit that Python and whose Requires-Python admits it. A release
published only as an sdist (jieba) passes when it is pure Python — nothing compiled among the files
installed here — and its Requires-Python admits the version. (pip's own dry run gives the same answer
but spends half a minute per version matching tags; this reads the same index data, PEP 691 JSON, and
applies the same rules with ``packaging``, the library pip uses for them.)
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from packaging import tags
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename
from packaging.version import Version

from conftest import require_pypi

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "requirements" / "check_python.py"
COMPILED = (".so", ".pyd", ".dylib")


def promised() -> list[tuple[int, int, int]]:
    """The oldest release of each version the README's first lines list ("Needs Python 3.11.5, 3.12")."""
    head = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split("\n\n")[:2])
    version = r"3\.\d+(?:\.\d+)?"
    listed = re.search(rf"Needs Python ((?:{version}(?:, | or | and ))+{version})", head.replace("\n", " "))
    assert listed, "the README's first lines must say which Python versions it needs"
    return sorted((3, int(minor), int(patch or 0))
                  for minor, patch in re.findall(r"3\.(\d+)(?:\.(\d+))?", listed.group(1)))


def _text(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def _before(version: tuple[int, int, int]) -> tuple[int, int, int]:
    """The release just before ``version`` (3.11.4 before 3.11.5; 3.10.99 stands for any 3.10)."""
    return version[:2] + (version[2] - 1,) if version[2] else (3, version[1] - 1, 99)


def test_promise_is_a_run_of_versions_everywhere():
    versions = promised()
    assert versions[0][:2] == (3, 11) and len(versions) >= 4
    assert [v[1] for v in versions] == list(range(versions[0][1], versions[-1][1] + 1))
    assert all(v[2] == 0 for v in versions[1:])
    spec = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                        ["project"]["requires-python"])
    assert all(spec.contains(_text(v)) for v in versions)
    assert not spec.contains(_text(_before(versions[0])))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert tuple(int(x) for x in conda_python.split("=")[1].split(".")) in [v[:2] for v in versions]


def _check(version: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, CHECK, version], capture_output=True, text=True)


def test_make_check_accepts_the_promised_versions_and_names_what_to_install():
    versions = promised()
    for version in versions:
        ok = _check(_text(version))
        assert (ok.returncode, ok.stderr) == (0, "")
    for version in (_text(_before(versions[0])), "3.10.12", f"3.{versions[-1][1] + 1}.0", "2.7.18"):
        bad = _check(version)
        assert bad.returncode == 1
        assert bad.stderr.startswith("error: ") and bad.stderr.count("\n") == 1
        assert f"Python {version}" in bad.stderr  # names what it found
        assert f"{_text(versions[0])} to 3.{versions[-1][1]}" in bad.stderr  # and what to install
        assert "PYTHON=python3." in bad.stderr
    # The Makefile runs it before creating .venv.
    assert "$(PYTHON) requirements/check_python.py" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert subprocess.run([sys.executable, CHECK]).returncode == 0  # the Python running these tests


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def _release_files(name: str, version: str) -> list[dict]:
    """The files of one release on PyPI's simple index (PEP 691 JSON), yanked ones left out."""
    request = urllib.request.Request(f"https://pypi.org/simple/{name}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    wanted = Version(version)
    out = []
    for f in files:
        if f.get("yanked"):
            continue
        try:
            if f["filename"].endswith(".whl"):
                ver = parse_wheel_filename(f["filename"])[1]
            else:
                ver = parse_sdist_filename(f["filename"])[1]
        except ValueError:  # e.g. old .exe or .egg uploads
            continue
        if ver == wanted:
            out.append(f)
    return out


@functools.cache
def _supported(minor: int) -> frozenset:
    """The wheel tags pip accepts for CPython 3.minor on this machine's platform."""
    platforms = list(tags.platform_tags())
    return frozenset({*tags.cpython_tags((3, minor), platforms=platforms),
                      *tags.compatible_tags((3, minor), f"cp3{minor}", platforms)})


def _pure_python_here(name: str) -> bool:
    """Whether the installed distribution ``name`` holds no compiled file."""
    files = importlib.metadata.distribution(name).files or []
    return bool(files) and not any(str(f).endswith(COMPILED) for f in files)


def _problem(name: str, version: str, files: list[dict], python: tuple[int, int, int]) -> str | None:
    """Why ``name==version`` would not install on Python ``python``, or None when it would."""
    supported = _supported(python[1])
    python = _text(python)

    def admits(f: dict) -> bool:
        return not f.get("requires-python") or SpecifierSet(f["requires-python"]).contains(python)

    wheels = [f for f in files if f["filename"].endswith(".whl") and admits(f)]
    if any(parse_wheel_filename(f["filename"])[3] & supported for f in wheels):
        return None
    sdists = [f for f in files if not f["filename"].endswith(".whl") and admits(f)]
    if sdists and not any(f["filename"].endswith(".whl") for f in files) and _pure_python_here(name):
        return None  # only an sdist, and pure Python: it installs anywhere its Requires-Python allows
    return f"{name}=={version} has no wheel for Python {python} on this platform"


@pytest.fixture(scope="module")
def lock_files() -> dict[str, tuple[str, list[dict]]]:
    require_pypi()
    pins = _lock()
    with ThreadPoolExecutor(max_workers=16) as pool:
        files = dict(zip(pins, pool.map(lambda n: _release_files(n, pins[n]), pins)))
    return {name: (pins[name], files[name]) for name in pins}


def test_lock_installs_on_every_promised_python(lock_files):
    missing = [name for name, (_, files) in lock_files.items() if not files]
    assert not missing, f"releases not on PyPI: {missing}"
    problems = [problem for python in promised() for name, (version, files) in lock_files.items()
                if (problem := _problem(name, version, files, python))]
    assert not problems, problems
    # The check can fail: the release just before the promise cannot install the whole lock, and
    # Python 3.10 gets no pandas.
    oldest = promised()[0]
    assert any(_problem(name, *pin, _before(oldest)) for name, pin in lock_files.items())
    assert _problem("pandas", *lock_files["pandas"], (3, oldest[1] - 1, 99))
