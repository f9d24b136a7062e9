"""Nothing lost, nothing hangs: atomic output, batches that finish, one sentence for any bad input.

Interruptions are made to land exactly where they matter: a small driver runs the CLI in a
subprocess with ``tables.write_csv`` wrapped so that, after the third table of the new set, the
process kills itself (SIGKILL, SIGTERM, SIGINT) or the disk "fills up". The previous set must then
be intact, byte for byte, with no half-written folder left behind once the next run has started.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import FIXTURES, fixture_path, without_input_path
from weihai_analysis import ReportError, load_report, parse
from weihai_analysis import text as T
from weihai_analysis.cli import main
from weihai_analysis.extract import extract_to
from weihai_analysis.figures import figures
from weihai_analysis.load import MAX_REPORT_BYTES, resolve_report
from weihai_analysis.paths import PROCESSED_DIR
from weihai_analysis.tables import MANIFEST, _recover, format_cell

SMALL = str(fixture_path("state_council_style"))
OTHER = str(fixture_path("city_gb18030_crlf"))

# Runs the CLI with write_csv wrapped: after `after` tables, do `action` (a signal name, or ENOSPC).
DRIVER = """
import errno, os, signal, sys
import weihai_analysis.tables as tb
action, after = sys.argv[1], int(sys.argv[2])
real, count = tb.write_csv, [0]
def write_csv(*a, **k):
    path = real(*a, **k)
    count[0] += 1
    if count[0] == after:
        if action == "ENOSPC":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        os.kill(os.getpid(), getattr(signal, action))
        signal.pause() if action == "SIGKILL" else None
    return path
tb.write_csv = write_csv
from weihai_analysis.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _cli(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "weihai_analysis", *args], capture_output=True, text=True,
                          timeout=timeout, **kw)


def _run(*args: str, cwd: Path | None = None) -> SimpleNamespace:
    """The CLI in this process (the same ``main`` the command runs), for cases that need no signals."""
    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(here)
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def _driven(action: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, action, "3", *args], capture_output=True, text=True,
                          timeout=120)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The files of a set, report.csv without the input's path (copies of a report are read from elsewhere)."""
    return without_input_path({p.name: p.read_bytes() for p in sorted(folder.iterdir())})


def _one_error_line(r: subprocess.CompletedProcess | SimpleNamespace) -> str:
    lines = r.stderr.strip().splitlines()
    assert "Traceback" not in r.stderr and len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """Reference sets of tables for two reports, each written once by a clean run."""
    root = tmp_path_factory.mktemp("ref")
    for name, report in (("small", SMALL), ("other", OTHER)):
        assert _run("extract", report, "--out", str(root / name), "--quiet").returncode == 0
    return {name: _snapshot(root / name) for name in ("small", "other")}


# ---------------------------------------------------------------- atomic output


def _holding(folder: Path, tables: dict[str, bytes]) -> Path:
    """``folder`` as a clean earlier run left it (a copy of a reference set)."""
    folder.mkdir()
    for name, data in tables.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("action,code", [("SIGKILL", -9), ("SIGTERM", 143), ("SIGINT", 130), ("ENOSPC", 2)])
def test_interrupted_write_leaves_the_previous_set(tmp_path, sets, action, code):
    """Killed, terminated, Ctrl-C (a real SIGINT) or a full disk in the middle of a set."""
    out = _holding(tmp_path / "out", sets["small"])
    r = _driven(action, "extract", OTHER, "--out", str(out), "--quiet")
    assert r.returncode == code, r.stderr
    assert _snapshot(out) == sets["small"]  # old set, whole: not a mix, no empty file
    if action != "SIGKILL":  # the process cleaned up after itself and said so in one line
        assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]
        line = _one_error_line(r)
        assert line.startswith({"SIGTERM": "terminated", "SIGINT": "interrupted", "ENOSPC": "error: cannot write"}[action])
        return
    assert any(p.name.startswith(".out.tmp-") for p in tmp_path.iterdir())  # killed mid-set: a half folder beside
    # the next run clears what the killed run left and writes a whole new set
    assert _cli("extract", OTHER, "--out", str(out), "--quiet").returncode == 0
    assert _snapshot(out) == sets["other"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_kill_between_the_two_renames_is_repaired(tmp_path, sets):
    out = _holding(tmp_path / "out", sets["small"])
    old = tmp_path / ".out.old-123"
    os.rename(out, old)  # where a kill between moving the old set aside and the new one in leaves it
    (tmp_path / ".out.tmp-abc").mkdir()
    _recover(out)
    assert _snapshot(out) == sets["small"] and not old.exists() and not (tmp_path / ".out.tmp-abc").exists()


def test_two_concurrent_writers_never_mix(tmp_path, sets):
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "weihai_analysis", "extract", report, "--out", str(out),
                              "--quiet"], stderr=subprocess.PIPE, text=True) for report in (SMALL, OTHER)]
    assert [p.wait(timeout=120) for p in runs] == [0, 0], [p.stderr.read() for p in runs]
    assert _snapshot(out) in (sets["small"], sets["other"])


