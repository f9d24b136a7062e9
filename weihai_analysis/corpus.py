"""Corpus mode: many reports at once, into combined tables, a panel of targets and outcomes, and DuckDB.

``weihai-analysis corpus PATH... --out DIR`` (data contract v2, "Corpus mode"). Each input file is read
and extracted in a worker process (``extract_one``); the main process gives every report a unique,
stable ``report_id`` (``assign_ids``: ``national-2025``, ``weihai-2021``), joins each target to the
outcome a later report states for it (``target_outcomes``) and writes everything as one set
(``tables.write_tables``): the contract's tables with ``report_id`` in front, ``reports.csv``,
``target_panel.csv``, ``outcomes.csv``, ``target_outcomes.csv`` and ``corpus.duckdb``.

A file that cannot be read keeps its row in ``reports.csv`` with the sentence saying why; the others are
still written. Worker results carry their tables as CSV text, encoded as UTF-8 by the worker, with a NUL
character where the report id goes (a report's text never holds NUL: ``load.decode_report`` refuses it),
so the main process holds a few megabytes per report rather than millions of Python objects, and moves
them to its spool and into the combined tables as bytes, without decoding them.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .corpusdb import DATABASE, Loader
from .errors import ReportError
from .paths import DATA_DIR
from .reference import read_table
from .tables import Columns, Repeated, to_csv_text

#: The State Council reports 1954–2025 that ship with the source tree (not with the wheel).
NATIONAL_CORPUS = DATA_DIR / "corpus" / "national"
#: What a folder given to corpus mode is searched for (recursively).
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MANIFEST = "manifest.csv"
_RID = "\x00"  # stands for the report id in a worker's CSV text

REPORT_COLUMNS = ["report_id", "path", "format", "sha256", "encoding", "pages", "n_chars", "title", "delivered",
                  "speaker", "speaker_role", "level", "place", "year", "n_figures", "error", "note"]
PANEL_COLUMNS = ["report_id", "year", "indicator_id", "measure", "value", "low", "high", "unit", "bound",
                 "judged_as", "wording", "rule", "kind", "firmness", "figure_id", "section_id", "sentence",
                 "start", "end"]
OUTCOME_COLUMNS = ["report_id", "year", "indicator_id", "measure", "value", "unit", "bound", "status",
                   "figure_id", "section_id", "sentence", "start", "end"]
TARGET_OUTCOME_COLUMNS = ["year", "place", "indicator_id", "measure", "value", "low", "high", "unit", "bound",
                          "judged_as", "wording", "outcome", "outcome_bound", "target_report_id",
                          "outcome_report_id", "verdict", "rule", "target_figure_id", "outcome_figure_id"]
#: Tables every report contributes, in the order they are written.
REPORT_TABLES = ("sections", "paragraphs", "figures", "targets", "sentences", "tokens", "terms", "slogans")


@dataclass
class Extracted:
    """What a worker hands back for one input file."""

    path: str
    meta: dict[str, object]
    tables: dict[str, bytes | Path] = field(default_factory=dict)  # name → CSV text as UTF-8 (or a spool
    # file of it), header first, NUL where the report_id goes
    panel: list[list[object]] = field(default_factory=list)  # PANEL_COLUMNS without report_id
    outcomes: list[list[object]] = field(default_factory=list)  # OUTCOME_COLUMNS without report_id
    error: str = ""


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------
def collect_inputs(paths: Sequence[str | os.PathLike]) -> list[str]:
    """The files to read: each file given, and every report file under each folder given (sorted).

    A path that does not exist is kept (it gets its error row); the same file reached twice is refused
    with a sentence, before anything is read.
    """
    out: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.suffix.lower() in SUFFIXES and q.is_file())
            out.extend(str(q) for q in found)
        else:
            out.append(str(p))
    seen: dict[str, str] = {}
    for p in out:
        key = os.path.realpath(p)
        if key in seen:
            raise ReportError(f"{p} is given more than once (also as {seen[key]}); give each report once.")
        seen[key] = p
    if not out:
        raise ReportError(f"no report files ({', '.join(SUFFIXES)}) were found in {', '.join(map(str, paths))}.")
    return out


def manifest_row(path: str) -> dict[str, str]:
    """The row for ``path`` in a ``manifest.csv`` beside it (columns ``file``, ``title``, …), or {}."""
    folder = os.path.dirname(os.path.abspath(path))
    return _manifest(folder).get(os.path.basename(path), {})


@lru_cache(maxsize=64)
def _manifest(folder: str) -> dict[str, dict[str, str]]:
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8-sig", newline="") as fh:
            return {r["file"]: r for r in csv.DictReader(fh) if r.get("file")}
    except (OSError, UnicodeDecodeError, KeyError, csv.Error):
        return {}


# ---------------------------------------------------------------------------------------------
# Report metadata
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, dict[str, str]], ...]:
    rows = read_table("places.csv")
    return tuple(sorted(((r["name"], r) for r in rows), key=lambda x: -len(x[0])))


_LEVEL_SUFFIX = (("自治区", "provincial"), ("省", "provincial"), ("市", "municipal"), ("县", "county"),
                 ("区", "district"))
_PLACE_IN_TITLE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:自治区|省|市|县|区))(?:人民政府)?(?:政府)?工作报告")
_YEAR = re.compile(r"((?:19|20)\d\d)")
_TITLE_CHARS = 60  # a header "title" longer than this is a sentence that mentions the report
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def place_of(title: str) -> tuple[str, str, str]:
    """(place, level, place_id) named by a title: the place just before (人民)政府工作报告, else the longest
    place of places.csv in the title (``2025年中华人民共和国国务院政府工作报告`` → 国务院, national). A place not
    in places.csv gets its level from its last character and an empty place_id.

    >>> place_of("(山东省)2021年威海市人民政府工作报告(全文)")
    ('威海市', 'municipal', 'weihai')
    """
    m = _PLACE_IN_TITLE.search(title)
    if m:
        place = re.sub(r"^[\d年]*年", "", m.group(1)).lstrip("年")
        row = next((r for name, r in _places() if name == place), None)
        if row:
            return row["place"], row["level"], row["place_id"]
        return place, next((lv for suffix, lv in _LEVEL_SUFFIX if place.endswith(suffix)), ""), ""
    for name, row in _places():
        if name in title:
            return row["place"], row["level"], row["place_id"]
    return "", "", ""


def year_hint(path: str, manifest: dict[str, str]) -> tuple[int | None, str]:
    """The report's year when its header may not say: from the manifest's title (or year), else the
    file name (``national_2025.txt``); with where it came from."""
    m = _YEAR.search(manifest.get("title", "").translate(_FULLWIDTH))
    if m:
        return int(m.group(1)), "the title in manifest.csv"
    if (manifest.get("year") or "").isdigit():
        return int(manifest["year"]), "manifest.csv"
    m = _YEAR.search(Path(path).stem)
    return (int(m.group(1)), "the file name") if m else (None, "")


def _speaker_from_table(place: str, year: int | None) -> tuple[str, str]:
    if not place or year is None:
        return "", ""
    for r in read_table("premiers.csv"):
        if r["place"] == place and int(r["from_year"]) <= year <= int(r["to_year"]):
            return r["speaker"], r["speaker_role"]
    return "", ""


def report_meta(report, st, manifest: dict[str, str]) -> dict[str, object]:
    """The report's row: the columns of report.csv (data contract v2) and a note on where they came from.

    Title, date and speaker come from the report's header; where the text has none (the State Council
    texts start at 各位代表), the title is taken from a ``manifest.csv`` beside the file, the year from the
    title (or else the file name), the place and level from the title (``places.csv``) and the speaker
    from ``premiers.csv``; ``note`` names each borrowed field.
    """
    from .extract import REPORT_COLUMNS as BASE_COLUMNS
    from .extract import report_row

    row = dict(zip(BASE_COLUMNS, report_row(report, st)))
    h = st.header
    notes = []
    title = h.title
    plausible = len(title) <= _TITLE_CHARS and place_of(title)[0]
    if not plausible and manifest.get("title"):  # none, 政府工作报告 alone, or a paragraph that mentions one
        title, _ = manifest["title"], notes.append("title from manifest.csv")
    year = st.report_year
    hint, where = year_hint(report.path, manifest)
    if year is not None and year == hint and not h.date and not _YEAR.search(h.title.translate(_FULLWIDTH)):
        notes.append(f"year from {where}")
    place, level, _ = place_of(title)
    if row["place"] and row["level"]:  # the header names them (speaker role, occasion)
        place, level = row["place"], row["level"]
    speaker, role = h.speaker, h.speaker_role
    if not speaker:
        speaker, role = _speaker_from_table(place, year)
        if speaker:
            notes.append("speaker from premiers.csv")
    return {**row, "title": title, "speaker": speaker, "speaker_role": role, "level": level, "place": place,
            "year": year, "note": "; ".join(notes)}


def _error_meta(path: str) -> dict[str, object]:
    fmt = Path(path).suffix.lower().lstrip(".")
    return {"path": path, "format": "html" if fmt == "htm" else fmt}


# ---------------------------------------------------------------------------------------------
# One report (runs in a worker)
# ---------------------------------------------------------------------------------------------
def extract_one(path: str) -> Extracted:
    """Read and extract one file; a file that cannot be read gives an ``Extracted`` with its error."""
    from .extract import build_tables, with_pages
    from .readers import load_report
    from .structure import parse

    try:
        report = load_report(path)
        manifest = manifest_row(path)
        st = parse(report.text, year=year_hint(path, manifest)[0])
        tables = with_pages(build_tables(st), report)
    except ReportError as exc:
        return Extracted(path, _error_meta(path), error=str(exc))
    except (OSError, ValueError, RecursionError, MemoryError) as exc:  # pragma: no cover - defensive
        return Extracted(path, _error_meta(path), error=f"{path} could not be extracted ({type(exc).__name__}: {exc}).")
    meta = report_meta(report, st, manifest)
    figures, targets = _records(tables["figures"]), _records(tables["targets"])
    meta["n_figures"] = len(figures)
    year = meta["year"]
    return Extracted(
        path, meta,
        tables={name: to_csv_text(["report_id", *cols], _with_report_id(rows)).encode("utf-8")
                for name, (cols, rows) in tables.items()},
        panel=panel_rows(targets, year, figures) if isinstance(year, int) else [],
        outcomes=outcome_rows(figures, year) if isinstance(year, int) else [],
    )


def _with_report_id(rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
    """The rows with the report id's stand-in in front (as a column of a ``tables.Columns``)."""
    if isinstance(rows, Columns):
        return rows.with_columns(before=[Repeated(_RID, len(rows))])
    return ([_RID, *row] for row in rows)


