"""Loading: checksum of the seed, encoding detection, exact text, and one-sentence errors."""

from __future__ import annotations

import codecs
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPORT_FIXTURES, expected, fixture_path
from weihai_analysis import ReportError, load_report
from weihai_analysis.paths import SEED_REPORT

SEED_SHA256 = "1079f3bead606370ecae390246dd70cef8646092d9715021c377dfd05a94e17c"
BAD = ["empty", "whitespace", "image", "undecodable", "english"]


def test_seed_checksum_matches_provenance():
    assert hashlib.sha256(SEED_REPORT.read_bytes()).hexdigest() == SEED_SHA256
    assert SEED_SHA256 in (SEED_REPORT.parent / "README.md").read_text(encoding="utf-8")


def test_seed_loads_exactly(seed):
    raw = SEED_REPORT.read_bytes()
    assert seed.sha256 == SEED_SHA256
    assert seed.encoding == "utf-8"
    assert seed.text == raw.decode("utf-8")  # no newline translation, no stripping
    assert len(seed.text) == 17790


def test_default_seed_does_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_report().sha256 == SEED_SHA256


@pytest.mark.parametrize("stem", REPORT_FIXTURES + ["edge/no_headings", "edge/one_paragraph"])
def test_encoding_is_detected(stem):
    exp = expected(stem)
    report = load_report(fixture_path(stem))
    # GB18030 is a superset of GBK and decodes GBK files identically, so a GBK file reports gb18030.
    assert report.encoding == {"gbk": "gb18030"}.get(exp["encoding"], exp["encoding"])
    assert "\ufeff" not in report.text[:1]


def test_crlf_and_gb18030_are_kept_exactly():
    p = fixture_path("city_gb18030_crlf")
    report = load_report(p)
    assert report.text == p.read_bytes().decode("gb18030")
    assert "\r\n" in report.text


@pytest.mark.parametrize(
    "encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                     ("utf-16-be", codecs.BOM_UTF16_BE), ("gb18030", b""), ("gbk", b"")]
)
def test_round_trip_of_each_encoding(tmp_path, encoding, bom):
    text = "政府工作报告\r\n\u3000\u3000一、2020年工作\n生产总值增长3%。"
    p = tmp_path / "r.txt"
    p.write_bytes(bom + text.encode(encoding))
    assert load_report(p).text == text


@pytest.mark.parametrize("name", BAD)
def test_bad_inputs_raise_one_sentence(name):
    p = FIXTURES / "bad" / f"{name}.txt"
    with pytest.raises(ReportError) as err:
        load_report(p)
    msg = str(err.value)
    assert str(p) in msg and msg.endswith(".") and "\n" not in msg


def test_missing_and_directory(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        load_report(tmp_path / "nope.txt")
    with pytest.raises(ReportError, match="is a directory"):
        load_report(tmp_path)


def test_png_is_named_as_an_image():
    with pytest.raises(ReportError, match="PNG image"):
        load_report(FIXTURES / "bad" / "image.txt")


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "weihai_analysis", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


@pytest.mark.parametrize("name", BAD + ["missing", "directory"])
def test_cli_bad_input_exit_2_one_line_no_traceback(tmp_path, name):
    target = {"missing": str(tmp_path / "missing.txt"), "directory": str(tmp_path)}.get(
        name, str(FIXTURES / "bad" / f"{name}.txt"))
    r = _cli("extract", target, "--out", str(tmp_path / "out"))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_cli_out_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    r = _cli("extract", "--out", str(f))
    assert r.returncode == 2 and r.stderr.startswith("error: ") and "not a folder" in r.stderr


def test_random_bytes_that_decode_as_gb18030_are_binary(tmp_path):
    import random

    rng = random.Random(0)
    data = bytes(rng.randrange(256) for _ in range(4000))
    p = tmp_path / "blob.txt"
    p.write_bytes(data)
    with pytest.raises(ReportError, match="binary data|not text"):
        load_report(p)


def test_cli_unwritable_output_is_one_sentence(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "sections.csv").mkdir()  # a folder where a table file must go: writing it fails
    r = _cli("extract", "--out", str(locked))
    assert r.returncode == 2 and r.stderr.startswith("error: cannot write the tables")
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
