"""Comparisons the notebooks draw: targets against outcomes, before against after, one year against the next.

Outside facts (``data/reference/external/``) are loaded with their values scaled like ``figures.csv``
(``266.9亿元`` → 26 690 000 000 元), so they can be set beside the report's own figures. A growth
rate the source does not state is derived from two levels and flagged ``derived``; it is never
mixed up silently with a stated (real, comparable-price) rate.

>>> round(growth_rate(252.4, 266.9), 2)
5.74
>>> round(implied_annual_growth(3017.8, 4000, 5), 2)
5.8
>>> normalise_indicator("新建改扩建中小学")
'中小学'
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from .figures import indicator_id_for, units
from .reference import read_table

if TYPE_CHECKING:  # pandas is imported where a table is made: judging a target (corpus mode) needs none
    import pandas as pd

# Multipliers written before a unit (亿元 = 10^8 元), longest first.
MULTIPLIERS: tuple[tuple[str, float], ...] = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3))

# A total that the sources state only through its parts (total trade = exports + imports), and
# indicators that measure one concept in different ways: columns of data/reference/indicators.csv.
COMPONENTS: dict[str, tuple[str, ...]] = {
    r["indicator_id"]: tuple(r["components"].split(";")) for r in read_table("indicators.csv") if r.get("components")
}
CONCEPTS: dict[str, str] = {r["indicator_id"]: r["concept"] for r in read_table("indicators.csv") if r.get("concept")}

# Verbs that open or close an indicator phrase but do not name what is counted
# (data/reference/continuity_words.csv), longest first.
LEADING_VERBS: tuple[str, ...] = tuple(sorted(
    (r["word"] for r in read_table("continuity_words.csv") if r["position"] == "leading"), key=len, reverse=True))
TRAILING_WORDS: tuple[str, ...] = tuple(r["word"] for r in read_table("continuity_words.csv") if r["position"] == "trailing")

_QUOTES = re.compile(r"[“”\"‘’]")


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------
def split_unit(unit_as_written: str) -> tuple[float, str]:
    """Multiplier and base unit of a unit as written: ``亿元`` → (1e8, ``元``), ``%`` → (1.0, ``%``)."""
    u = unit_as_written.strip()
    if u in units():
        return 1.0, u
    for word, factor in MULTIPLIERS:
        if u.startswith(word) and len(u) > len(word):
            return factor, u[len(word):]
    return 1.0, u


def growth_rate(start: float, end: float) -> float:
    """Percentage change from ``start`` to ``end``: ``growth_rate(252.4, 266.9)`` ≈ 5.74."""
    if start is None or end is None or not start > 0:
        raise ValueError(f"a growth rate needs a positive starting level, got {start!r}")
    return (end / start - 1.0) * 100.0


def implied_annual_growth(start: float, end: float, years: float) -> float:
    """Constant annual growth (%) that takes ``start`` to ``end`` in ``years`` years (compound)."""
    if not start > 0 or not end > 0 or not years > 0:
        raise ValueError(f"implied growth needs positive levels and years, got {start!r}, {end!r}, {years!r}")
    return ((end / start) ** (1.0 / years) - 1.0) * 100.0


def as_written(value: float | None, unit: str, digits: int = 1) -> str:
    """A scaled value back in the report's style: 301780000000 元 → ``3017.8亿元``; 2.39 % → ``2.39%``.

    Money of 亿 or more is rounded to ``digits`` decimals (trailing zeros dropped): 4e11 元 → ``4000亿元``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""

    def num(x: float) -> str:
        return f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits > 0 else f"{x:.0f}"

    if unit in ("%", "个百分点"):
        return f"{value:g}{unit}"
    factor, unit = split_unit(unit)  # a unit that carries a magnitude (万斤) is read as its base (斤)
    value *= factor
    if abs(value) >= 1e8 and unit in ("元", "美元"):
        return f"{num(value / 1e8)}亿{unit}"
    for prefix, size in MULTIPLIERS:
        if abs(value) >= size >= 1e4:
            return f"{value / size:g}{prefix}{unit}"
    return f"{value:g}{unit}"


