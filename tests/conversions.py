"""Copies of a report as converters damage or publish it, and the agreement of their figures with the clean
text's (used by tests/test_readers.py and tests/test_textlayer.py).

Each damaged copy is made from the clean text by general rules (spaces around every number, every digit
spaced out in full width, lines wrapped every N characters with page footers and running headers), and
the HTML, Word and PDF versions by writing the clean paragraphs into those formats. Quantities are
paired in text order by their value and unit as read on the clean text, so a copy that reads a number
differently, or not at all, counts against it.
"""

from __future__ import annotations

import html
import re
import unicodedata

ATTRIBUTES = ["value", "unit", "indicator", "measure", "period", "status", "role", "bound"]
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?")
_WIDE = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def paragraphs(text: str) -> list[str]:
    """The clean text's non-blank lines, stripped."""
    return [line.strip(" \t\u3000\u2003\u00a0") for line in text.splitlines() if line.strip(" \t\u3000\u2003\u00a0")]


def spaced_numbers(text: str) -> str:
    """A space on each side of every number: 完成 270.06 亿元, 2019 年, 增长 8% 以上."""
    return _NUMBER.sub(lambda m: f" {m.group()} ", text)


def spaced_fullwidth_digits(text: str) -> str:
    """Every digit, point and percent sign full-width and followed by a space, as in the 1998 State Council
    text: 1 9 9 3 年, 8 ．8 ％."""
    return _NUMBER.sub(lambda m: "".join(c + " " for c in m.group().translate(_WIDE)), text)


def wrapped(text: str, width: int = 34, lines_per_page: int = 40, header: str = "政府工作报告") -> str:
    """Each paragraph wrapped every ``width`` characters, a page footer ``— N —`` and a running header every
    ``lines_per_page`` lines (breaking paragraphs and numbers across lines and pages)."""
    lines = []
    for p in paragraphs(text):
        lines += [p[i:i + width] for i in range(0, len(p), width)]
    out, page = [header], 1
    for k, line in enumerate(lines, 1):
        out.append(line)
        if k % lines_per_page == 0:
            out += [f"— {page} —", header]
            page += 1
    out.append(f"— {page} —")
    return "\n".join(out) + "\n"


def html_page(text: str, title: str = "政府工作报告") -> str:
    """The report as a government site publishes it: menus, breadcrumbs, a publishing line, share links,
    related links and a footer around the body."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    links = "".join(f'<li><a href="/n{k}.html">某某市召开第{k}次常务会议</a></li>' for k in range(1, 9))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_某某市人民政府门户网站</title></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li><li><a href="/zjmc">走进某某</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="article">
<h1>{html.escape(title)}</h1>
<div class="info">发布时间：2022-07-05 20:16 来源：市政府办公室 浏览次数：1234 【字体：大 中 小】【打印】【关闭】</div>
<div class="content">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul>{links}</ul></div>
<div class="footer">主办单位：某某市人民政府办公室 ICP备案号：鲁ICP备12345678号 网站标识码：3710000001</div>
</body></html>
"""


def docx_bytes(text: str) -> bytes:
    """The report as a Word file: one paragraph per line, and the last figures-bearing paragraph also as a
    one-row table (text in tables must be read)."""
    import io

    import docx

    document = docx.Document()
    for p in paragraphs(text):
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str, font: str, header: str = "政府工作报告") -> bytes:
    """The report as a PDF with a text layer: paragraphs wrapped at the page width, a running header and a
    page number ``— N —`` on every page (fpdf2, the font embedded)."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("cjk", size=9)
            self.cell(0, 8, header, align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 8, f"— {self.page_no()} —", align="C")

    import warnings

    warnings.filterwarnings("ignore", message="Font .* is missing the following glyphs")  # zero-width spaces
    pdf = Report(format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2021, 1, 25))
    pdf.add_font("cjk", fname=font)
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for p in paragraphs(text):
        pdf.multi_cell(0, 7, p, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def agreement(clean: list, copy: list) -> dict[str, float]:
    """Share of the clean text's quantities that the copy reads alike, attribute by attribute.

    Quantities are paired in order by (value, unit) through a longest common subsequence; an unpaired
    clean quantity counts as wrong on every attribute. Text attributes are compared width-folded (NFKC):
    a copy in full-width digits names PM２．５ what the clean text names PM2.5.
    """
    a = [f for f in clean if f.category == "quantity"]
    b = [f for f in copy if f.category == "quantity"]
    pairs = _pairs([(f.value, f.unit) for f in a], [(f.value, f.unit) for f in b])
    matched = {i: b[j] for i, j in pairs}
    out = {}
    for attr in ATTRIBUTES:
        same = sum(1 for i, f in enumerate(a) if i in matched and _same(getattr(matched[i], attr), getattr(f, attr)))
        out[attr] = same / len(a) if a else 1.0
    out["paired"] = len(pairs) / len(a) if a else 1.0
    return out


def _same(x, y) -> bool:
    """Equal, text width-folded."""
    if isinstance(x, str) and isinstance(y, str):
        return unicodedata.normalize("NFKC", x) == unicodedata.normalize("NFKC", y)
    return x == y


def _pairs(x: list, y: list) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of x and y (difflib's matching blocks)."""
    import difflib

    sm = difflib.SequenceMatcher(a=x, b=y, autojunk=False)
    return [(blk.a + k, blk.b + k) for blk in sm.get_matching_blocks() for k in range(blk.size)]


def outline(st) -> list[tuple[str, str]]:
    """(section_id, title) of every section."""
    return [(s.section_id, s.title) for s in st.sections]
