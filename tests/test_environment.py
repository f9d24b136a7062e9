"""environment.yml, pyproject.toml and the lock agree on direct dependencies and versions.

pyproject.toml gives the package's runtime dependencies as ranges and the ``dev`` extra as exact pins;
the lock and environment.yml pin exact versions, which must lie in those ranges.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*", spec)
        assert m, f"not pinned exactly: {spec}"
        out[_norm(m.group(1))] = m.group(2)
    return out


def _lock() -> dict[str, str]:
    lock = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[_norm(name)] = version
    return lock


def _ranges(specs: list[str]) -> dict[str, Requirement]:
    out = {}
    for spec in specs:
        req = Requirement(spec)
        ops = {s.operator for s in req.specifier}
        assert ">=" in ops and "<" in ops, f"needs a lower and an upper bound: {spec}"
        out[_norm(req.name)] = req
    return out


def test_pyproject_lock_and_conda_agree():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _ranges(py["dependencies"])
    lock = _lock()
    for name, req in runtime.items():
        assert name in lock and req.specifier.contains(lock[name]), (str(req), lock.get(name))
    direct = {name: lock[name] for name in runtime}
    extras = _pins(py["optional-dependencies"]["dev"])
    for name, version in extras.items():
        assert lock.get(name) == version, (name, version, lock.get(name))
    direct.update(extras)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.update(_pins([d for d in dep["pip"] if not d.startswith("-e")]))
        elif "=" in dep and not dep.startswith("python"):
            name, version = dep.split("=")
            conda[_norm(name)] = version
    combined = {**conda, **pip}
    assert combined == direct


def test_lock_pins_everything_exactly():
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[^\s]+", line), line


def test_make_lab_turns_the_jupyter_news_fetch_off(tmp_path):
    """``make lab`` points JupyterLab at the project's jupyter-config/, whose defaults fetch no news."""
    import os
    import subprocess
    import sys

    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    command = next(line for line in dry.splitlines() if "jupyter lab" in line)
    env_vars = dict(word.split("=", 1) for word in command.split() if "=" in word)
    assert env_vars["JUPYTER_CONFIG_PATH"] == str(ROOT / "jupyter-config")
    # The settings JupyterLab would serve, with an empty user settings folder (not this user's).
    probe = (
        "import os, sys\n"
        "from jupyterlab.commands import get_app_dir\n"
        "from jupyterlab_server.settings_utils import get_settings\n"
        "app = get_app_dir()\n"
        "res, _ = get_settings(os.path.join(app, 'settings'), os.path.join(app, 'schemas'), sys.argv[1])\n"
        "s = next(x for x in res['settings'] if x['id'] == '@jupyterlab/apputils-extension:notification')\n"
        "p = s['schema']['properties']\n"
        "print(p['fetchNews']['default'], p['checkForUpdates']['default'])\n"
    )
    env = {**os.environ, **env_vars, "JUPYTER_PLATFORM_DIRS": "1"}
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["false", "False"]  # JupyterLab's own defaults are "none" (ask) and True