# ---------------------------------------------------------------------------------------------
# Outside facts
# ---------------------------------------------------------------------------------------------
def load_external(name: str, strict: bool = True) -> pd.DataFrame:
    """A table of ``data/reference/external/`` with ``indicator_id``, scaled ``value`` and base ``unit``.

    ``value_as_written`` keeps the number as the source states it. With ``strict``, a number on an
    indicator that indicators.csv does not track is an error; otherwise its ``indicator_id`` stays empty.
    """
    import pandas as pd

    rows = read_table(f"external/{name}")
    if not rows:
        from .errors import ReportError

        raise ReportError(f"data/reference/external/{name} has no rows.")
    out = []
    for r in rows:
        r = dict(r)
        if None in r:  # an unquoted comma in the last (free-text) column: give the rest back to it
            last = [k for k in r if k is not None][-1]
            r[last] = ",".join([r[last], *r.pop(None)])
        factor, unit = split_unit(r["unit_as_written"]) if r["unit_as_written"] else (1.0, "")
        v = float(r["value"]) if r["value"] not in ("", None) else math.nan  # a qualitative row
        out.append({**r, "indicator_id": indicator_id_for(r["indicator_zh"]), "value_as_written": v,
                    "value": v * factor, "unit": unit})
    df = pd.DataFrame(out)
    missing = df.loc[(df["indicator_id"] == "") & df["value"].notna(), "indicator_zh"].tolist()
    if missing and strict:
        from .errors import ReportError

        raise ReportError(f"data/reference/external/{name}: no indicator in indicators.csv for {', '.join(missing)}.")
    return df


def load_series() -> pd.DataFrame:
    """Weihai's and Shandong's targets and outcomes 2019–2025 (``weihai_series.csv``), scaled; qualitative
    rows (no number) keep ``value`` NaN and their wording in ``qualitative``."""
    return load_external("weihai_series.csv", strict=False)  # 粮食综合生产能力 is no tracked indicator


def delivery_dates() -> dict[str, str]:
    """ISO delivery date of each source report in SOURCES.yml that states one (``delivered: 2021-01-25, …``)."""
    out = {}
    for key, meta in sources().items():
        m = re.match(r"(\d{4}-\d{2}-\d{2})", str(meta.get("delivered", "")))
        if m:
            out[key] = m.group(1)
    return out


def load_outcomes() -> pd.DataFrame:
    """Weihai's reported outcomes for 2021 and the 2024 GDP figures (``outcomes_2021.csv``), scaled."""
    return load_external("outcomes_2021.csv")


def load_national() -> pd.DataFrame:
    """National 2020 outcomes and 2021 targets (``national_2021.csv``), scaled."""
    return load_external("national_2021.csv")


def sources() -> dict:
    """``SOURCES.yml``: source_id → title, publisher, where it was retrieved."""
    import yaml

    from .paths import EXTERNAL_DIR

    return yaml.safe_load((EXTERNAL_DIR / "SOURCES.yml").read_text(encoding="utf-8"))


def indicator_names() -> pd.DataFrame:
    """``indicators.csv`` as a DataFrame: indicator_id, name_zh, name_en, theme, usual unit and measure."""
    import pandas as pd

    return pd.DataFrame(list(read_table("indicators.csv")))


# ---------------------------------------------------------------------------------------------
# Levels and growth from the report and the outcomes
# ---------------------------------------------------------------------------------------------
def report_level(figs: pd.DataFrame, indicator_id: str, period: str) -> pd.Series | None:
    """The report's stated level of an indicator for a period (first in text order), or None."""
    m = figs[(figs["indicator_id"] == indicator_id) & (figs["period"] == period) & (figs["measure"] == "level")
             & (figs["status"] == "actual") & (figs["role"] == "value") & (figs["category"] == "quantity")]
    return m.iloc[0] if len(m) else None


def _outcome(outcomes: pd.DataFrame, indicator_id: str, period: str, measure: str) -> pd.Series | None:
    m = outcomes[(outcomes["indicator_id"] == indicator_id) & (outcomes["period"] == period)
                 & (outcomes["measure"] == measure)]
    return m.iloc[0] if len(m) else None


