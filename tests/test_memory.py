"""Bounded memory: extract's peak grows with the input by less than 30 bytes a byte (issue 13).

The measure is (peak RSS of ``extract`` on a large input − peak RSS of ``extract`` on the seed) / input
bytes: the seed's run holds what every run holds whatever its input (Python, pandas, the segmenter's
dictionary, the theme model: about 115 MB), so the difference is what the input itself costs. Both runs
start with an empty cache folder of their own, so both read jieba's whole POS dictionary (a constant
45 MB that a run with a warm cache skips). docs/benchmarks.md has the figures for 1 to 6 MB.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from weihai_analysis import parse
from weihai_analysis import text as T
from weihai_analysis.extract import build_tables
from weihai_analysis.tables import RowView

ROOT = Path(__file__).resolve().parents[1]
_PEAK = ("import sys\nfrom weihai_analysis.cli import main\ncode = main(sys.argv[1:])\n"
         "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))\n"
         "sys.exit(code)")


def synthetic_report(n_bytes: int) -> str:
    """The State Council reports of data/corpus/national, in order, one after another until ``n_bytes``."""
    texts, size = [], 0
    for path in sorted((ROOT / "data" / "corpus" / "national").glob("*.txt")):
        if size >= n_bytes:
            break
        texts.append(path.read_text(encoding="utf-8"))
        size += len(texts[-1].encode("utf-8")) + 1
    return "\n".join(texts)


def _peak_kb(tmp_path: Path, name: str, *args: str) -> int:
    """Peak RSS (KB) of one ``extract`` run in a fresh process with an empty cache folder: its VmHWM, the
    high-water mark of its own memory (getrusage's ru_maxrss would keep this large pytest process's, which
    the child inherits at fork)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / f"cache-{name}")}
    done = subprocess.run([sys.executable, "-c", _PEAK, "extract", *args, "--out", str(tmp_path / name), "--quiet"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads VmHWM from /proc")
@pytest.mark.parametrize("flat", [False, True], ids=["with line breaks", "line breaks lost"])
def test_peak_memory_grows_by_less_than_30_bytes_a_byte_of_input(tmp_path, flat):
    big = tmp_path / "big.txt"
    text = synthetic_report(1_000_000)
    big.write_text(text.replace("\n", "") if flat else text, encoding="utf-8")
    size = big.stat().st_size
    assert 980_000 <= size < 1_200_000
    baseline = _peak_kb(tmp_path, "seed")
    peak = _peak_kb(tmp_path, "big", str(big))
    per_byte = (peak - baseline) * 1024 / size
    # measured 24x with line breaks and 28x without (memos of 1024 readings each); 150x before
    assert per_byte < 30, f"{per_byte:.1f} bytes a byte (peak {peak} KB, seed {baseline} KB)"
    assert peak < 220 * 1024, f"peak {peak} KB, seed {baseline} KB"  # before: 250 MB for this input


def test_tokens_take_16_bytes_each_and_rows_are_made_when_read(seed):
    """The mechanism behind the bound: tokens in arrays, the large tables made row by row as written."""
    st = parse(synthetic_report(300_000)).reading
    T.token_columns(st.text, st.sentences)  # dictionaries and caches loaded before measuring
    tracemalloc.start()
    try:
        tokens = T.token_columns(st.text, st.sentences)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(tokens) > 60000
    assert held / len(tokens) < 50  # 16 bytes of arrays a token, and the distinct words (41); a Token took 214
    small = parse(seed.text)
    tokens = T.token_columns(small.text, small.sentences)
    assert list(tokens) == T.tokenize(small.text, small.sentences) and tokens[-1] == list(tokens)[-1]
    tables = build_tables(small)
    for name in ("tokens", "terms", "sentences"):
        assert isinstance(tables[name][1], RowView), name
    rows = tables["tokens"][1]
    assert len(rows) > 6000 and rows[0] == list(tokens[0]) and rows[:3] == list(rows)[:3]