def _records(table: tuple[Sequence[str], Iterable[Sequence[object]]]) -> list[dict[str, object]]:
    cols, rows = table
    return [dict(zip(cols, r)) for r in rows]


@lru_cache(maxsize=1)
def panel_indicators() -> dict[str, tuple[str, ...]]:
    """indicator_id → the measures followed for it (``panel_indicators.csv``)."""
    return {r["indicator_id"]: tuple(r["measures"].split(";")) for r in read_table("panel_indicators.csv")}


def with_rate_measure(row: dict[str, object]) -> dict[str, object]:
    """A percentage on an indicator whose level is not a percentage (GDP, stated in 元) can only be a rate
    of change: ``经济增长速度的调控目标定为8%`` is GDP growth of 8% although no 增长 stands before the number.
    Such a row's ``level`` measure becomes ``growth_rate`` (``usual_unit`` of indicators.csv decides),
    unless the percentage is a share of it (``_a_share``: 国家财政收入的60%以上来自国有企业)."""
    from .figures.vocab import indicator_aliases

    info = indicator_aliases()[1].get(str(row.get("indicator_id") or ""), {})
    if row.get("measure") == "level" and row.get("unit") == "%" and info.get("usual_unit") not in ("%", "", None) \
            and not _a_share(row):
        return {**row, "measure": "growth_rate"}
    return row