def outcome_level(outcomes: pd.DataFrame, indicator_id: str, period: str) -> tuple[float, str, str] | None:
    """(level, unit, how it was obtained) of an outcome; a total missing from the source is summed from its parts."""
    row = _outcome(outcomes, indicator_id, period, "level")
    if row is not None:
        return float(row["value"]), row["unit"], f"stated ({row['source_id']})"
    parts = [_outcome(outcomes, p, period, "level") for p in COMPONENTS.get(indicator_id, ())]
    if parts and all(p is not None for p in parts) and len({p["unit"] for p in parts}) == 1:
        what = " + ".join(f"{p['indicator_zh']} {as_written(p['value'], p['unit'])}" for p in parts)
        return sum(float(p["value"]) for p in parts), parts[0]["unit"], f"sum of parts: {what}"
    return None


def derived_growth(figs: pd.DataFrame, outcomes: pd.DataFrame, indicator_id: str, year: str = "2021",
                   base: str = "2020") -> dict | None:
    """Growth of an indicator from the report's ``base`` level to the outcome level of ``year``, flagged derived.

    Nominal: levels are in current prices. None when either level is missing, the units differ
    (a yuan level is never compared with a dollar level) or the level is itself a rate (%), whose
    change is measured in points, not as growth.
    """
    start = report_level(figs, indicator_id, base)
    end = outcome_level(outcomes, indicator_id, year)
    if start is None or end is None or start["unit"] != end[1] or end[1] in ("%", "个百分点"):
        return None
    g = growth_rate(float(start["value"]), end[0])
    basis = (f"derived from levels: {as_written(end[0], end[1])} ({year}, {end[2]}) / "
             f"{as_written(start['value'], start['unit'])} ({base}, report {start['figure_id']}) − 1")
    return {"indicator_id": indicator_id, "period": year, "measure": "growth_rate", "value": g, "unit": "%",
            "derived": True, "from_value": float(start["value"]), "from_figure_id": start["figure_id"],
            "to_value": end[0], "to_basis": end[2], "level_unit": end[1], "basis": basis}


def outcome_growth(figs: pd.DataFrame, outcomes: pd.DataFrame, indicator_id: str, year: str = "2021",
                   base: str = "2020") -> dict | None:
    """The outcome growth rate of an indicator: stated by the source if it is, else derived from levels."""
    row = _outcome(outcomes, indicator_id, year, "growth_rate")
    if row is not None:
        return {"indicator_id": indicator_id, "period": year, "measure": "growth_rate", "value": float(row["value"]),
                "unit": "%", "derived": False, "from_value": math.nan, "from_figure_id": "", "to_value": math.nan,
                "to_basis": "", "level_unit": "", "basis": f"stated ({row['source_id']})" + (f"; {row['note']}" if row["note"] else "")}
    return derived_growth(figs, outcomes, indicator_id, year, base)


# ---------------------------------------------------------------------------------------------
# Judging targets
# ---------------------------------------------------------------------------------------------
MEANINGS = {
    "min": ("floor", "at least this much (以上, 超过, 突破, 不低于)"),
    "max": ("ceiling", "no more than this (以内, 以下, 不超过)"),
    "approx": ("approximate", "about this much (左右, 约, 近)"),
    "": ("point", "an expected value with no bound word; reaching it counts as met"),
}


