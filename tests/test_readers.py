"""Readers: reports as published (HTML page, Word file, PDF) give the clean text's figures and outline;
format is told from the bytes; source.txt, report.csv and page are written; bad files are one sentence.

The HTML, Word and PDF versions are written in the test run from the seed and from reports the readers
were not written on (``conversions``); the PDF printed by a browser (look-alike characters, page
furniture) is the committed fixture ``converted/seed_chromium.pdf`` (see its ``print_with_chromium.py``).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

import conversions as cv
from conftest import FIXTURES, fixture_path
from weihai_analysis import ReportError, load_report, parse
from weihai_analysis.extract import extract_to
from weihai_analysis.figures import figures_from_structure
from weihai_analysis.plotting import font_path
from weihai_analysis.readers import detect_format

CHROMIUM_PDF = FIXTURES / "converted" / "seed_chromium.pdf"
OTHERS = ["holdout/province_2022", "holdout2/district_2023_gbk"]


def _clean(stem: str | None) -> str:
    return load_report(fixture_path(stem) if stem else None).text


def _outline(text: str) -> list[tuple[str, str]]:
    return [(sid, unicodedata.normalize("NFKC", title)) for sid, title in cv.outline(parse(text))]


def _assert_reads_like_clean(path: Path, stem: str | None, fmt: str, header: bool = True) -> None:
    """Same figures (≥ 99% on every attribute) and the same outline; ``header=False`` leaves out the
    title of section 0 (PDFium may join a PDF's short title line with the line after it)."""
    report = load_report(path)
    assert report.format == fmt
    clean = _clean(stem)
    figs = figures_from_structure(parse(report.text))
    for f in figs:
        assert report.text[f.start:f.end] == f.mention
    agreement = cv.agreement(figures_from_structure(parse(clean)), figs)
    assert min(agreement.values()) >= 0.99, agreement
    skip = 0 if header else 1
    assert _outline(report.text)[skip:] == _outline(clean)[skip:]


@pytest.mark.parametrize("stem", [None, *OTHERS])
def test_html_page_gives_the_body_and_the_clean_figures(tmp_path, stem):
    path = tmp_path / "report.html"
    path.write_text(cv.html_page(_clean(stem)), encoding="utf-8")
    _assert_reads_like_clean(path, stem, "html")
    text = load_report(path).text
    for chrome in ("首页", "当前位置", "浏览次数", "分享到", "相关链接", "主办单位", "常务会议"):
        assert chrome not in text, chrome


def test_html_in_gbk_with_its_meta_charset(tmp_path):
    path = tmp_path / "report.htm"
    path.write_bytes(cv.html_page(_clean(None)).replace('charset="utf-8"', 'charset="gbk"').encode("gb18030"))
    report = load_report(path)
    assert report.format == "html" and report.encoding == "gb18030" and "威海" in report.text


@pytest.mark.parametrize("stem", [None, *OTHERS])
def test_word_file_gives_the_clean_figures(tmp_path, stem):
    path = tmp_path / "report.docx"
    path.write_bytes(cv.docx_bytes(_clean(stem)))
    _assert_reads_like_clean(path, stem, "docx")


def test_word_tables_are_read_in_place(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、2020年主要指标")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "指标", (0, 1): "增长", (1, 0): "地区生产总值", (1, 1): "3.6%"}.items():
        table.cell(r, c).text = value
    document.add_paragraph("以上数据为初步统计。")
    path = tmp_path / "t.docx"
    document.save(path)
    text = load_report(path).text
    assert text.index("一、2020年") < text.index("地区生产总值\t3.6%") < text.index("以上数据")


@pytest.mark.parametrize("stem", [None, OTHERS[0]])
def test_pdf_gives_the_clean_figures_with_pages(tmp_path, stem):
    """A PDF written in the test run (fpdf2): page-width lines, running header, — N — on every page."""
    path = tmp_path / "report.pdf"
    path.write_bytes(cv.pdf_bytes(_clean(stem), str(font_path())))
    _assert_reads_like_clean(path, stem, "pdf")
    report = load_report(path)
    assert report.pages >= 2 and report.text.count("\f") == report.pages - 1
    assert report.page_of(0) == 1 and report.page_of(len(report.text) - 1) == report.pages


def test_browser_printed_pdf_gives_the_seed_figures():
    """Chromium's print of the seed: 14 pages, header and page number in the margins."""
    _assert_reads_like_clean(CHROMIUM_PDF, None, "pdf")
    assert load_report(CHROMIUM_PDF).pages == 14


@pytest.mark.skipif(not shutil.which("chromium"), reason="headless Chromium is not installed here")
def test_a_fixture_printed_by_chromium_in_the_run(tmp_path):
    """Where Chromium is installed, print an unseen report the same way and read it back."""
    sys.path.insert(0, str(FIXTURES / "converted"))
    from print_with_chromium import page

    stem = OTHERS[1]
    src = tmp_path / "page.html"
    src.write_text(page(_clean(stem), font_path()), encoding="utf-8")
    out = tmp_path / "printed.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", src.as_uri()], check=True, capture_output=True, timeout=120)
    _assert_reads_like_clean(out, stem, "pdf", header=False)