_SHARE_AFTER = re.compile(r"^(?:以上|以下|左右|多)?的")


def _a_share(row: dict[str, object]) -> bool:
    """Whether a percentage is written as a share of what it names: 的 just before it (财政收入的60%) or
    after it (百分之八十以上的财政收入)."""
    sentence, mention = str(row.get("sentence") or ""), str(row.get("mention") or "")
    k = sentence.find(mention) if mention else -1
    if k < 0:
        return False
    return sentence[k - 1:k] == "的" or _SHARE_AFTER.match(sentence[k + len(mention):]) is not None


@lru_cache(maxsize=1)
def _part_words() -> dict[str, tuple[str, ...]]:
    """indicator_id → words that name a part of it (``part_words`` of panel_indicators.csv)."""
    return {r["indicator_id"]: tuple(w for w in (r.get("part_words") or "").split(";") if w)
            for r in read_table("panel_indicators.csv")}


def names_a_part(row: dict[str, object]) -> bool:
    """Whether a candidate's indicator names one part of the national figure (中央财政赤字7500亿元 beside
    全国财政赤字合计9500亿元)."""
    words = _part_words().get(str(row.get("indicator_id") or ""), ())
    return any(w in str(row.get("indicator") or "") for w in words)


def _followed(row: dict[str, object]) -> bool:
    return row.get("measure") in panel_indicators().get(str(row.get("indicator_id") or ""), ())