def target_meaning(value: float | None, bound: str, rule: str) -> str:
    """floor, ceiling, approximate, point (a number without a bound word), relational or qualitative."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "relational" if "growth rate of GDP" in (rule or "") else "qualitative"
    return MEANINGS[bound or ""][0]


def judge(bound: str, target: float, outcome: float | None, tolerance: float = 0.5) -> str:
    """``met``, ``missed`` or ``no outcome``.

    ``min``: outcome ≥ target; ``max``: outcome ≤ target; ``approx``: within ``tolerance`` of it (in the
    target's unit); no bound word: a 预期目标 (expected value) is met when the outcome reaches it.
    """
    if outcome is None or (isinstance(outcome, float) and math.isnan(outcome)):
        return "no outcome"
    if bound == "max":
        ok = outcome <= target
    elif bound == "approx":
        ok = abs(outcome - target) <= tolerance
    else:
        ok = outcome >= target
    return "met" if ok else "missed"


def judge_as(judged: str, target: float, outcome: float | None, tolerance: float = 0.5) -> str:
    """``met``, ``missed`` or ``no outcome``, by the ledger's ``judged_as`` (data contract, targets.csv):
    floor (outcome ≥ target), ceiling (outcome ≤ target), band (within ``tolerance``, in the target's
    unit), exact (equal). 居民消费价格涨幅3%左右 is a ceiling, so 0.8% meets it."""
    if outcome is None or (isinstance(outcome, float) and math.isnan(outcome)):
        return "no outcome"
    ok = {"floor": outcome >= target, "ceiling": outcome <= target, "band": abs(outcome - target) <= tolerance,
          "exact": outcome == target}.get(judged, outcome >= target)
    return "met" if ok else "missed"


_RULE = re.compile(r"^(?:growth rate of )?(?P<name>.+?) (?P<op>>=|<=|>|<|≈|=) (?P<rhs>.+)$")
_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b}


def judge_rule(rule: str, outcome: float | None, gdp_growth: float | None) -> str:
    """Judge a relational or qualitative rule (``growth rate of X >= growth rate of GDP``, ``… > 0``).

    Rules that need more than one number (``stays close to last year's level``, ``with better
    composition``) are ``not judged``.
    """
    m = _RULE.match(rule or "")
    if not m or m.group("op") not in _OPS:
        return "not judged"
    rhs = m.group("rhs").strip()
    if re.fullmatch(r"-?\d+(?:\.\d+)?", rhs):
        other = float(rhs)
    elif rhs == "growth rate of GDP":
        other = gdp_growth
    else:
        return "not judged"
    if outcome is None or other is None or (isinstance(outcome, float) and math.isnan(outcome)):
        return "no outcome"
    return "met" if _OPS[m.group("op")](outcome, other) else "missed"


def rule_threshold(rule: str, gdp_growth: float | None = None) -> float | None:
    """The number a rule compares against: ``… > 0`` → 0, ``… >= growth rate of GDP`` → GDP's growth; else None."""
    m = _RULE.match(rule or "")
    if not m:
        return None
    rhs = m.group("rhs").strip()
    if re.fullmatch(r"-?\d+(?:\.\d+)?", rhs):
        return float(rhs)
    return gdp_growth if rhs == "growth rate of GDP" else None


def targets_vs_outcomes(targets: pd.DataFrame, figs: pd.DataFrame, outcomes: pd.DataFrame,
                        period: str = "2021", base: str = "2020") -> pd.DataFrame:
    """Every target of ``period`` beside its outcome, with its meaning and a verdict.

    Growth targets take the stated growth rate, else one derived from levels (``derived`` True);
    level targets take the outcome level in the same unit. Relational targets compare the outcome
    growth with GDP's stated growth.
    """
    import pandas as pd

    gdp = outcome_growth(figs, outcomes, "gdp", period, base)
    rows = []
    tracked = targets[(targets["period"] == period) & (targets["indicator_id"].fillna("") != "")]
    for t in tracked.itertuples(index=False):
        value = None if pd.isna(t.value) else float(t.value)
        meaning = target_meaning(value, t.bound, t.rule)
        out, derived, basis = None, False, ""
        if t.measure == "growth_rate":
            g = outcome_growth(figs, outcomes, t.indicator_id, period, base)
            if g is not None:
                out, derived, basis = g["value"], g["derived"], g["basis"]
        else:
            lv = outcome_level(outcomes, t.indicator_id, period)
            if lv is not None and lv[1] == t.unit:
                out, basis = lv[0], lv[2]
        if meaning in ("relational", "qualitative"):
            verdict = judge_rule(t.rule, out, gdp["value"] if gdp else None)
        else:
            verdict = judge_as(t.judged_as, value, out)
        rows.append({"target_id": t.target_id, "indicator_id": t.indicator_id, "indicator": t.indicator,
                     "measure": t.measure, "meaning": meaning, "judged_as": t.judged_as, "rule": t.rule, "target": value, "unit": t.unit,
                     "bound": t.bound, "outcome": out, "derived": derived, "basis": basis, "verdict": verdict,
                     "figure_id": t.figure_id})
    return pd.DataFrame(rows, columns=["target_id", "indicator_id", "indicator", "measure", "meaning", "judged_as", "rule",
                                       "target", "unit", "bound", "outcome", "derived", "basis", "verdict",
                                       "figure_id"])


# ---------------------------------------------------------------------------------------------
# Before and after, year on year
# ---------------------------------------------------------------------------------------------
def before_after(figs: pd.DataFrame) -> pd.DataFrame:
    """Pairs ``由X增加到Y``: each ``baseline`` row with the next ``value`` row of its sentence in the same unit.

    ``change`` is after − before (percentage points for shares); ``ratio`` is after / before.
    """
    import pandas as pd

    q = figs[figs["category"] == "quantity"]
    rows = []
    for b in q[q["role"] == "baseline"].itertuples(index=False):
        later = q[(q["sentence_id"] == b.sentence_id) & (q["start"] > b.start) & (q["role"] == "value")
                  & (q["unit"] == b.unit)]
        if not len(later):
            continue
        a = later.iloc[0]
        rows.append({"label": label(a["indicator"], a["indicator_id"]), "indicator": a["indicator"],
                     "indicator_id": a["indicator_id"], "unit": b.unit,
                     "before": float(b.value), "before_period": b.period, "after": float(a["value"]),
                     "after_period": a["period"], "change": float(a["value"]) - float(b.value),
                     "ratio": float(a["value"]) / float(b.value) if b.value else math.nan,
                     "baseline_id": b.figure_id, "value_id": a["figure_id"], "section_id": b.section_id,
                     "paragraph_id": b.paragraph_id})
    return pd.DataFrame(rows, columns=["label", "indicator", "indicator_id", "unit", "before", "before_period", "after",
                                       "after_period", "change", "ratio", "baseline_id", "value_id", "section_id",
                                       "paragraph_id"])


def label(indicator: str, indicator_id: str = "") -> str:
    """A name to show: the canonical Chinese name of a tracked indicator, else the phrase without stray quotes."""
    if indicator_id:
        names = indicator_names().set_index("indicator_id")
        if indicator_id in names.index:
            return names.loc[indicator_id, "name_zh"]
    return _QUOTES.sub("", indicator or "")


def normalise_indicator(phrase: str) -> str:
    """An indicator phrase without quotes and the verbs around what is counted.

    >>> normalise_indicator("新建农村老年餐桌"), normalise_indicator("高标准农田建设")
    ('农村老年餐桌', '高标准农田')
    """
    s = _QUOTES.sub("", phrase or "").strip()
    while True:
        before = s
        for v in LEADING_VERBS:
            if s.startswith(v) and len(s) > len(v):
                s = s[len(v):]
                break
        for v in TRAILING_WORDS:
            if s.endswith(v) and len(s) > len(v):
                s = s[: -len(v)]
                break
        if s == before:
            return s


def _is_count(unit: str) -> bool:
    u = units().get(unit)
    return u is not None and u.kind == "count"


def continuity(figs: pd.DataFrame, before: str = "2020", after: str = "2021", min_chars: int = 3) -> pd.DataFrame:
    """Items counted in ``before`` (actual) and planned again for ``after`` (target), matched through indicators.

    Two rows match when they have the same tracked ``indicator_id``, or else the same indicator after
    :func:`normalise_indicator` (at least ``min_chars`` characters, so generic heads such as 项目 or
    企业 do not match). Both must be counted levels (a count unit such as 所, 处, 个); the same unit is
    preferred, and a match across count units (处 against 个) is flagged ``same_unit`` False.
    """
    import pandas as pd

    q = figs[(figs["category"] == "quantity") & (figs["role"] == "value") & (figs["measure"] == "level")
             & figs["unit"].map(_is_count)].copy()
    q["key"] = [iid or normalise_indicator(ind) for iid, ind in zip(q["indicator_id"], q["indicator"])]
    q = q[(q["indicator_id"] != "") | (q["key"].str.len() >= min_chars)]
    old = q[(q["period"] == before) & (q["status"] == "actual")]
    new = q[(q["period"] == after) & (q["status"] == "target")]
    rows = []
    for n in new.itertuples(index=False):
        cands = old[old["key"] == n.key]
        if not len(cands):
            continue
        same = cands[cands["unit"] == n.unit]
        o = (same if len(same) else cands).iloc[0]
        rows.append({"item": n.key, "label": label(n.indicator, n.indicator_id) if n.indicator_id else n.key,
                     "indicator_id": n.indicator_id, f"indicator_{before}": o["indicator"], f"value_{before}": float(o["value"]),
                     f"unit_{before}": o["unit"], f"figure_{before}": o["figure_id"],
                     f"indicator_{after}": n.indicator, f"value_{after}": float(n.value), f"unit_{after}": n.unit,
                     f"bound_{after}": n.bound, f"figure_{after}": n.figure_id, "same_unit": o["unit"] == n.unit,
                     "ratio": float(n.value) / float(o["value"]), f"paragraph_{before}": o["paragraph_id"],
                     f"paragraph_{after}": n.paragraph_id})
    cols = ["item", "label", "indicator_id", f"indicator_{before}", f"value_{before}", f"unit_{before}", f"figure_{before}",
            f"indicator_{after}", f"value_{after}", f"unit_{after}", f"bound_{after}", f"figure_{after}", "same_unit",
            "ratio", f"paragraph_{before}", f"paragraph_{after}"]
    return pd.DataFrame(rows, columns=cols)


def shared_in_order(a: str, b: str) -> int:
    """How many characters two phrases share in the same order (longest common subsequence).

    >>> shared_in_order("清洁供暖", "农村清洁取暖")
    3
    """
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _match(old: pd.Series, new: pd.Series, min_chars: int, share: float) -> tuple[int, str]:
    """How a counted row and a commitment match: (rank, how), rank 0 when they do not."""
    if old["indicator_id"] and old["indicator_id"] == new["indicator_id"]:
        return 3, "same indicator"
    a, b = normalise_indicator(old["indicator"]), normalise_indicator(new["indicator"])
    if a == b and len(a) >= min_chars:
        return 2, "same phrase"
    short = min(len(a), len(b))
    if (short >= min_chars + 1 and old["theme"] == new["theme"] and old["unit"] == new["unit"]
            and shared_in_order(a, b) >= share * short):
        return 1, f"{shared_in_order(a, b)} of {short} characters in order"
    return 0, ""


def stock_figures(figs: pd.DataFrame) -> set[str]:
    """figure_ids of levels that are stocks: the end of a 由X增加到Y pair, or a year-end level (余额, 年末)."""
    pairs = before_after(figs)
    return set(pairs["value_id"]) | set(figs.loc[figs["aggregation"] == "year_end", "figure_id"])


def carried_forward(figs: pd.DataFrame, ledger: pd.DataFrame, before: str = "2020", after: str = "2021",
                    min_chars: int = 3, share: float = 0.75) -> pd.DataFrame:
    """Items counted in ``before`` (actual levels) that the ledger commits to again for ``after``.

    Both sides are amounts, not shares (unit other than % and 个百分点), in the same unit or in two count
    units (处 against 个: ``same_unit`` False); the counted row has role ``value`` (no threshold, name or baseline). A commitment matches the counted row with
    the same tracked indicator, else the same phrase after :func:`normalise_indicator` (``min_chars`` or
    more characters), else — a looser match, named in ``match`` — phrases of more than ``min_chars``
    characters of which the shorter shares ``share`` of its characters in order with the longer, from
    sentences of the same primary theme, in the same unit (清洁供暖 → 农村清洁取暖). Each side is used once, best match
    first. ``stock`` marks counted rows that are stocks (:func:`stock_figures`), whose ratio is not a
    yearly pace.
    """
    import pandas as pd

    amount = ~figs["unit"].isin(["%", "个百分点"])
    old = figs[(figs["category"] == "quantity") & (figs["period"] == before) & (figs["status"] == "actual")
               & (figs["role"] == "value") & (figs["measure"] == "level") & amount]
    themes = figs.set_index("figure_id")["theme"]
    new = ledger[(ledger["period"] == after) & ledger["value"].notna() & (ledger["measure"] == "level")
                 & ~ledger["unit"].isin(["%", "个百分点"])]
    new = new.assign(theme=new["figure_id"].map(themes).fillna(""), indicator_id=new["indicator_id"].fillna(""))
    candidates = []
    for _, n in new.iterrows():
        comparable = (old["unit"] == n["unit"]) | (old["unit"].map(_is_count) & _is_count(n["unit"]))
        for _, o in old[comparable].iterrows():
            rank, how = _match(o, n, min_chars, share)
            if rank:
                candidates.append((-rank, o["unit"] != n["unit"], n["target_id"], o["figure_id"], how, o, n))
    stocks, used, rows = stock_figures(figs), set(), []
    for _, _, tid, fid, how, o, n in sorted(candidates, key=lambda c: c[:4]):
        if tid in used or fid in used:
            continue
        used |= {tid, fid}
        rows.append({"item": normalise_indicator(n["indicator"]), f"indicator_{before}": o["indicator"],
                     f"value_{before}": float(o["value"]), f"indicator_{after}": n["indicator"],
                     f"value_{after}": float(n["value"]), f"unit_{before}": o["unit"], f"unit_{after}": n["unit"],
                     "same_unit": o["unit"] == n["unit"], "ratio": float(n["value"]) / float(o["value"]),
                     "match": how, "stock": fid in stocks, "kind": n["kind"], "firmness": n["firmness"],
                     "wording": n["wording"], "target_id": tid, f"figure_{before}": fid,
                     f"figure_{after}": n["figure_id"], f"section_{before}": o["section_id"],
                     f"section_{after}": n["section_id"], "start": int(n["start"])})
    cols = ["item", f"indicator_{before}", f"value_{before}", f"indicator_{after}", f"value_{after}", f"unit_{before}",
            f"unit_{after}", "same_unit", "ratio",
            "match", "stock", "kind", "firmness", "wording", "target_id", f"figure_{before}", f"figure_{after}",
            f"section_{before}", f"section_{after}", "start"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("start", kind="stable").drop(columns="start").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Tables the notebooks show
# ---------------------------------------------------------------------------------------------
def headline_table(figs: pd.DataFrame, period: str = "2020") -> pd.DataFrame:
    """One row per tracked indicator stated for ``period``: its level and its growth rate, in text order."""
    import pandas as pd

    q = figs[(figs["category"] == "quantity") & (figs["indicator_id"] != "") & (figs["period"] == period)
             & (figs["status"] == "actual") & (figs["role"] == "value")]
    names = indicator_names().set_index("indicator_id")
    rows = {}
    for r in q.itertuples(index=False):
        row = rows.setdefault(r.indicator_id, {
            "indicator_id": r.indicator_id, "name_zh": names.loc[r.indicator_id, "name_zh"],
            "name_en": names.loc[r.indicator_id, "name_en"], "level": math.nan, "level_unit": "", "level_as_written": "",
            "growth": math.nan, "figure_ids": [], "paragraph_id": r.paragraph_id})
        if r.measure == "level" and math.isnan(row["level"]):
            row["level"], row["level_unit"], row["level_as_written"] = float(r.value), r.unit, r.mention
        elif r.measure == "growth_rate" and math.isnan(row["growth"]):
            row["growth"] = float(r.value)
        else:
            continue
        row["figure_ids"].append(r.figure_id)
    df = pd.DataFrame(list(rows.values()), columns=["indicator_id", "name_zh", "name_en", "level", "level_unit",
                                                    "level_as_written", "growth", "figure_ids", "paragraph_id"])
    df["figure_ids"] = df["figure_ids"].map(", ".join)
    return df


_HANZI = "一二三四五六七八九十"


def _hanzi_number(n: int) -> str:
    return _HANZI[n - 1] if n <= 10 else "十" + _HANZI[n - 11]


def section_label(section_id: str) -> str:
    """The one way the collection names a place in the report: ``4.7`` → ``part 四 (七)``, ``4`` → ``part 四``,
    ``0`` → ``front matter``."""
    part, _, sub = str(section_id).partition(".")
    if not part.isdigit() or part == "0":
        return "front matter"
    label = f"part {_hanzi_number(int(part))}"
    if sub.isdigit() and 1 <= int(sub) <= 20:
        return f"{label} ({_hanzi_number(int(sub))})"
    return label


def context(text: str, start: int, end: int, width: int = 10) -> str:
    """The mention with ``width`` characters either side, within its line: ``…新建农村老年餐桌100处、镇街养老…``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    a, b = max(line_start, start - width), min(line_end, end + width)
    return ("…" if a > line_start else "") + text[a:b] + ("…" if b < line_end else "")


def full_sentence(figs: pd.DataFrame, text: str, figure_id: str) -> pd.DataFrame:
    """Quantities in the same full-stop sentence (。) as a figure, across the ；-separated parts of a list."""
    row = figs.loc[figs["figure_id"] == figure_id].iloc[0]
    a = max(text.rfind("。", 0, int(row["start"])), text.rfind("\n", 0, int(row["start"]))) + 1
    ends = [i for i in (text.find("。", int(row["end"])), text.find("\n", int(row["end"]))) if i >= 0]
    b = min(ends) if ends else len(text)
    return figs[(figs["start"] >= a) & (figs["end"] <= b) & (figs["category"] == "quantity")]


def target_text(value: float | None, bound: str, unit: str, rule: str = "") -> str:
    """A target in short form: ``≥ 6%``, ``≤ 3%``, ``≈ 5.5%``, ``= 4%``; the rule when there is no number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return rule
    op = {"min": "≥", "max": "≤", "approx": "≈"}.get(bound or "", "=")
    return f"{op} {as_written(value, unit)}"


def compare_national(targets: pd.DataFrame, national: pd.DataFrame, period: str = "2021") -> pd.DataFrame:
    """Weihai's targets beside the national ones, matched by indicator (or by concept, flagged as different)."""
    import pandas as pd

    w = targets[targets["period"] == period]
    n = national[(national["period"] == period) & (national["status"] == "target")]
    rows = []
    for r in n.itertuples(index=False):
        concept = CONCEPTS.get(r.indicator_id, r.indicator_id)
        mine = w[w["indicator_id"].map(lambda i: CONCEPTS.get(i, i)) == concept]
        base = {"concept": concept, "national_indicator": r.indicator_zh, "national_id": r.indicator_id,
                "national_target": target_text(r.value, r.bound, r.unit), "national_value": r.value,
                "national_bound": r.bound, "national_note": r.note}
        if not len(mine):
            rows.append({**base, "weihai_indicator": "", "weihai_id": "", "weihai_target": "", "weihai_value": math.nan,
                         "weihai_bound": "", "same_indicator": False, "weihai_target_id": ""})
        for m in mine.itertuples(index=False):
            rows.append({**base, "weihai_indicator": m.indicator, "weihai_id": m.indicator_id,
                         "weihai_target": target_text(None if pd.isna(m.value) else m.value, m.bound, m.unit, m.rule),
                         "weihai_value": m.value, "weihai_bound": m.bound,
                         "same_indicator": m.indicator_id == r.indicator_id, "weihai_target_id": m.target_id})
    return pd.DataFrame(rows, columns=["concept", "national_indicator", "national_id", "national_target",
                                       "national_value", "national_bound", "national_note", "weihai_indicator",
                                       "weihai_id", "weihai_target", "weihai_value", "weihai_bound", "same_indicator",
                                       "weihai_target_id"])


__all__ = [
    "COMPONENTS", "CONCEPTS", "as_written", "before_after", "carried_forward", "shared_in_order", "stock_figures", "compare_national", "continuity", "derived_growth",
    "growth_rate", "headline_table", "implied_annual_growth", "indicator_names", "judge", "judge_rule", "label",
    "load_external", "load_national", "load_outcomes", "normalise_indicator", "outcome_growth", "outcome_level",
    "rule_threshold",
    "report_level", "context", "full_sentence", "section_label", "sources", "split_unit", "target_meaning", "target_text", "targets_vs_outcomes",
]
