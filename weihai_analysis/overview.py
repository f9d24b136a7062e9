"""Tables behind the overview, ecology and policy-language notebooks: outline, environmental figures,
what the policy lexicon changes in segmentation, and the list of notebooks.

Each function takes the parsed report (or its text) and returns a DataFrame, so the notebooks stay
short and the rules are tested in ``tests/test_overview.py``.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import REPO_ROOT
from .structure import Structure

if TYPE_CHECKING:
    import pandas as pd

# Clause boundaries: the commas, semicolons, colons and sentence ends of Chinese prose (and their
# ASCII forms). 、 is not one: it joins the items of one list, which share their clause's context.
CLAUSE_SEPARATORS = re.compile(r"[,，;；:：。！？!?\r\n]")


def outline(st: Structure) -> pd.DataFrame:
    """One row per part (and ``0``, the opening): heading, sub-sections, paragraphs, sentences, CJK characters.

    ``share`` is the part's share of the report's CJK characters (those of its paragraphs).
    """
    import pandas as pd

    rows = []
    for part in (s for s in st.sections if s.level <= 1):
        paras = [p for p in st.paragraphs if p.section_id.split(".")[0] == part.section_id]
        rows.append({
            "part": part.section_id, "number": part.number, "title": part.title,
            "sub_sections": sum(1 for s in st.sections if s.level == 2 and s.section_id.split(".")[0] == part.section_id),
            "paragraphs": len(paras),
            "sentences": sum(1 for s in st.sentences if s.section_id.split(".")[0] == part.section_id),
            "n_chars": sum(p.n_chars for p in paras), "period": part.period, "status": part.status,
        })
    df = pd.DataFrame(rows)
    df.insert(df.columns.get_loc("n_chars") + 1, "share", df["n_chars"] / df["n_chars"].sum())
    return df


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from after the previous separator to before the next one.

    >>> t = "完成植树造林4.5万亩,新建步道。"
    >>> a, b = clause_span(t, 6, 11); t[a:b]
    '完成植树造林4.5万亩'
    """
    before = [m.end() for m in CLAUSE_SEPARATORS.finditer(text, 0, start)]
    after = CLAUSE_SEPARATORS.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def ecology_figures(figs: pd.DataFrame, text: str, theme: str = "ecology") -> pd.DataFrame:
    """The quantities whose own clause names something of ``theme`` in the theme lexicon.

    A sentence can hold figures of several themes (``新增规模化供水村庄554个,…,新增清洁供暖5.5万户``),
    so the test is on the clause that holds the number, not the sentence: the clause must score for
    the theme (any lexicon term of it, however weak). Adds the columns ``clause`` and ``clause_score``;
    rows stay in text order.
    """
    from .themes import score_sentence

    q = figs[figs["category"] == "quantity"].copy()
    q["clause"] = [text[slice(*clause_span(text, a, b))] for a, b in zip(q["start"], q["end"])]
    q["clause_score"] = [score_sentence(c)[theme] for c in q["clause"]]
    return q[q["clause_score"] > 0].reset_index(drop=True)


def lexicon_effect(text: str, st: Structure) -> pd.DataFrame:
    """Every policy-lexicon term found in the report: how often, and how often each segmentation keeps it whole.

    Columns: ``term``, ``pos``, ``occurrences``, ``whole_with`` and ``whole_plain`` (occurrences that come
    out as exactly one token with and without the lexicon), ``plain`` (how plain jieba cuts the first
    occurrence, pieces joined by `` / ``). Sorted by occurrences, then term.
    """
    import pandas as pd

    from . import text as tx

    spans = {use: {(t.start, t.end) for t in tx.tokenize(text, st.sentences, use_lexicon=use)} for use in (True, False)}
    plain = sorted(spans[False])
    rows = []
    for term, pos in tx.lexicon().items():
        hits = [m.start() for m in re.finditer(re.escape(term), text)]
        if not hits:
            continue
        first, last = hits[0], hits[0] + len(term)
        k = bisect.bisect_right(plain, (first, len(text))) - 1  # the token holding the term's first character
        pieces = []
        while 0 <= k < len(plain) and plain[k][0] < last:
            pieces.append(text[slice(*plain[k])])
            k += 1
        rows.append({
            "term": term, "pos": pos, "occurrences": len(hits),
            "whole_with": sum((h, h + len(term)) in spans[True] for h in hits),
            "whole_plain": sum((h, h + len(term)) in spans[False] for h in hits),
            "plain": " / ".join(pieces),
        })
    df = pd.DataFrame(rows, columns=["term", "pos", "occurrences", "whole_with", "whole_plain", "plain"])
    return df.sort_values(["occurrences", "term"], ascending=[False, True], ignore_index=True)