def _first_per_key(rows: Iterable[dict[str, object]], rank: Callable[[dict[str, object]], tuple]) -> list[dict]:
    """One row per (indicator_id, measure): the one ranked first; in the order of the panel list."""
    best: dict[tuple[str, str], dict[str, object]] = {}
    for r in rows:
        key = (str(r["indicator_id"]), str(r["measure"]))
        if key not in best or rank(r) < rank(best[key]):
            best[key] = r
    order = list(panel_indicators())
    return [best[k] for k in sorted(best, key=lambda k: (order.index(k[0]), k[1]))]


def panel_rows(targets: list[dict[str, object]], year: int,
               figures: Sequence[dict[str, object]] = ()) -> list[list[object]]:
    """The report's own year's main targets, one per followed indicator and measure (PANEL_COLUMNS less
    report_id); not an annual average over a plan (“十五”期间年均经济增长速度预期目标为7%左右: its figure in
    ``figures`` has aggregation annual_average), and not a change written as a level (``stated_as_change``:
    比上年增加1.6万亿元, 粮食产量要增长百分之十三点七，即增产四百六十六亿斤: the increase, not the output).

    Of several candidates the one in the main-target list (``kind`` headline) wins, then one with a
    number, then one for the whole rather than a part (``names_a_part``: 中央财政赤字), then one worded as a target (a bound word such as 左右 or 以上, or a range: a bare number in a sentence
    about this year may be last year's outcome restated), then the first in the text; ranges give
    ``low`` and ``high``."""
    averaged = {f["figure_id"] for f in figures if f["aggregation"] == "annual_average"}
    mention = {f["figure_id"]: f["mention"] for f in figures}
    own = [t for t in (with_rate_measure({**t, "mention": mention.get(t["figure_id"], "")}) for t in targets)
           if _followed(t) and str(t["period"]) == str(year) and t["figure_id"] not in averaged
           and not stated_as_change(t)]

    def rank(t: dict[str, object]) -> tuple:
        worded = bool(t["bound"]) or t["value_high"] is not None
        return t["kind"] != "headline", t["value"] is None, names_a_part(t), not worded, t["start"]

    out = []
    for t in _first_per_key(own, rank):
        ranged = t["value_high"] is not None
        out.append([year, t["indicator_id"], t["measure"], t["value"], t["value"] if ranged else None,
                    t["value_high"], t["unit"], t["bound"], t["judged_as"], t["wording"], t["rule"], t["kind"],
                    t["firmness"], t["figure_id"], t["section_id"], t["sentence"], t["start"], t["end"]])
    return out


