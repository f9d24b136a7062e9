"""Rules a student's notebook is held to (README, "Rules the notebooks are held to").

- No cell depends on a plotting cell: skip a chart and everything after it still runs. Checked
  statically (for every name a cell reads, the last cell that set it must not be a plotting cell) and
  then for real: the notebook is executed once with all its plotting cells removed.
- Code lines are at most ``MAX_LINE`` characters.
- Every "Try it yourself" heading is followed by code cells tagged ``exercise-solution``, at least one
  per exercise (a top-level item of its list) (nbval executes them, so an exercise that breaks fails ``make test``).

Notebooks that break a rule today are marked xfail (not strict) with the reason: their content is
being rewritten (issue 10), and the marks go once they pass.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import nbformat
import pytest

from weihai_analysis.site import notebook_paths

MAX_LINE = 100
SOLUTION_TAG = "exercise-solution"
EXERCISES_HEADING = re.compile(r"^#+\s*Try it yourself", re.I | re.M)
EXERCISE = re.compile(r"^(?:\d+[.)]|[-*+])\s", re.M)  # a top-level list item: one exercise
PYPLOT_NAMES = {"plt"}  # plus whatever name a notebook imports matplotlib.pyplot as
NOTEBOOKS = notebook_paths()

# Failing on the notebooks as committed when these tests were written (issue 10, item 5): their
# content is being rewritten. Each mark is not strict, so it goes quietly once the notebook passes.
REWRITE = "notebook content under rewrite (issue 10)"
XFAIL = {
    "plotting": set(),
    "lines": set(),
    "solutions": set(),
}


def _params(rule: str) -> list:
    return [pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(strict=False, reason=f"{REWRITE}: {rule}")]
                         if p.stem in XFAIL[rule] else []) for p in NOTEBOOKS]


# --- which names a cell reads and sets ------------------------------------------------------------

def python_source(cell_source: str) -> str:
    """The cell as plain Python: IPython's magics and shell escapes turned into calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(cell_source)


def _targets(node: ast.AST) -> set[str]:
    """Names an assignment target binds or changes (``x``, ``a, b``, and the ``df`` of ``df["c"] = …``)."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*map(_targets, node.elts)) if node.elts else set()
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    if isinstance(node, (ast.Subscript, ast.Attribute)):
        return _targets(node.value)
    return set()


def _nested_locals(stmt: ast.stmt) -> set[str]:
    """Names local to the functions, lambdas and comprehensions inside a statement."""
    local: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            local |= {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            if not isinstance(node, ast.Lambda):
                local |= {n.id for b in node.body for n in ast.walk(b)
                          if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        elif isinstance(node, ast.comprehension):
            local |= _targets(node.target)
    return local


def _binds(stmt: ast.stmt) -> set[str]:
    """Names a top-level statement binds or changes in the notebook's namespace."""
    names: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= _targets(target)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            names |= _targets(node.target)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            names |= _targets(node.optional_vars)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.NamedExpr):
            names |= _targets(node.target)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names - _nested_locals(stmt)


@dataclass
class CellNames:
    """The names one code cell reads before setting them, and the names it sets."""

    index: int
    reads: set[str] = field(default_factory=set)
    sets: set[str] = field(default_factory=set)
    plotting: bool = False


def cell_names(index: int, source: str, outputs: list) -> CellNames:
    tree = ast.parse(python_source(source))
    names = CellNames(index)
    _walk_block(tree.body, names)
    names.plotting = is_plotting(tree, outputs)
    return names


