"""``corpus.duckdb``: every table of a corpus folder in one DuckDB database, written while the reports are read.

DuckDB runs in a separate Python process that imports only duckdb, so the memory it uses is not added
to the main process's; its buffer is bounded (``DUCKDB_MEMORY``; it spills to a temporary folder beyond
that), so that process's peak does not grow with the corpus either. The process starts once the workers
run. While they extract the reports, it appends the rows of those already done, a chunk of reports at a
time (``append``: the main process writes each chunk as a CSV file with the report ids it expects), so
that loading the per-report tables overlaps the extraction instead of following it. At the end each
combined table either keeps its staged rows (``complete``: when the report ids came out as expected and
every chunk fitted its types) or is loaded again from its combined CSV; the corpus tables are loaded
whole (``load``). The staged rows are in input order, the combined CSVs in ``report_id`` order: the two
are the same rows, in the same order whenever the ids sort as the inputs do.

Column types come from ``data/reference/duckdb_types.csv``: the same column has the same type in every
corpus, and DuckDB reads each file once (without types it scans all the rows first to guess them). A
table whose header differs from that list, or whose values do not fit its types, is read from its
combined CSV with types guessed from all its rows instead; identifiers (columns named ``…_id``) are
then still text, so section 3.10 is not section 3.1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from .errors import ReportError
from .reference import read_table

DUCKDB_MEMORY = "128MB"  # the most DuckDB may hold in memory while it writes (one thread; 64 MB is too
# little for the read buffer of a 10x corpus)
TYPES_FILE = "duckdb_types.csv"
DATABASE = "corpus.duckdb"

# The loading process: the database's path (JSON) on the first line of its input, then one JSON object per
# job: {"mode", "name", "csv", "columns": [[column, type], ...] or null} and, for "complete", "staged_ok".
# "append" adds a chunk's rows to a table (creating it); "complete" keeps a table's appended rows if
# staged_ok and every chunk fitted, else loads the table again from "csv"; "load" loads a table from
# "csv". The end of its input ends the load.
_LOAD = r"""
import csv, json, shutil, sys, tempfile
import duckdb

memory = sys.argv[1]
path = json.loads(sys.stdin.readline())
spill = tempfile.mkdtemp(prefix="weihai-duckdb-")
con = duckdb.connect(path, config={"memory_limit": memory, "threads": 1, "temp_directory": spill})
staged, failed = set(), set()


def typed_source(source, columns):
    spec = ", ".join(f"'{c}': '{t}'" for c, t in columns)
    return (f"read_csv('{source}', header = true, auto_detect = false, delim = ',', quote = '\"', "
            f"escape = '\"', encoding = 'utf-8', columns = {{{spec}}})")


def fits(job):
    with open(job["csv"], encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    return bool(job["columns"]) and header == [c for c, _ in job["columns"]], header


def typed(name, source, columns, append=False):
    try:
        if append:
            con.execute(f"INSERT INTO {name} SELECT * FROM {typed_source(source, columns)}")
        else:
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {typed_source(source, columns)}")
        return True
    except duckdb.Error:  # a value that does not fit its listed type
        con.execute(f"DROP TABLE IF EXISTS {name}")
        return False


def guessed(name, source, header):
    ids = ", ".join(f"'{c}': 'VARCHAR'" for c in header if c.endswith("_id"))
    types = f", types = {{{ids}}}" if ids else ""
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{source}', header = true, "
                f"sample_size = -1, encoding = 'utf-8'{types})")


def load(job):
    name, source = job["name"], job["csv"].replace("'", "''")
    con.execute(f"DROP TABLE IF EXISTS {name}")
    ok, header = fits(job)
    if not (ok and typed(name, source, job["columns"])):
        guessed(name, source, header)  # types guessed from all the rows


def append(job):
    name = job["name"]
    if name in failed:
        return
    ok = fits(job)[0] and typed(name, job["csv"].replace("'", "''"), job["columns"], append=name in staged)
    (staged if ok else failed).add(name)
    if not ok:
        staged.discard(name)