def outcome_rows(figures: list[dict[str, object]], year: int) -> list[list[object]]:
    """The outcomes the report states for the year before it: quantities with status actual (or, failing
    that, estimate) for that year, role value (or, failing that, the starting value of a change:
    赤字率从去年的2.1%提高到2.3%), not an average or total over years (a year-end reading,
    年末城镇登记失业率4.02%, is the year's); the first in the text
    per followed indicator and measure (OUTCOME_COLUMNS less report_id)."""
    last = str(year - 1)
    stated = [f for f in map(with_rate_measure, figures) if _followed(f) and str(f["period"]) == last and f["category"] == "quantity"
              and f["status"] in ("actual", "estimate") and f["role"] in ("value", "baseline")
              and f["aggregation"] in ("", None, "year_end")
              and f["value"] is not None]

    stated = [f for f in stated if not _against_earlier_year(f, year - 1)]

    def rank(f: dict[str, object]) -> tuple:
        return (f["status"] != "actual", f["role"] != "value", stated_as_change(f), f["start"])

    return [[year - 1, f["indicator_id"], f["measure"], f["value"], f["unit"], f["bound"], f["status"],
             f["figure_id"], f["section_id"], f["sentence"], f["start"], f["end"]]
            for f in _first_per_key(stated, rank)]


_CLAUSE_END = re.compile(r"[，,；;。：:]")


def stated_as_change(row: dict[str, object]) -> bool:
    """Whether a quantity measured as a level is written as a change: right after a change word
    (又增产291亿斤, 比上年增加2000亿元) or after a change word with the indicator as its object (削减财政赤字
    450亿元). It is then the change, not the level, and another statement of the level is preferred."""
    from .figures.meaning import _before_info
    from .figures.phrases import tagged
    from .figures.vocab import change_words

    if row.get("measure") != "level" or row.get("unit") == "%":
        return False
    sentence, mention = str(row.get("sentence") or ""), str(row.get("mention") or "")
    k = sentence.find(mention) if mention else -1
    clause = _CLAUSE_END.split(sentence[:k])[-1].strip() if k > 0 else ""
    if _before_info(clause)[3] in ("up", "down"):
        return True
    words = tagged(clause) if clause else ()
    return bool(words) and words[0][1] == "v" and change_words().get(words[0][0]) in ("up", "down")


_YEAR_WORD = r"((?:19|20)\d\d|[一二][九〇零][〇零一二三四五六七八九]{2})年"
_SINCE_YEAR = re.compile(rf"(?:比|较|与|同){_YEAR_WORD}")
_COMPARED_WITH = re.compile(rf"(?:同|与|和|跟){_YEAR_WORD}(?:相比|比较)")


def _year_of(word: str) -> int:
    from .figures.numbers import hanzi_value_digits

    return int(word) if word.isdigit() else int(hanzi_value_digits(word))


def _against_earlier_year(f: dict[str, object], last: int) -> bool:
    """A change measured against a year before ``last`` is a change over several years, not last year's
    outcome: the clause before the number names the earlier base year (2007年，国内生产总值……比2002年增长
    65.5%), or the sentence before it compares with one (１９８６年同１９７８年相比，国民生产总值……增长１０２％)."""
    sentence, mention = str(f["sentence"]), str(f["mention"])
    k = sentence.find(mention)
    before = (sentence[:k] if k >= 0 else sentence).translate(_FULLWIDTH)
    clause = re.split(r"[，,；;。]", before)[-1] if before else ""
    years = [*_SINCE_YEAR.findall(clause), *_COMPARED_WITH.findall(before)]
    return any(_year_of(y) < last for y in years)


