"""The import graph of kybrief's packages: no circles, and dependencies one way.

Read with ``ast`` from the files (no third-party tool): every ``import`` and ``from … import``
anywhere in a module counts, those inside functions too, since they run; only imports under
``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("translate", "summarize", "ui")
#: Who may import whom: ui -> summarize -> translate.
ALLOWED = {"translate": {"translate"}, "summarize": {"summarize", "translate"}}


def _modules(root: Path) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every name ``tree`` imports: ``import a.b`` gives ``a.b``, ``from a import b`` gives
    ``a.b`` (the submodule ``b``, or else the name ``b`` that ``a`` defines)."""
    names: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            names.update(f"{base}.{alias.name}" for alias in node.names)
        todo.extend(ast.iter_child_nodes(node))
    return names


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    modules = _modules(root)
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found = set()
        for name in _imported(tree, module, path.name == "__init__.py"):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
        graph[module] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    assert cycles(import_graph()) == []


def test_dependencies_point_one_way():
    wrong = [
        f"{module} imports {other}"
        for module, imported in import_graph().items()
        for other in imported
        if module.split(".")[0] in ALLOWED
        and other.split(".")[0] not in ALLOWED[module.split(".")[0]]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"translate/a.py": "from translate import b", "translate/b.py": "import translate.a"},
         [["translate.a", "translate.b"]]),
        ({"translate/a.py": "def f():\n    from translate.b import x",
          "translate/b.py": "from translate.a import y"}, [["translate.a", "translate.b"]]),
        ({"translate/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                            "    from translate.b import x",
          "translate/b.py": "from translate.a import y"}, []),
        ({"translate/p/__init__.py": "from .q import z",
          "translate/p/q.py": "from translate.p import w"}, [["translate.p", "translate.p.q"]]),
        ({"translate/p/__init__.py": "from .q import z",
          "translate/p/q.py": "from translate.p import r", "translate/p/r.py": ""}, []),
    ],
)  # fmt: skip
def test_the_checker_finds_circles(tmp_path, files, expected):
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, code in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code)
    assert cycles(import_graph(tmp_path)) == expected


def test_layers_stay_small():
    """At most ~18 modules at the top of translate/, ~14 at the top of summarize/, and no
    module over ~400 lines."""
    assert len(list((ROOT / "translate").glob("*.py"))) <= 18
    assert len(list((ROOT / "summarize").glob("*.py"))) <= 14
    long = {
        str(path.relative_to(ROOT)): n
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert long == {}
