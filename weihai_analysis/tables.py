"""Writing the contract's tables: UTF-8 with BOM, one header row, stable order, byte-identical reruns.

A set of tables is written all-or-nothing (``write_tables``): into a fresh folder beside the output
folder, which is then swapped into place, so the output folder always holds one complete set — the
old one or the new one, never a mix — even if the run is killed or the disk fills up. A lock file
beside the folder makes a second run into the same folder wait until the first has swapped its set in.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Generic, TypeVar, overload

from .errors import ReportError

T = TypeVar("T")
S = TypeVar("S")
Table = tuple[Sequence[str], Iterable[Sequence[object]]]
MANIFEST = ".tables"  # the file names of the last set written, one a line: what a rerun may replace
_TMP, _OLD, _LOCK = ".tmp-", ".old-", ".lock"


class RowView(Sequence[T], Generic[S, T]):
    """The rows ``fn(row)`` of ``source``, made each time they are read and never held together.

    A large table (tokens.csv has a row per word) is written from its compact source row by row, so that
    its rows do not all sit in memory at once; the view can be read again (corpus mode reads a table
    twice) and indexed like a list.
    """

    def __init__(self, source: Sequence[S], fn: Callable[[S], T]) -> None:
        self._source, self._fn = source, fn

    def __len__(self) -> int:
        return len(self._source)

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self._fn(row) for row in self._source[i]]
        return self._fn(self._source[i])

    def __iter__(self) -> Iterator[T]:
        return map(self._fn, self._source)


class Columns(RowView[int, list]):
    """A table held column by column: cell ``k`` of row ``i`` is ``columns[k][i]``, each column a sequence.

    Rows are made as they are read, as a ``RowView``'s are; ``write_csv`` and ``to_csv_text`` write the
    table with ``csv.writer.writerows`` over the columns zipped, each column formatted as a whole
    (``_column_cells``), so no Python code runs per row: for tokens.csv, a row per word, the rows' making
    and formatting had taken twice as long as the segmentation itself. A ``Lookup`` column holds keys into
    a table of distinct values (each formatted once), a ``Repeated`` one a single value.
    """

    def __init__(self, columns: Sequence[Sequence[object]]) -> None:
        self.columns = list(columns)
        super().__init__(range(len(self.columns[0]) if self.columns else 0), self._row)

    def _row(self, i: int) -> list[object]:
        return [column[i] for column in self.columns]

    def __iter__(self) -> Iterator[list[object]]:
        return map(list, zip(*self.columns))

    def with_columns(self, before: Sequence[Sequence[object]] = (),
                     after: Sequence[Sequence[object]] = ()) -> Columns:
        """The table with other columns before and after its own."""
        return Columns([*before, *self.columns, *after])


class Lookup(Sequence[T]):
    """A column given as keys into a table of values: cell ``i`` is ``values[keys[i]]``."""

    def __init__(self, keys: Sequence[int], values: Sequence[T]) -> None:
        self.keys, self.values = keys, values

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self.values[k] for k in self.keys[i]]
        return self.values[self.keys[i]]

    def __iter__(self) -> Iterator[T]:
        return map(self.values.__getitem__, self.keys)


class Repeated(Sequence[T]):
    """A column holding one value ``n`` times."""

    def __init__(self, value: T, n: int) -> None:
        self.value, self.n = value, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self.value] * len(range(self.n)[i])
        range(self.n)[i]  # IndexError beyond the column
        return self.value

    def __iter__(self) -> Iterator[T]:
        return repeat(self.value, self.n)


def format_cell(value: object) -> str:
    """Render one cell: empty for None/NaN/infinity, floats without noise (``0.1 + 0.2`` → ``0.3``).

    An infinite float is a number too large to hold (a run of 310+ digits); the rows that carry one
    say so in their ``note`` (see ``limits.bound_figure_rows``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value == int(value) and abs(value) < 1e16:
            return str(int(value))
        return format(value, ".15g")
    return str(value)


_AS_WRITTEN = frozenset({str, int, type(None)})  # csv.writer renders these as format_cell does: text, str(int), ""


def _column_cells(column: Sequence[object]) -> Iterable[object]:
    """A column's cells as ``_write_rows`` writes them: as they are where every cell is text, an integer or
    None, else each through ``format_cell``; a ``Lookup``'s distinct values and a ``Repeated`` value are
    formatted once."""
    if isinstance(column, Lookup):
        return map(list(_column_cells(column.values)).__getitem__, column.keys)
    if isinstance(column, Repeated):
        value = column.value
        return repeat(value if value.__class__ in _AS_WRITTEN else format_cell(value), len(column))
    return column if _AS_WRITTEN.issuperset(map(type, column)) else map(format_cell, column)


def _write_rows(fh: io.TextIOBase, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(columns)
    if isinstance(rows, Columns):
        w.writerows(zip(*map(_column_cells, rows.columns)))
        return
    plain = _AS_WRITTEN
    for row in rows:  # text, integers and None are written by csv as format_cell would render them
        w.writerow([v if v.__class__ in plain else format_cell(v) for v in row])


def to_csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A table as CSV text (the file's content without its BOM)."""
    buf = io.StringIO()
    _write_rows(buf, columns, rows)
    return buf.getvalue()


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write one table as the data contract asks (UTF-8 with BOM, ``\n`` line ends), row by row, flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        _write_rows(fh, columns, rows)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def write_text(path: Path, text: str) -> Path:
    """Write a text file exactly: UTF-8 without BOM, line endings as they are, flushed to disk."""
    with open(path, "w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def write_tables(out: str | os.PathLike, tables: Mapping[str, Table],
                 texts: Mapping[str, str] | None = None,
                 files: Mapping[str, Callable[[Path], object]] | None = None) -> list[Path]:
    """Write ``{name: (columns, rows)}`` as ``out/<name>.csv``, all or nothing; return the paths.

    ``texts`` (``{file name: text}``, e.g. ``source.txt``) are written beside the tables in the same swap.

    ``out`` must be new, empty, or a folder of tables this function wrote (listed in its ``.tables``
    file): anything else in it would be lost in the swap, so that is refused with a sentence. Links
    inside ``out`` are replaced, not followed; a link *as* ``out`` is followed to its folder.
    ``files`` adds other files to the same set: ``{file name: write}``, where ``write(path)`` writes that
    file into the new folder after the tables (corpus mode's combined tables and ``corpus.duckdb``).
    """
    out = _output_folder(out)
    texts, files = dict(texts or {}), dict(files or {})
    names = [f"{name}.csv" for name in tables] + list(texts) + list(files)
    with _locked(out):
        _recover(out)
        _check_replaceable(out, names)
        new = _unwritable_as_sentence(out, lambda: Path(tempfile.mkdtemp(prefix=f".{out.name}{_TMP}", dir=out.parent)))
        try:
            os.chmod(new, _folder_mode(out))
            for name, (columns, rows) in tables.items():
                write_csv(new / f"{name}.csv", columns, rows)
            for name, text in texts.items():
                write_text(new / name, text)
            for name, write in files.items():
                write(new / name)
            (new / MANIFEST).write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
            _swap(new, out)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    return [out / n for n in names]


def _output_folder(out: str | os.PathLike) -> Path:
    """The absolute output folder, its parent created; a symlink to a folder is followed."""
    if not isinstance(out, (str, os.PathLike)) or not str(out).strip():
        raise ReportError("the output folder must be a non-empty path.")
    p = Path(os.path.abspath(out))
    if p.is_symlink():
        p = Path(os.path.realpath(p))
    if not p.name:
        raise ReportError(f"{p} cannot be the output folder; give a folder inside it.")
    if p.exists() and not p.is_dir():
        raise ReportError(f"{out} exists and is not a folder, so the tables cannot be written there.")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{p.parent} cannot be created ({exc.strerror or exc}).") from None
    return p


def _folder_mode(out: Path) -> int:
    """The new folder gets the old one's permissions, or the usual ones (mkdtemp makes it private)."""
    if out.is_dir():
        return out.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold ``.<out>.lock`` beside ``out``; if another run holds it, say so on stderr and wait."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; runs are not serialised
        yield
        return
    with _unwritable_as_sentence(out, lambda: open(out.parent / f".{out.name}{_LOCK}", "a+b")) as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: another run is writing tables to {out}.", file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _unwritable_as_sentence(out: Path, make: Callable[[], T]) -> T:
    """Run ``make`` (creating a file or folder beside ``out``); a refusal becomes one sentence."""
    try:
        return make()
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise ReportError(f"cannot write the tables to {out}: its name is too long for this system once the "
                              f"set's temporary name beside it is added; choose a shorter --out.") from None
        raise ReportError(f"cannot write the tables to {out}: its parent folder {out.parent} does not allow new "
                          f"files ({exc.strerror or exc}), and each set is written beside the folder first.") from None


def _siblings(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}{kind}*"))


def _recover(out: Path) -> None:
    """Under the lock, undo what a killed run left: put back a set moved aside, drop unfinished sets."""
    old = _siblings(out, _OLD)
    if old and not os.path.lexists(out):
        os.rename(old[-1], out)  # killed between the two renames of _swap: the old set comes back
        old = old[:-1]
    for leftover in old + _siblings(out, _TMP):
        shutil.rmtree(leftover, ignore_errors=True)


def _check_replaceable(out: Path, names: Sequence[str]) -> None:
    """Refuse, before writing, an output folder holding anything the swap would throw away."""
    if not out.is_dir():
        return
    ours = set(names) | {MANIFEST}
    try:
        ours |= set((out / MANIFEST).read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError):
        pass
    for entry in sorted(os.scandir(out), key=lambda e: e.name):
        if entry.name not in ours:
            raise ReportError(f"cannot write the tables into {out}: it holds {entry.name!r}, which is not one of "
                              f"the tables written here and would be lost; give --out a new or empty folder.")
        if entry.is_dir(follow_symlinks=False):
            raise ReportError(f"cannot write the tables into {out}: {entry.name} is a folder, not a table.")


def _swap(new: Path, out: Path) -> None:
    """Put the finished folder ``new`` in place of ``out`` (two renames; ``_recover`` repairs a kill between)."""
    if not os.path.lexists(out):
        os.rename(new, out)
    else:
        old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
        os.rename(out, old)
        os.rename(new, out)
        shutil.rmtree(old, ignore_errors=True)
    _sync_folder(out.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the renames to disk where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