# ---------------------------------------------------------------------------------------------
# The corpus (main process)
# ---------------------------------------------------------------------------------------------
def assign_ids(results: Sequence[Extracted]) -> list[str]:
    """A unique, stable report_id for each result, in input order.

    ``<place_id>-<year>`` where the place (places.csv) and year are known (``national-2025``), else a slug
    of the file name; a second report with the same id gets ``-2``, a third ``-3`` (in the order of the
    inputs' paths), and a suffixed id that is taken already moves on to the next suffix.
    """
    base = [_base_id(r) for r in results]
    ids = [""] * len(results)
    used: set[str] = set()
    for i in sorted(range(len(results)), key=lambda i: (base[i], results[i].path)):
        rid, k = base[i], 1
        while rid in used:
            k += 1
            rid = f"{base[i]}-{k}"
        used.add(rid)
        ids[i] = rid
    return ids


def _base_id(r: Extracted) -> str:
    title = str(r.meta.get("title") or "")
    place_id = place_of(title)[2] if title else ""
    year = r.meta.get("year")
    if place_id and isinstance(year, int):
        return f"{place_id}-{year}"
    slug = re.sub(r"[^a-z0-9]+", "-", Path(r.path).stem.lower()).strip("-")
    return slug or "report"


def run(paths: Sequence[str], workers: int | None = None, progress: bool | None = None,
        spool: Path | None = None, started: Callable[[], object] | None = None) -> list[Extracted]:
    """Extract every file, in parallel over the machine's cores; results in input order.

    ``progress`` (default: when stderr is a terminal) shows a tqdm bar on stderr. With ``spool`` (a
    folder), each result's tables are moved to files there as it arrives, so memory holds one report's
    tables at a time however large the corpus. ``started`` is called once the workers are running (and
    before the first result): corpus mode starts its DuckDB process then, so that it gets ready beside
    the workers and the workers, forked before it, hold none of its pipes.
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    show = sys.stderr.isatty() if progress is None else progress
    if workers == 1:
        if started:
            started()
        return _collect(map(extract_one, paths), len(paths), show, spool)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            results = pool.map(extract_one, paths)  # submits every path: the workers are forked here
            if started:
                started()
            return _collect(results, len(paths), show, spool)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _collect(results: Iterator[Extracted], total: int, show: bool, spool: Path | None) -> list[Extracted]:
    return [_spooled(r, spool / f"{k:06d}") if spool else r for k, r in enumerate(_progress(results, total, show))]


def _spooled(r: Extracted, folder: Path) -> Extracted:
    """The result with its tables' CSV text moved to files in ``folder``."""
    if r.tables:
        folder.mkdir(parents=True)
        for name, data in r.tables.items():
            (folder / f"{name}.csv").write_bytes(data)
        r.tables = {name: folder / f"{name}.csv" for name in r.tables}
    return r


def _table_bytes(table: bytes | Path) -> bytes:
    return table.read_bytes() if isinstance(table, Path) else table


def _progress(results: Iterator[Extracted], total: int, show: bool) -> Iterator[Extracted]:
    if not show:
        return results
    from tqdm import tqdm

    return iter(tqdm(results, total=total, unit="report", desc="corpus", file=sys.stderr))


