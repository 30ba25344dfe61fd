"""The shape of the package: data flows one way, so its import graph has no cycle, and the
models are leaves that import nothing of the pipeline.

The graph is read from the source (every import statement, inside functions too, except
under ``if TYPE_CHECKING:``), so an import hidden in a function to dodge a cycle at load
time still counts.  Importing ``a.b.c`` from outside the package ``a.b`` runs
``a/b/__init__.py`` as well, so it is an edge to ``a.b`` too (the top package, which only
re-exports ``parse``, is left out: every module is inside it).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "budgetparse"

# The typed results (and the text type they carry): they import only each other.
MODELS = {
    "budgetparse.model",
    "budgetparse.narrative.model",
    "budgetparse.tables.rows",
    "budgetparse.prose",
    "budgetparse.mapped",
    "budgetparse.pages",
    "budgetparse.interning",
}
# The JSON form of the models, which the model's to_dict() calls: it reads models only.
SERIALIZE = "budgetparse.serialize"


@cache
def modules() -> dict[str, tuple[Path, bool]]:
    """Module name → (file, is a package)."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    known = modules()
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1] if node.level else []
        prefix = ".".join([*base, *([node.module] if node.module else [])])
        names = [
            f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in known else prefix for a in node.names
        ]
    out = []
    for name in names:
        if name.split(".")[0] != "budgetparse":
            continue
        while name not in known:
            name = name.rsplit(".", 1)[0]
        out.append(name)
    return out


def _imports(module: str) -> set[str]:
    """The modules ``module`` imports itself (no implicit package edges)."""
    path, is_package = modules()[module]
    found: set[str] = set()

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.update(_targets(module, is_package, child))
            walk(child)

    walk(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(module)
    return found


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module → the modules loading it loads, package ``__init__``s included."""
    out = {}
    for module in modules():
        edges = set()
        for target in _imports(module):
            edges.add(target)
            parts = target.split(".")
            for i in range(2, len(parts)):
                package = ".".join(parts[:i])
                if module != package and not module.startswith(package + "."):
                    edges.add(package)
        edges.discard("budgetparse")
        edges.discard(module)
        out[module] = frozenset(edges)
    return out


def cycles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read() -> None:
    g = graph()
    assert "budgetparse.layout" in g["budgetparse.pipeline"]
    assert "budgetparse.reconcile" in g["budgetparse.pipeline"]  # the package's __init__
    assert "budgetparse.narrative.reader" in g["budgetparse.narrative"]


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    edges = {
        **graph(),
        "budgetparse.model": graph()["budgetparse.model"] | {"budgetparse.pipeline"},
    }
    assert any("budgetparse.model" in c and "budgetparse.pipeline" in c for c in cycles(edges))


def test_models_are_leaves() -> None:
    for model in sorted(MODELS):
        assert _imports(model) <= MODELS | {SERIALIZE}, model
    assert _imports(SERIALIZE) <= MODELS