def _loads(*nodes: ast.AST | None) -> set[str]:
    return {n.id for node in nodes if node is not None for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _walk_block(stmts: list[ast.stmt], names: CellNames) -> None:
    """Statements in the order they run: a name read counts only if nothing earlier in the cell set it.

    Loops, branches, ``with`` and ``try`` are entered in order (a name set in a branch counts as set
    after it); every other statement reads its names before it sets its own (``x = x + 1`` reads x).
    """
    def read(*nodes: ast.AST | None) -> None:
        names.reads |= _loads(*nodes) - names.sets

    for stmt in stmts:
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            read(stmt.iter)
            names.sets |= _targets(stmt.target)
            _walk_block(stmt.body + stmt.orelse, names)
        elif isinstance(stmt, (ast.While, ast.If)):
            read(stmt.test)
            _walk_block(stmt.body + stmt.orelse, names)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                read(item.context_expr)
                names.sets |= _targets(item.optional_vars) if item.optional_vars else set()
            _walk_block(stmt.body, names)
        elif isinstance(stmt, ast.Try):
            _walk_block(stmt.body, names)
            for handler in stmt.handlers:
                read(handler.type)
                names.sets |= {handler.name} if handler.name else set()
                _walk_block(handler.body, names)
            _walk_block(stmt.orelse + stmt.finalbody, names)
        else:
            implicit = _targets(stmt.target) if isinstance(stmt, ast.AugAssign) else set()  # x += 1 reads x
            names.reads |= ((_loads(stmt) | implicit) - _nested_locals(stmt)) - names.sets
            names.sets |= _binds(stmt)


def is_plotting(tree: ast.Module, outputs: list) -> bool:
    """A cell that draws: it shows an image, calls pyplot, calls a ``.plot`` method or adds a source line."""
    if any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {}) for o in outputs):
        return True
    pyplot = PYPLOT_NAMES | {a.asname for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                             for a in n.names if a.asname and "pyplot" in f"{getattr(n, 'module', '')}.{a.name}"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            root = node.func.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if (isinstance(root, ast.Name) and root.id in pyplot) or node.func.attr in ("plot", "source_line"):
                return True
    return False


def code_cells(nb) -> list[CellNames]:
    return [cell_names(i, c.source, c.get("outputs", [])) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.source.strip()]


def plotting_dependencies(nb) -> list[tuple[int, str, int]]:
    """(cell, name, plotting cell): a cell reads a name whose last setter before it is a plotting cell."""
    last_set: dict[str, CellNames] = {}
    found = []
    for cell in code_cells(nb):
        for name in sorted(cell.reads):
            setter = last_set.get(name)
            if setter is not None and setter.plotting:
                found.append((cell.index, name, setter.index))
        last_set.update(dict.fromkeys(cell.sets, cell))
    return found


# --- the rules on each notebook -------------------------------------------------------------------

@pytest.mark.parametrize("path", _params("plotting"))
def test_no_cell_depends_on_a_plotting_cell(path, tmp_path):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    found = plotting_dependencies(nb)
    assert not found, f"{path.name}: " + "; ".join(
        f"cell {c} reads {n!r}, last set by plotting cell {p}" for c, n, p in found)
    cells = code_cells(nb)
    plots = {c.index for c in cells if c.plotting}
    assert plots, f"{path.name} has no plotting cell"
    kept = [c for i, c in enumerate(nb.cells) if i not in plots]
    # the real check: one execution with every plotting cell removed (the cells keep their indices in the message)
    origin = [i for i in range(len(nb.cells)) if i not in plots]
    nb.cells = kept
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        failed = next((origin[i] for i, c in enumerate(nb.cells) if any(
            o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        pytest.fail(f"{path.name} without its plotting cells {sorted(plots)}: cell {failed} fails: "
                    f"{str(exc).strip().splitlines()[-1]}")


@pytest.mark.parametrize("path", _params("lines"))
def test_code_lines_are_short(path):
    nb = nbformat.read(path, as_version=4)
    long = [(i, n, len(line)) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for n, line in enumerate(c.source.splitlines(), 1) if len(line) > MAX_LINE]
    assert not long, f"{path.name}: {len(long)} code lines over {MAX_LINE} characters (cell, line, length): {long}"


def exercises_and_solutions(nb) -> list[tuple[int, int, list[int]]]:
    """For each "Try it yourself" cell: (its index, the exercises it lists, the solution cells after it).

    Solutions are the code cells tagged ``exercise-solution`` before the next heading of the same level.
    """
    found = []
    for i, cell in enumerate(nb.cells):
        heading = EXERCISES_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if not heading:
            continue
        level = len(heading.group(0)) - len(heading.group(0).lstrip("#"))
        stop = re.compile(rf"^#{{1,{level}}}\s", re.M)
        solutions = []
        for j in range(i + 1, len(nb.cells)):
            later = nb.cells[j]
            if later.cell_type == "markdown" and stop.search(later.source):
                break
            if later.cell_type == "code" and SOLUTION_TAG in later.metadata.get("tags", []):
                solutions.append(j)
        found.append((i, len(EXERCISE.findall(cell.source[heading.end():])), solutions))
    return found


@pytest.mark.parametrize("path", _params("solutions"))
def test_every_exercise_has_a_worked_solution(path):
    nb = nbformat.read(path, as_version=4)
    found = exercises_and_solutions(nb)
    assert found, f"{path.name} has no 'Try it yourself' section"
    for index, n_exercises, solutions in found:
        assert len(solutions) >= max(1, n_exercises), (
            f"{path.name}: 'Try it yourself' (cell {index}) lists {n_exercises} exercises; "
            f"{len(solutions)} code cells after it are tagged {SOLUTION_TAG!r}")
        for j in solutions:  # executed and clean: nbval re-runs them and compares
            assert nb.cells[j].execution_count, f"{path.name}: solution cell {j} was not executed"
            assert not any(o.get("output_type") == "error" for o in nb.cells[j].outputs)


# --- the checks themselves, on small made-up cells ------------------------------------------------

def _nb(*cells):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    return new_notebook(cells=[new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c)
                               for c in cells])


def test_a_name_made_in_a_plotting_cell_and_read_later_is_found():
    nb = _nb("import matplotlib.pyplot as plt\nimport pandas as pd\ndf = pd.DataFrame({'a': [1]})",
             "fig, ax = plt.subplots()\ntotal = df['a'].sum()\nax.bar([0], [total])\nplt.show()",
             "print(total)",
             "fig, ax = plt.subplots()\nax.plot([1])\nplt.show()",  # rebinds fig, ax itself: fine
             "df['b'] = 1\nprint(df, [x for x in range(3)])",
             "for ax in [1, 2]:\n    side = ax > 1\n    print(ax, side)\nside += 1")  # sets before reading
    assert code_cells(nb)[-1].reads == {"print"}
    assert plotting_dependencies(nb) == [(2, "total", 1)]
    assert [c.plotting for c in code_cells(nb)] == [False, True, False, True, False, False]


def test_a_plotting_cell_that_changes_a_table_is_found():
    nb = _nb("import pandas as pd\ndf = pd.DataFrame({'a': [1]})",
             "df['pct'] = df['a'] * 100\ndf.plot(y='pct')",
             "%config InlineBackend.figure_format = 'png'\nx = len(df)")  # magics parse too
    assert plotting_dependencies(nb) == [(2, "df", 1)]


def test_names_local_to_functions_and_comprehensions_are_not_reads():
    names = cell_names(0, "def f(a):\n    b = a + g\n    return b\nys = [y * k for y in range(2)]\nz = lambda q: q", [])
    assert names.reads == {"g", "k", "range"} and names.sets == {"f", "ys", "z"}


def test_exercises_are_matched_with_their_solutions():
    from nbformat.v4 import new_code_cell

    nb = _nb("md:## Try it yourself\n\n1. one\n   - a hint, not an exercise\n2. two", "x = 1", "md:### Solution to 1", "y = 2",
             "md:## Data and provenance", "z = 3")
    nb.cells[1].metadata["tags"] = [SOLUTION_TAG]
    nb.cells[5].metadata["tags"] = [SOLUTION_TAG]  # after the next section: not a solution to these
    assert exercises_and_solutions(nb) == [(0, 2, [1])]
    nb.cells.insert(4, new_code_cell("w = 4", metadata={"tags": [SOLUTION_TAG]}))
    assert exercises_and_solutions(nb) == [(0, 2, [1, 4])]