def corpus_tables(results: Sequence[Extracted], loader: Loader) -> tuple[dict, dict[str, Callable[[Path], object]]]:
    """The corpus's tables: (``{name: (columns, rows)}`` for write_tables, ``{file: write}`` for the
    combined per-report tables and the DuckDB file). ``loader`` loads each combined table
    into DuckDB as soon as it is written (it is started here unless it runs already); the four corpus
    tables, written first, join it at the end."""
    loader.start()
    ids = assign_ids(results)
    order = sorted(range(len(results)), key=lambda i: ids[i])
    reports = [[ids[i], *(results[i].meta.get(c) for c in REPORT_COLUMNS[1:-2]), results[i].error,
                results[i].meta.get("note", "")] for i in order]
    panel = [[ids[i], *row] for i in order for row in results[i].panel]
    outcomes = [[ids[i], *row] for i in order for row in results[i].outcomes]
    places = {ids[i]: results[i].meta.get("place", "") for i in order}
    tables = {
        "reports": (REPORT_COLUMNS, reports),
        "target_panel": (PANEL_COLUMNS, panel),
        "outcomes": (OUTCOME_COLUMNS, outcomes),
        "target_outcomes": (TARGET_OUTCOME_COLUMNS, target_outcomes(panel, outcomes, places)),
    }
    files: dict[str, Callable[[Path], object]] = {
        f"{name}.csv": _combined_writer(name, [(ids[i], results[i]) for i in order if not results[i].error],
                                        loader)
        for name in REPORT_TABLES
    }

    def database(path: Path) -> Path:
        for name in tables:
            loader.load(path.parent / f"{name}.csv")
        return loader.finish(path)

    files[DATABASE] = database
    return tables, files


def _combined_writer(name: str, parts: list[tuple[str, Extracted]], loader: Loader) -> Callable[[Path], Path]:
    """A writer of one combined table: each report's rows under one header, report_id filled in; the
    written file goes to ``loader``."""
    def write(path: Path) -> Path:
        header = _header_line(name, parts)
        rid_byte = _RID.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(codecs.BOM_UTF8 + header.encode("utf-8"))
            for rid, r in parts:
                data = _table_bytes(r.tables[name])
                fh.write(data[data.index(b"\n") + 1:].replace(rid_byte, rid.encode("utf-8")))
            fh.flush()
            os.fsync(fh.fileno())
        loader.load(path)
        return path
    return write


def _header_line(name: str, parts: list[tuple[str, Extracted]]) -> str:
    if parts:
        data = _table_bytes(parts[0][1].tables[name])
        return data[:data.index(b"\n") + 1].decode("utf-8")
    from .extract import build_tables, with_pages  # no report was read: the header of an empty report's table
    from .readers import report_from_text
    from .structure import parse

    cols = with_pages(build_tables(parse("空")), report_from_text("空"))[name][0]
    return to_csv_text(["report_id", *cols], [])


# ---------------------------------------------------------------------------------------------
# Targets against outcomes
# ---------------------------------------------------------------------------------------------
def verdict(judged: str, value: float | None, low: float | None, high: float | None, outcome: float | None,
            unit: str) -> tuple[str, str]:
    """(verdict, rule): ``met``, ``missed``, ``no outcome`` or ``not judged`` (a target without a number),
    by the target's ``judged_as`` (``compare.judge_as``), or ``range`` (within [low, high]) for a range.
    A band's tolerance is the ledger's: half a point for rates, 5% of the value otherwise."""
    from .compare import judge_as
    from .ledger import BAND_POINTS, BAND_SHARE

    if value is None:
        return ("no outcome" if outcome is None else "not judged"), judged or "qualitative"
    if low is not None and high is not None:
        floor, ceiling = judge_as("floor", low, outcome), judge_as("ceiling", high, outcome)
        if "no outcome" in (floor, ceiling):
            return "no outcome", "range"
        return ("met" if floor == ceiling == "met" else "missed"), "range"
    tolerance = BAND_POINTS if unit in ("%", "个百分点") else abs(value) * BAND_SHARE
    return judge_as(judged, value, outcome, tolerance), judged