def test_a_second_run_waits_for_the_lock(tmp_path, sets):
    out = _holding(tmp_path / "out", sets["small"])
    with open(tmp_path / ".out.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a run in the middle of writing holds it
        p = subprocess.Popen([sys.executable, "-m", "weihai_analysis", "extract", OTHER, "--out", str(out),
                              "--quiet"], stderr=subprocess.PIPE, text=True)
        line = p.stderr.readline()  # blocks until the run reports that it waits
        assert line.startswith("waiting: another run is writing tables to") and p.poll() is None
        assert _snapshot(out) == sets["small"]
    assert p.wait(timeout=60) == 0
    assert _snapshot(out) == sets["other"]


def test_a_symlink_inside_out_is_replaced_not_followed(tmp_path, sets):
    out, victim = tmp_path / "out", tmp_path / "victim.csv"
    out.mkdir()
    victim.write_text("keep me")
    (out / "figures.csv").symlink_to(victim)
    assert _run("extract", SMALL, "--out", str(out), "--quiet").returncode == 0
    assert victim.read_text() == "keep me"
    assert not (out / "figures.csv").is_symlink() and _snapshot(out) == sets["small"]


def test_a_symlink_as_out_is_followed(tmp_path, sets):
    real = tmp_path / "real"
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert _run("extract", SMALL, "--out", str(tmp_path / "link"), "--quiet").returncode == 0
    assert (tmp_path / "link").is_symlink() and _snapshot(real) == sets["small"]


def test_a_folder_with_other_files_is_refused_untouched(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    r = _run("extract", SMALL, "--out", str(out))
    assert r.returncode == 2 and "notes.txt" in _one_error_line(r) and "would be lost" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_tables_of_an_earlier_set_may_be_replaced(tmp_path, sets):
    """A table the last run wrote (listed in .tables) but this one does not is replaced with the set."""
    out = _holding(tmp_path / "out", sets["small"])
    (out / "retired.csv").write_text("old table")
    (out / MANIFEST).write_text((out / MANIFEST).read_text() + "retired.csv\n")
    assert _run("extract", SMALL, "--out", str(out), "--quiet").returncode == 0
    assert _snapshot(out) == sets["small"]


def test_out_empty_is_refused(tmp_path):
    before = _snapshot(PROCESSED_DIR) if PROCESSED_DIR.exists() else None
    r = _run("extract", SMALL, "--out", "", cwd=tmp_path)
    assert r.returncode == 2 and "--out is empty" in _one_error_line(r)
    assert (_snapshot(PROCESSED_DIR) if PROCESSED_DIR.exists() else None) == before
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- batches


def test_a_bad_file_in_a_batch_does_not_stop_it(tmp_path, sets):
    bad = str(FIXTURES / "bad" / "english.txt")
    r = _run("extract", SMALL, bad, OTHER, "--out", str(tmp_path), "--quiet")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and bad in errors[0]
    assert r.stderr.splitlines()[-1] == f"2 of 3 reports written to {tmp_path}; 1 failed: {bad}."
    assert _snapshot(tmp_path / "state_council_style") == sets["small"]
    assert _snapshot(tmp_path / "city_gb18030_crlf") == sets["other"]
    assert not (tmp_path / "english").exists()


def test_same_named_inputs_get_distinct_folders(tmp_path, sets):
    for folder, source in (("a", SMALL), ("b", OTHER)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_bytes(Path(source).read_bytes())
    out = tmp_path / "out"
    r = _run("extract", "a/r.txt", "b/r.txt", "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a_r", "b_r"]
    assert _snapshot(out / "a_r") == sets["small"] and _snapshot(out / "b_r") == sets["other"]
    assert r.stdout.splitlines()[-1] == f"2 of 2 reports written to {out}."


def test_the_same_file_twice_is_refused_before_writing(tmp_path):
    r = _run("extract", SMALL, SMALL, "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "more than once" in _one_error_line(r)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- no traceback, no hang


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    r = _cli("extract", str(fifo), "--out", str(tmp_path / "out"), timeout=30)
    assert r.returncode == 2 and "named pipe (FIFO)" in _one_error_line(r)
    assert time.monotonic() - started < 20


def test_a_device_is_refused():
    with pytest.raises(ReportError, match="character device"):
        load_report("/dev/zero")


def test_a_too_large_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_REPORT_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ReportError, match="well under 10 MB.*corpus"):
        load_report(big)


def test_a_400_digit_number_gets_a_row_with_a_note(tmp_path):
    seed = load_report().text
    i = seed.index("3017.8亿元")
    p = tmp_path / "r.txt"
    p.write_text(seed[:i] + "7" * 400 + "亿元，" + seed[i:], encoding="utf-8")
    r = _run("extract", str(p), "--out", str(tmp_path / "out"), "--quiet")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "figures.csv").read_text(encoding="utf-8-sig"))))
    big = [row for row in rows if "7" * 400 in row["mention"]]
    assert len(big) == 1 and big[0]["value"] == ""
    assert big[0]["note"] == "value too large for a float (400 digits): left empty"
    assert sum(row["note"].startswith("value too large") for row in rows) == 1
    assert format_cell(float("inf")) == format_cell(float("-inf")) == ""


