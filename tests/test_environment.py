"""environment.yml, pyproject.toml and the lock agree on direct dependencies and versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

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


def test_pyproject_lock_and_conda_agree():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = _pins(py["dependencies"] + py["optional-dependencies"]["dev"])
    lock = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[_norm(name)] = version
    for name, version in direct.items():
        assert lock.get(name) == version, (name, version, lock.get(name))
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