def target_outcomes(panel: list[list[object]], outcomes: list[list[object]], places: dict[str, str]) -> list[list]:
    """Each panel target joined to the outcome for the same place, year, indicator and measure stated in
    a later report (the earliest one that states it), judged by ``verdict``."""
    P = {c: k for k, c in enumerate(PANEL_COLUMNS)}
    O = {c: k for k, c in enumerate(OUTCOME_COLUMNS)}
    stated: dict[tuple, list[object]] = {}
    for o in sorted(outcomes, key=lambda o: (o[O["year"]], o[O["report_id"]])):
        key = (places.get(o[O["report_id"]], ""), o[O["year"]], o[O["indicator_id"]], o[O["measure"]])
        stated.setdefault(key, o)
    out = []
    for t in panel:
        place = places.get(t[P["report_id"]], "")
        o = stated.get((place, t[P["year"]], t[P["indicator_id"]], t[P["measure"]]))
        outcome = o[O["value"]] if o else None
        v, rule = verdict(t[P["judged_as"]], t[P["value"]], t[P["low"]], t[P["high"]], outcome, t[P["unit"]])
        out.append([t[P["year"]], place, t[P["indicator_id"]], t[P["measure"]], t[P["value"]], t[P["low"]],
                    t[P["high"]], t[P["unit"]], t[P["bound"]], t[P["judged_as"]], t[P["wording"]], outcome,
                    o[O["bound"]] if o else None, t[P["report_id"]], o[O["report_id"]] if o else None, v, rule,
                    t[P["figure_id"]], o[O["figure_id"]] if o else None])
    return out


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------
def write_corpus(paths: Sequence[str | os.PathLike], out: str | os.PathLike, workers: int | None = None,
                 progress: bool | None = None) -> tuple[list[Path], list[Extracted]]:
    """Extract every report under ``paths`` and write the corpus's tables into ``out``, all or nothing.
    Returns the paths written and the results (those with ``error`` set could not be read)."""
    from .tables import write_tables

    import tempfile

    inputs = collect_inputs(paths)
    with tempfile.TemporaryDirectory(prefix="weihai-corpus-") as spool, Loader() as loader:
        results = run(inputs, workers=workers, progress=progress, spool=Path(spool), started=loader.start)
        tables, files = corpus_tables(results, loader)
        return write_tables(out, tables, files=files), results


def read_corpus(folder: str | os.PathLike, table: str):
    """One table of a corpus folder as a DataFrame (empty cells as NaN, ids and codes as text)."""
    import pandas as pd

    return pd.read_csv(Path(folder) / f"{table}.csv", encoding="utf-8-sig",
                       dtype={"report_id": str, "figure_id": str, "section_id": str, "target_report_id": str,
                              "outcome_report_id": str, "target_figure_id": str, "outcome_figure_id": str})



def national_corpus(workers: int | None = None) -> Path:
    """The folder of corpus tables for the bundled State Council reports (``data/corpus/national/``),
    built on first use into the user's cache folder and reused while neither the package, its
    vocabularies nor the corpus change (the folder's name is a hash of all three). For the notebooks."""
    import hashlib

    from .paths import PACKAGE_DIR, REFERENCE_DIR, user_cache_dir

    if not (NATIONAL_CORPUS / MANIFEST).is_file():
        raise ReportError(f"the national corpus is not here ({NATIONAL_CORPUS}); it ships with the source tree, "
                          f"not with the wheel.")
    digest = hashlib.sha256()
    for root in (PACKAGE_DIR, REFERENCE_DIR, NATIONAL_CORPUS):
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                digest.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    name = f"corpus-national-{digest.hexdigest()[:16]}"
    folder = user_cache_dir() / name
    if (folder / "target_outcomes.csv").is_file():
        return folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        write_corpus([NATIONAL_CORPUS], folder, workers=workers, progress=False)
    except (OSError, ReportError):  # a cache folder that cannot be written: build in a temporary folder
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="weihai-gwr-")) / name
        write_corpus([NATIONAL_CORPUS], folder, workers=workers, progress=False)
    return folder