def test_format_is_told_from_the_bytes(tmp_path):
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(CHROMIUM_PDF.read_bytes())
    assert load_report(renamed).format == "pdf"
    page = tmp_path / "page.txt"
    page.write_text(cv.html_page(_clean(None)), encoding="utf-8")
    assert load_report(page).format == "html"
    word = tmp_path / "word.bin"
    word.write_bytes(cv.docx_bytes(_clean(None)))
    assert load_report(word).format == "docx"
    assert detect_format("一、工作回顾 <p>".encode()) == "txt"


def test_extract_writes_source_report_and_pages(tmp_path):
    out = tmp_path / "out"
    extract_to(CHROMIUM_PDF, out)
    source = (out / "source.txt").read_bytes().decode("utf-8")
    report = load_report(CHROMIUM_PDF)
    assert source == report.text and not (out / "source.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    row = next(csv.DictReader((out / "report.csv").open(encoding="utf-8-sig", newline="")))
    assert row["format"] == "pdf" and row["pages"] == "14" and row["sha256"] == report.sha256
    assert (row["level"], row["place"], row["year"], row["speaker"]) == ("municipal", "威海市", "2021", "闫剑波")
    assert int(row["n_chars"]) == len(source)
    for table in ("sections", "paragraphs", "figures", "targets", "sentences", "tokens"):
        rows = list(csv.DictReader((out / f"{table}.csv").open(encoding="utf-8-sig", newline="")))
        assert rows and all(1 <= int(r["page"]) <= 14 for r in rows), table
        for r in rows:
            assert r["page"] == str(report.page_of(int(r["start"])))
    figures = list(csv.DictReader((out / "figures.csv").open(encoding="utf-8-sig", newline="")))
    assert all(source[int(f["start"]):int(f["end"])] == f["mention"] for f in figures)
    assert {f["page"] for f in figures} == {str(p) for p in range(1, 15)}


def test_text_input_has_an_empty_page_column(tmp_path):
    out = tmp_path / "out"
    extract_to(None, out)
    rows = list(csv.DictReader((out / "figures.csv").open(encoding="utf-8-sig", newline="")))
    assert rows and all(r["page"] == "" for r in rows)
    row = next(csv.DictReader((out / "report.csv").open(encoding="utf-8-sig", newline="")))
    assert (row["format"], row["encoding"], row["pages"]) == ("txt", "utf-8", "")
    assert (out / "source.txt").read_bytes() == load_report().text.encode("utf-8")


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Files that must be refused, with a word their sentence must contain."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # a scanned page: a picture, no text
    (tmp / "scan.pdf").write_bytes(bytes(pdf.output()))
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(font_path()))
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    pdf.cell(0, 10, "政府工作报告")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    (tmp / "locked.pdf").write_bytes(bytes(pdf.output()))
    (tmp / "cut.pdf").write_bytes(CHROMIUM_PDF.read_bytes()[:4000])
    (tmp / "truncated.docx").write_bytes(cv.docx_bytes(_clean(None))[:3000])
    with zipfile.ZipFile(tmp / "broken.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<not xml")
    (tmp / "english.html").write_text("<!DOCTYPE html><html><body><nav>Home</nav><p>Annual report of the city "
                                      "government.</p></body></html>", encoding="utf-8")
    return {"scan.pdf": (tmp / "scan.pdf", "OCR"), "locked.pdf": (tmp / "locked.pdf", "password"),
            "cut.pdf": (tmp / "cut.pdf", "damaged PDF"), "truncated.docx": (tmp / "truncated.docx", "damaged Word"),
            "broken.docx": (tmp / "broken.docx", "damaged Word"),
            "english.html": (tmp / "english.html", "no Chinese body text")}


def test_bad_files_are_one_sentence_each(tmp_path):
    for name, (path, word) in _bad_files(tmp_path).items():
        with pytest.raises(ReportError, match=word):
            load_report(path)


def test_bad_files_on_the_command_line_end_with_exit_2(tmp_path):
    bad = _bad_files(tmp_path)
    good = tmp_path / "good.html"
    good.write_text(cv.html_page(_clean(None)), encoding="utf-8")
    args = [str(p) for p, _ in bad.values()] + [str(good)]
    run = subprocess.run([sys.executable, "-m", "weihai_analysis", "extract", *args, "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(bad) and "Traceback" not in run.stderr
    for (path, word), line in zip(bad.values(), errors):
        assert word in line and path.name in line, line
    assert (tmp_path / "o" / "good" / "figures.csv").exists() and (tmp_path / "o" / "good" / "source.txt").exists()
    for line in run.stderr.splitlines():  # only our own lines: no library's warning or log line
        assert line.startswith(("error: ", f"1 of {len(args)} reports")), line
