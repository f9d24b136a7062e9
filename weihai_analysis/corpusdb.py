"""``corpus.duckdb``: every table of a corpus folder in one DuckDB database, written while the CSVs are.

DuckDB runs in a separate Python process that imports only duckdb, so the memory it uses is not added
to the main process's; its buffer is bounded (``DUCKDB_MEMORY``; it spills to a temporary folder beyond
that), so that process's peak does not grow with the corpus either. The process starts before the
first table is written and loads each CSV as soon as the main process has written it, so DuckDB's work
runs beside the writing of the next table rather than after the last one.

Column types come from ``data/reference/duckdb_types.csv``: the same column has the same type in every
corpus, and DuckDB reads each file once (without types it scans all the rows first to guess them). A
table whose header differs from that list, or whose values do not fit its types, is read with types
guessed from all its rows instead; identifiers (columns named ``…_id``) are then still text, so
section 3.10 is not section 3.1.
"""

from __future__ import annotations

import json
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
# table ({"name", "csv", "columns": [[column, type], ...] or null}); the end of its input ends the load.
_LOAD = r"""
import csv, json, shutil, sys, tempfile
import duckdb

memory = sys.argv[1]
path = json.loads(sys.stdin.readline())
spill = tempfile.mkdtemp(prefix="weihai-duckdb-")
con = duckdb.connect(path, config={"memory_limit": memory, "threads": 1, "temp_directory": spill})


def typed(name, source, columns):
    spec = ", ".join(f"'{c}': '{t}'" for c, t in columns)
    try:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{source}', header = true, "
                    f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8', "
                    f"columns = {{{spec}}})")
        return True
    except duckdb.Error:  # a value that does not fit its listed type: guess the types instead
        con.execute(f"DROP TABLE IF EXISTS {name}")
        return False


def guessed(name, source, header):
    ids = ", ".join(f"'{c}': 'VARCHAR'" for c in header if c.endswith("_id"))
    types = f", types = {{{ids}}}" if ids else ""
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{source}', header = true, "
                f"sample_size = -1, encoding = 'utf-8'{types})")


try:
    for line in sys.stdin:
        job = json.loads(line)
        with open(job["csv"], encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
        source = job["csv"].replace("'", "''")
        columns = job["columns"]
        if not (columns and header == [c for c, _ in columns] and typed(job["name"], source, columns)):
            guessed(job["name"], source, header)
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
    """A DuckDB process that loads each table of a folder as soon as its CSV is written.

    ``start()`` launches it (it imports duckdb while the main process goes on); ``load(csv_file)`` hands
    it one written CSV (the database goes beside the first one); ``finish(path)`` waits for it and
    returns the database's path, or raises ``OSError`` with DuckDB's message; ``close()`` stops a
    process that was not finished (use the loader as a context manager).
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._stderr = None
        self._database: Path | None = None

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

    def load(self, csv_file: Path) -> None:
        self._open(csv_file.parent / DATABASE)
        name = csv_file.name.removesuffix(".csv")
        self._send(json.dumps({"name": name, "csv": str(csv_file), "columns": column_types().get(name)}))

    def finish(self, path: Path) -> Path:
        """Wait for every table handed over to be loaded into ``path`` (which must be where ``load`` put it)."""
        self._open(path)
        if path != self._database:
            raise ValueError(f"the database is {self._database}, not {path}")
        proc, self._proc = self._proc, None
        try:
            proc.stdin.close()
        except OSError:  # the process has already stopped: its message says why
            pass
        code = proc.wait()
        if code != 0:
            raise OSError(f"DuckDB could not write {path.name}: {self._message()}")
        self._stderr.close()
        return path

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
        if self._stderr is not None:
            self._stderr.close()

    def _open(self, database: Path) -> None:
        """Start the process and name its database, unless done already."""
        self.start()
        if self._database is None:
            self._database = database
            self._send(json.dumps(str(database)))

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