def notebooks(folder: Path | None = None) -> pd.DataFrame:
    """The collection's notebooks (``NN_topic.ipynb``) with the title of each (its first heading)."""
    import pandas as pd

    rows = []
    for path in sorted((folder or REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        title, _ = title_and_summary(json.loads(path.read_text(encoding="utf-8")).get("cells", []))
        rows.append({"notebook": path.name, "title": title or path.stem})
    return pd.DataFrame(rows, columns=["notebook", "title"])


def title_and_summary(cells: list[dict]) -> tuple[str, str]:
    """A notebook's first markdown heading and the first paragraph after it (markdown), or ``("", "")``.

    ``cells`` as stored in the ``.ipynb`` (plain dicts or nbformat's nodes). The site's index shows both.

    >>> title_and_summary([{"cell_type": "markdown", "source": ["# Ecology\\n", "\\n", "Where it appears."]}])
    ('Ecology', 'Where it appears.')
    """
    lines = [line for cell in cells if cell.get("cell_type") == "markdown"
             for line in [*"".join(cell.get("source", "")).splitlines(), ""]]
    for i, line in enumerate(lines):
        if line.startswith("#"):
            rest = lines[i + 1:]
            start = next((j for j, r in enumerate(rest) if r.strip() and not r.startswith("#")), len(rest))
            end = next((j for j in range(start, len(rest)) if not rest[j].strip() or rest[j].startswith("#")),
                       len(rest))
            return line.lstrip("#").strip(), "\n".join(rest[start:end])
    return "", ""


# ---------------------------------------------------------------------------------------------
# Ecology read literally: metaphors masked, environmental quantities (the ecology notebook)
# ---------------------------------------------------------------------------------------------
MASK = "\u3000"  # a full-width space: no lexicon term contains it, and the text keeps its length


def ecology_readings(reading: str) -> tuple[str, ...]:
    """The terms of ``data/reference/ecology_readings.csv`` read as ``figurative`` or ``environmental``,
    longest first."""
    from .reference import read_table

    terms = (r["term"] for r in read_table("ecology_readings.csv") if r["reading"] == reading)
    return tuple(sorted(terms, key=len, reverse=True))


def literal_text(text: str) -> str:
    """``text`` with its figurative ecology compounds masked (same length, so offsets still hold).

    >>> literal_text("打造人才生态环境,保护生态环境") == "打造" + MASK * 4 + "环境,保护生态环境"
    True
    """
    for term in ecology_readings("figurative"):
        text = text.replace(term, MASK * len(term))
    return text


def counted_part(clause: str, offset: int) -> str:
    """The part of a clause that says what its number counts: after the last 等 before the number.

    In ``实施智慧生态等13项示范工程`` the number counts 示范工程; 智慧生态 is one example of them.
    ``offset`` is the number's position in the clause.

    >>> counted_part("实施智慧生态等13项示范工程", 7)
    '等13项示范工程'
    """
    cut = clause.rfind("等", 0, offset)
    return clause[cut:] if cut >= 0 else clause


def environmental_figures(figs: pd.DataFrame, text: str, keep_all: bool = False) -> pd.DataFrame:
    """Quantities that report or promise something about the environment, each with the reason.

    A quantity is environmental when the part of its clause that says what it counts
    (:func:`counted_part`), read literally (:func:`literal_text`), scores for ecology in the theme
    lexicon or holds an ``environmental`` term of ``ecology_readings.csv``. Left out, with the reason
    given: numbers that are not outcomes or commitments (role ``threshold``, ``name`` or ``baseline``),
    durations (a unit of kind ``time``: 连续五年 says for how long, not how much), and clauses whose only
    ecology word is an example before 等. A clause that is only a change word and the number
    (``增长82.5%``) is read through the figure's indicator, which the extractor takes from the clause before. With ``keep_all`` the left-out candidates are returned too
    (column ``included`` False). Rows stay in text order.
    """
    from .figures import units
    from .themes import score_sentence

    literal = literal_text(text)
    extra = ecology_readings("environmental")
    rows = []
    for r in figs[figs["category"] == "quantity"].to_dict("records"):
        a, b = clause_span(text, int(r["start"]), int(r["end"]))
        clause, reading = text[a:b], literal[a:b]
        counted = counted_part(reading, int(r["start"]) - a)
        if len(clause.replace(r["mention"], "")) <= 2:  # 增长82.5%: the indicator of the clause before
            counted = literal_text(str(r["indicator"] or ""))
        found = score_sentence(counted)["ecology"] > 0 or any(t in counted for t in extra)
        if not (found or score_sentence(clause)["ecology"] > 0):
            continue
        unit = units().get(r["unit"])
        if r["role"] != "value":
            reason = f"role {r['role']}: not an outcome or a commitment"
        elif unit is not None and unit.kind == "time":
            reason = f"a duration ({r['mention']}), not an amount"
        elif not found:
            reason = ("ecology word only in a metaphor" if score_sentence(literal[a:b])["ecology"] == 0
                      else "ecology word only in an example before 等")
        else:
            reason = ""
        rows.append({**r, "clause": clause, "included": reason == "", "reason": reason})
    import pandas as pd

    out = pd.DataFrame(rows, columns=[*figs.columns, "clause", "included", "reason"])
    return (out if keep_all else out[out["included"]]).reset_index(drop=True)


def _sentence_at(st: Structure, offset: int):
    """The sentence of ``st`` that holds the character at ``offset``."""
    starts = [s.start for s in st.sentences]
    return st.sentences[max(bisect.bisect_right(starts, offset) - 1, 0)]


def rhetoric(st: Structure) -> pd.DataFrame:
    """Every claim of distinction (获评, 入选, 率先, 首个, 第一 …, from ``rhetoric_words.csv``) in the text.

    One row per occurrence: ``word``, ``kind`` (award, selection, first, rank), ``start``, ``end``,
    ``section_id``, ``sentence_id`` and the ``clause`` around it. An occurrence inside a longer
    ``not_rhetoric`` word (第一时间, 第一例) is left out.
    """
    import pandas as pd

    from .reference import read_table

    words = read_table("rhetoric_words.csv")
    not_rhetoric = [w["word"] for w in words if w["kind"] == "not_rhetoric"]
    masked = {i for w in not_rhetoric for m in re.finditer(re.escape(w), st.text) for i in range(m.start(), m.end())}
    rows = []
    for w in (w for w in words if w["kind"] != "not_rhetoric"):
        for m in re.finditer(re.escape(w["word"]), st.text):
            if m.start() in masked:
                continue
            sentence = _sentence_at(st, m.start())
            rows.append({"word": w["word"], "kind": w["kind"], "start": m.start(), "end": m.end(),
                         "section_id": sentence.section_id, "sentence_id": sentence.sentence_id,
                         "clause": st.text[slice(*clause_span(st.text, m.start(), m.end()))]})
    columns = ["word", "kind", "start", "end", "section_id", "sentence_id", "clause"]
    return pd.DataFrame(rows, columns=columns).sort_values("start", ignore_index=True)


def admitted_weaknesses(st: Structure, ledger: pd.DataFrame) -> pd.DataFrame:
    """The clauses of the paragraph of admitted problems (我们清醒地认识到…) and the commitments on their topics.

    The paragraph is the first that holds a cue of ``weakness_cues.csv``; it is cut into clauses. Each
    clause gets the topics of ``weakness_topics.csv`` whose terms it contains; ``commitments`` counts the
    rows of ``ledger`` whose own clause (around its ``start``–``end``) contains a term of one of those
    topics (``quantified`` those with a value), ``target_ids`` lists them. Clauses with no topic keep
    their row, with empty topics. Empty if the report has no such paragraph.
    """
    import pandas as pd

    from .reference import read_table

    cues = [c["cue"] for c in read_table("weakness_cues.csv")]
    terms: dict[str, list[str]] = {}
    for row in read_table("weakness_topics.csv"):
        terms.setdefault(row["topic"], []).append(row["term"])
    columns = ["paragraph_id", "start", "end", "clause", "topics", "commitments", "quantified", "target_ids"]
    paragraph = next((p for p in st.paragraphs if any(c in p.text for c in cues)), None)
    if paragraph is None:
        return pd.DataFrame(columns=columns)
    body = st.text[paragraph.start:paragraph.end]
    promised = [st.text[slice(*clause_span(st.text, a, b))] for a, b in zip(ledger["start"], ledger["end"])]
    rows, begin = [], 0
    for sep in [*CLAUSE_SEPARATORS.finditer(body), None]:
        end = sep.start() if sep else len(body)
        clause = body[begin:end].strip()
        if clause and not any(c in clause for c in cues):
            topics = [t for t, words in terms.items() if any(w in clause for w in words)]
            words = [w for t in topics for w in terms[t]]
            hits = ledger[[any(w in c for w in words) for c in promised]] if words else ledger[:0]
            rows.append({"paragraph_id": paragraph.paragraph_id, "start": paragraph.start + begin,
                         "end": paragraph.start + end, "clause": clause, "topics": ", ".join(topics),
                         "commitments": len(hits), "quantified": int(hits["value"].notna().sum()),
                         "target_ids": ", ".join(hits["target_id"])})
        begin = end + 1
    return pd.DataFrame(rows, columns=columns)