def test_a_closed_pipe_ends_quietly():
    for args in (["info"], ["info", SMALL]):
        p = subprocess.Popen([sys.executable, "-m", "weihai_analysis", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        p.stdout.close()  # as `| head` does once it has read enough
        assert p.wait(timeout=60) == 0
        assert p.stderr.read() == b""


@pytest.mark.parametrize("name,words", [
    ("loop", "symbolic link that loops"), ("long", "too long"), ("empty", "file name is empty"),
    ("utf32", None), ("utf16_nobom", "UTF-16 text without a byte-order mark"),
])
def test_words_that_say_what_happened(tmp_path, name, words):
    seed_text = load_report().text
    if name == "loop":
        (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
        (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
        arg = str(tmp_path / "a.txt")
    elif name == "long":
        arg = str(tmp_path / ("长" * 200 + ".txt"))
    elif name == "empty":
        arg = ""
    else:
        arg = str(tmp_path / f"{name}.txt")
        Path(arg).write_bytes(seed_text.encode("utf-32") if name == "utf32" else seed_text.encode("utf-16-le"))
    r = _run("extract", arg, "--out", str(tmp_path / "out"), "--quiet")
    if words is None:  # UTF-32 with a BOM is read, exactly
        assert r.returncode == 0, r.stderr
        assert load_report(arg).text == seed_text and load_report(arg).encoding == "utf-32"
        return
    line = _one_error_line(r)
    assert r.returncode == 2 and words in line and line.startswith("error: ") and len(line) < 300


def test_an_output_name_too_long_is_one_sentence(tmp_path):
    out = tmp_path / ("表" * 82)  # 246 bytes: allowed, but not with the temporary name's prefix and suffix
    r = _run("extract", SMALL, "--out", str(out), "--quiet")
    assert r.returncode == 2 and "name is too long" in _one_error_line(r) and not out.exists()


def test_a_report_without_line_breaks_has_its_parts_found_with_a_warning(tmp_path):
    p = tmp_path / "flat.txt"
    p.write_text(load_report().text.replace("\n", ""), encoding="utf-8")
    r = _run("extract", str(p), "--out", str(tmp_path / "out"), "--quiet")
    assert r.returncode == 0
    assert r.stderr.startswith("warning: ") and "line breaks seem lost" in r.stderr and r.stderr.count("\n") == 1
    assert "its 5 parts and 18 sub-sections were found from the headings inside the text" in r.stderr
    sections = (tmp_path / "out" / "sections.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[2] for line in sections[2:7]] == ["一", "(一)", "(二)", "(三)", "(四)"]
    no_headings = tmp_path / "no_headings.txt"
    no_headings.write_text("政府工作报告各位代表：" + "我们要稳中求进，一是稳就业，二是保民生。" * 300, encoding="utf-8")
    r = _run("extract", str(no_headings), "--out", str(tmp_path / "o3"), "--quiet")
    assert r.returncode == 0 and "no numbered part heading (一、) starts a sentence inside it" in r.stderr
    assert _run("extract", SMALL, "--out", str(tmp_path / "o2"), "--quiet").stderr == ""


# ---------------------------------------------------------------- the Python API


@pytest.mark.parametrize("call", [
    lambda: load_report(123), lambda: load_report(b"seed.txt"), lambda: figures(3.5),
    lambda: T.kwic("精致城市", report=["x"]), lambda: T.kwic(None), lambda: T.term_frequencies(text=b"bytes"),
    lambda: extract_to(42, "out"), lambda: extract_to(None, 42), lambda: parse(None),
    lambda: resolve_report(load_report(), text="政府工作报告"),
])
def test_wrong_python_types_raise_report_error(call):
    with pytest.raises(ReportError) as err:
        call()
    assert str(err.value).endswith(".") and "\n" not in str(err.value)


def test_a_path_is_a_path_and_text_is_text(seed):
    with pytest.raises(ReportError, match="missing.txt does not exist"):
        T.kwic("精致城市", report="missing.txt")
    with pytest.raises(ReportError, match="missing.txt does not exist"):
        figures("missing.txt")
    by_text = T.kwic("精致城市", text=seed.text)
    assert by_text.equals(T.kwic("精致城市", report=seed.path)) and by_text.equals(T.kwic("精致城市"))
    assert len(by_text) == seed.text.count("精致城市")


def test_caches_live_in_the_user_cache_folder(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    r = _cli("extract", SMALL, "--out", str(tmp_path / "out"), "--quiet", env=env)
    assert r.returncode == 0 and r.stderr == ""
    assert [p.name.startswith("jieba_tags_") for p in (tmp_path / "cache" / "weihai-gwr").iterdir()] == [True]
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing left in the temporary folder
    blocked = {**env, "XDG_CACHE_HOME": str(tmp_path / "file")}
    (tmp_path / "file").write_text("not a folder")  # the cache cannot be written: silently skipped
    r = _cli("extract", SMALL, "--out", str(tmp_path / "out2"), "--quiet", env=blocked)
    assert r.returncode == 0 and r.stderr == ""
    assert list((tmp_path / "tmp").iterdir()) == []