try:
    for line in sys.stdin:
        job = json.loads(line)
        if job["mode"] == "append":
            append(job)
        elif not (job["mode"] == "complete" and job["staged_ok"] and job["name"] in staged
                  and job["name"] not in failed):
            load(job)
    con.execute("CHECKPOINT")
finally:
    con.close()
    shutil.rmtree(spill, ignore_errors=True)
"""


@lru_cache(maxsize=1)
def column_types() -> dict[str, tuple[tuple[str, str], ...]]:
    """table → ((column, DuckDB type), ...) in header order (``duckdb_types.csv``)."""
    types: dict[str, list[tuple[str, str]]] = {}
    for line, row in enumerate(read_table(TYPES_FILE), start=2):
        table, column, kind = (str(row.get(k) or "").strip() for k in ("table", "column", "type"))
        if not (table and column and kind.isalpha()):
            raise ReportError(f"data/reference/{TYPES_FILE} line {line} needs a table, a column and a DuckDB type "
                              "(VARCHAR, BIGINT, DOUBLE, BOOLEAN or DATE).")
        types.setdefault(table, []).append((column, kind))
    return {name: tuple(cols) for name, cols in types.items()}


class Loader:
    """A DuckDB process that loads the tables of a corpus folder while they are being made.

    ``Loader(database)`` names where the database is built (a working folder; ``finish`` moves it to
    its place); ``start()`` launches the process (it imports duckdb while the main process goes on);
    ``append(csv_file)`` adds a chunk of reports' rows to the table the file is named after;
    ``complete(csv_file, staged_ok)`` ends a table (see the module docstring); ``load(csv_file)`` loads
    a whole table; ``finish(path)`` waits for the process and moves the database to ``path``, or raises
    ``OSError`` with DuckDB's message; ``close()`` stops a process that was not finished (use the
    loader as a context manager).
    """

    def __init__(self, database: Path) -> None:
        self._proc: subprocess.Popen | None = None
        self._stderr = None
        self._database = database

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        if self._proc is None:
            self._stderr = tempfile.TemporaryFile()
            self._proc = subprocess.Popen([sys.executable, "-c", _LOAD, DUCKDB_MEMORY], stdin=subprocess.PIPE,
                                          stdout=subprocess.DEVNULL, stderr=self._stderr, text=True,
                                          encoding="ascii")
            self._send(json.dumps(str(self._database)))

    def append(self, csv_file: Path) -> None:
        self._job("append", csv_file)

    def complete(self, csv_file: Path, staged_ok: bool) -> None:
        self._job("complete", csv_file, staged_ok=staged_ok)

    def load(self, csv_file: Path) -> None:
        self._job("load", csv_file)

    def finish(self, path: Path) -> Path:
        """Wait for every job to be done and move the database to ``path``."""
        self.start()
        proc, self._proc = self._proc, None
        try:
            proc.stdin.close()
        except OSError:  # the process has already stopped: its message says why
            pass
        code = proc.wait()
        if code != 0:
            raise OSError(f"DuckDB could not write {path.name}: {self._message()}")
        self._stderr.close()
        if path != self._database:
            shutil.move(self._database, path)
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        return path

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
        if self._stderr is not None:
            self._stderr.close()

    def _job(self, mode: str, csv_file: Path, **more: object) -> None:
        self.start()
        name = csv_file.name.removesuffix(".csv")
        self._send(json.dumps({"mode": mode, "name": name, "csv": str(csv_file),
                               "columns": column_types().get(name), **more}))

    def _send(self, line: str) -> None:
        try:
            self._proc.stdin.write(line + "\n")
            self._proc.stdin.flush()
        except OSError:  # the process has stopped; finish() reports its message
            pass

    def _message(self) -> str:
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines() or ["no message"]
        said = next((ln for ln in reversed(lines) if "Error" in ln or "Exception" in ln), lines[-1])
        return said.strip()
