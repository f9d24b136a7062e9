"""Seeded mutations of the seed through the command line: the invariants hold for every one.

Each mutant deletes, duplicates, swaps or truncates spans of the seed and inserts pieces that stress
the readers (digit runs up to 400 long, full-width digits, hanzi numerals, ranges, headings, line
breaks of each kind, zero-width and control characters, a NUL) and is saved in UTF-8, GB18030 or
UTF-16. For every mutant the run ends with exit code 0 or 2 and no traceback; when tables are
written, every digit run of the text lies inside exactly one figures.csv row, every span's offsets
give back its text exactly, and a second run writes byte-identical tables.
"""

from __future__ import annotations

import bisect
import csv
import io
import random
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from weihai_analysis import load_report
from weihai_analysis.cli import main

N_MUTANTS = 36
DIGIT_RUN = re.compile(r"[0-9０-９]+")
PIECES = ["3.5%", "１２３", "十二", "两个", "、", "，", "。", "\n", "\r\n", "\r", "\n\n一、", "（一）", "%", "亿元",
          "万人", "至", "-", "—", "～", "\u200b", "\ufeff", "\t", "第", "年", "2021年", "以上", "左右", "分别",
          "和", "均", "增长", "由", "提高到", "\x07", "\x00", "１０．５％", "12%—15%", "1,200", "3·15", "K1068"]
SPANS = {"figures.csv": "mention", "sentences.csv": "text", "paragraphs.csv": "text", "tokens.csv": "token"}


def _mutant(rng: random.Random, seed: str) -> str:
    text = seed
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(["delete", "duplicate", "swap", "insert", "insert", "digits", "truncate"])
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randint(1, 300))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "swap":
            k = rng.randrange(len(text))
            a, b = sorted((i, k))
            text = text[:a] + text[b:b + 40] + text[a + 40:b] + text[a:a + 40] + text[b + 40:]
        elif op == "insert":
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif op == "digits":
            run = "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 2, 4, 8, 17, 40, 320, 400])))
            text = text[:i] + run + rng.choice(["", "%", "亿元", "万", ".5", "年"]) + text[i:]
        elif rng.random() < 0.3:
            text = text[: max(1, i)]
    return text


def _encoded(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(["utf-8", "utf-8", "gb18030", "utf-16"])
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _extract(report: Path, out: Path) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(["extract", str(report), "--out", str(out), "--quiet"])
    return code, err.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _check_tables(text: str, out: Path) -> None:
    for table, column in SPANS.items():
        for row in _rows(out / table):
            assert text[int(row["start"]):int(row["end"])] == row[column], (table, row)
    spans = sorted((int(r["start"]), int(r["end"])) for r in _rows(out / "figures.csv"))
    starts = [a for a, _ in spans]
    for m in DIGIT_RUN.finditer(text):
        k = bisect.bisect_right(starts, m.start())
        owners = [(a, b) for a, b in spans[max(0, k - 3):k + 1] if a <= m.start() and m.end() <= b]
        assert len(owners) == 1, (m.group()[:20], text[max(0, m.start() - 10):m.end() + 10])


@pytest.mark.parametrize("batch", range(4))
def test_mutants_keep_the_invariants(tmp_path, batch):
    seed = load_report().text
    written = failed = 0
    for k in range(batch, N_MUTANTS, 4):
        rng = random.Random(k)
        report = tmp_path / f"m{k}.txt"
        report.write_bytes(_encoded(rng, _mutant(rng, seed)))
        code, err = _extract(report, tmp_path / f"out{k}")
        assert code in (0, 2) and "Traceback" not in err, err
        if code == 2:
            assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
            failed += 1
            continue
        written += 1
        _check_tables(load_report(report).text, tmp_path / f"out{k}")
        if k % 3 == 0:  # a rerun writes the same bytes
            assert _extract(report, tmp_path / f"again{k}")[0] == 0
            for table in (tmp_path / f"out{k}").iterdir():
                assert (tmp_path / f"again{k}" / table.name).read_bytes() == table.read_bytes(), table.name
    assert written >= 6  # most mutants are still reports (the NUL and control pieces make some binary)
