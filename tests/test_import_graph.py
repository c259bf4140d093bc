"""The import graph of vbhc: no cycles, no upward imports, no wing importing another wing.

Every module under vbhc/ is parsed with ``ast`` (not imported), so the graph holds every
import wherever it is written: top level, inside functions (lazy imports), under
``if TYPE_CHECKING:``. A string ``"vbhc.x.y:name"`` (the CLI's lazy command table, the
classes table that ``import_module`` reads) is an import of ``vbhc.x.y`` too, and so is
``import_module("vbhc.x.y")`` or ``__import__("vbhc.x.y")`` with a literal name. Importing a
submodule is an edge to that submodule only, not to the packages above it.

Layers, lowest first (issue 13):

  base    vbhc.errors, vbhc.files, vbhc.docx.limits, vbhc.data (resources only), vbhc.lazyre,
          vbhc.gcpause
  lang    vbhc.lang.*                  -> base
  docx    vbhc.docx.*                  -> lang, base
  model   vbhc.model.*                 -> lang, base
  source  vbhc.yaml_in, vbhc.yaml_out, vbhc.profiles, vbhc.loader, vbhc.cross_checks
                                       -> model, lang, docx, base
  wings   vbhc.renderer, vbhc.checker, vbhc.importer, vbhc.derivation
                                       -> source and below; never another wing
  apps    vbhc (the package), vbhc.__main__, vbhc.cli, vbhc.commands.*, vbhc.batch,
          vbhc.pdf, vbhc.register.* (the outgoing register: it renders),
          vbhc.signing.*, vbhc.copies.* (copies: reads .docx, checks the result)
                                       -> anything

Inside a layer (and inside a package) any edge is allowed as long as it makes no cycle.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

import vbhc

PACKAGE = Path(vbhc.__file__).parent

BASE = {"vbhc.errors", "vbhc.files", "vbhc.docx.limits", "vbhc.data", "vbhc.lazyre",
        "vbhc.gcpause"}
SOURCE = {"vbhc.yaml_in", "vbhc.yaml_out", "vbhc.profiles", "vbhc.loader", "vbhc.cross_checks",
          "vbhc.images"}
WINGS = ("renderer", "checker", "importer", "derivation")
APPS = {"vbhc", "vbhc.__main__", "vbhc.cli", "vbhc.batch", "vbhc.pdf"}
BELOW = {
    "base": {"base"},
    "lang": {"lang", "base"},
    "docx": {"docx", "lang", "base"},
    "model": {"model", "lang", "base"},
    "source": {"source", "model", "lang", "docx", "base"},
    **{wing: {wing, "source", "model", "lang", "docx", "base"} for wing in WINGS},
}
"""Layer -> the layers its modules may import (apps may import anything)."""

KNOWN_UNTIL_MERGE: set[tuple[str, str]] = set()

_ENTRY = re.compile(r"(vbhc(?:\.\w+)+):\w+")


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Return module name -> file for every .py file under ``package`` (packages by name)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _owner(name: str, known: Iterable[str]) -> str | None:
    """Return the module ``name`` lives in: itself, or the nearest package above it."""
    known = set(known)
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _dynamic_import(call: ast.Call) -> bool:
    """Return whether ``call`` is ``import_module("vbhc...")`` or ``__import__("vbhc...")``
    (also as ``importlib.import_module``) with a literal module name."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else "")
    first = call.args[0] if call.args else None
    return (name in ("import_module", "__import__") and isinstance(first, ast.Constant)
            and isinstance(first.value, str) and first.value.split(".")[0] == "vbhc")


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Return the vbhc modules ``module`` (the file ``path``) imports, anywhere in it."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {_owner(alias.name, known) for alias in node.names
                      if alias.name.split(".")[0] == "vbhc"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            if base.split(".")[0] != "vbhc":
                continue
            for alias in node.names:  # "from vbhc.x import y": module vbhc.x.y, or a name
                full = f"{base}.{alias.name}"
                found.add(full if full in known else _owner(base, known))
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            found.add(_owner(node.args[0].value, known))  # type: ignore[attr-defined]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            entry = _ENTRY.fullmatch(node.value)
            if entry:
                found.add(_owner(entry.group(1), known))
    found.discard(None)
    found.discard(module)
    return {name for name in found if name is not None}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Return module -> the vbhc modules it imports, for every module under ``package``."""
    files = modules(package)
    known = set(files)
    return {name: imports_of(name, path, known) for name, path in files.items()}


def layer(module: str) -> str:
    """Return the layer of ``module`` (see the module doc); "?" if it has none."""
    if module in BASE:
        return "base"
    if module in SOURCE:
        return "source"
    if module in APPS or module.startswith(("vbhc.commands", "vbhc.register", "vbhc.signing",
                                            "vbhc.copies")):
        return "apps"
    top = module.split(".")[1] if module.count(".") else ""
    if top in ("lang", "docx", "model", *WINGS):
        return top
    return "?"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan,
    iterative), each sorted, sorted by their first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    nodes = set(edges) | {t for ts in edges.values() for t in ts}
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def bad_edges(edges: dict[str, set[str]]) -> list[str]:
    """Return ``a -> b (layer -> layer)`` for every edge that goes up or between wings."""
    out = []
    for source in sorted(edges):
        here = layer(source)
        for target in sorted(edges[source]):
            if here != "apps" and layer(target) not in BELOW.get(here, set()):
                out.append(f"{source} -> {target} ({here} -> {layer(target)})")
    return out


def without_known(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Return ``edges`` less the ``KNOWN_UNTIL_MERGE`` ones."""
    return {a: {b for b in bs if (a, b) not in KNOWN_UNTIL_MERGE} for a, bs in edges.items()}


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    return graph()


def test_every_module_has_a_layer(edges):
    assert [m for m in edges if layer(m) == "?"] == []


def test_no_import_cycles(edges):
    """No two modules import each other, directly or through others, lazily or not."""
    assert cycles(without_known(edges)) == []


def test_no_upward_or_sideways_imports(edges):
    """Each layer imports only the layers below it; the four wings never import each other."""
    assert bad_edges(without_known(edges)) == []


def test_known_edges_still_exist(edges):
    """An allowlisted edge that is gone must leave the allowlist (it only shrinks)."""
    assert sorted(e for e in KNOWN_UNTIL_MERGE if e[1] not in edges.get(e[0], set())) == []


def test_the_graph_sees_lazy_imports_and_command_table(edges):
    """Function-level imports, relative imports and "module:attr" tables are all edges."""
    assert "vbhc.loader" in edges["vbhc.batch"]  # imported inside render_one
    assert "vbhc.commands.render" in edges["vbhc.cli"]  # LAZY_COMMANDS string
    assert "vbhc.model.ke_hoach" in edges["vbhc.model.classes"]  # MODELS table string
    assert "vbhc.errors" in edges["vbhc.files"]


def test_the_checks_catch_a_cycle_and_an_upward_edge(tmp_path):
    """The detector itself, on a made-up package: a lazy cycle and a wing-to-wing edge."""
    pkg = tmp_path / "vbhc"
    (pkg / "renderer").mkdir(parents=True)
    (pkg / "checker").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "renderer" / "__init__.py").write_text("")
    (pkg / "checker" / "__init__.py").write_text("")
    (pkg / "errors.py").write_text("def f():\n    from vbhc import files\n")
    (pkg / "files.py").write_text("from vbhc.errors import f\n")
    (pkg / "renderer" / "a.py").write_text("from . import b\nfrom vbhc.checker.c import x\n")
    (pkg / "renderer" / "b.py").write_text("def g():\n    from .a import y\n")
    (pkg / "checker" / "c.py").write_text("x = 1\n")
    found = graph(pkg)
    assert cycles(found) == [["vbhc.errors", "vbhc.files"],
                             ["vbhc.renderer.a", "vbhc.renderer.b"]]
    assert bad_edges(found) == ["vbhc.renderer.a -> vbhc.checker.c (renderer -> checker)"]


def test_cycles_finds_long_cycles_without_recursion():
    chain = {f"m{i}": {f"m{i + 1}"} for i in range(5000)}
    chain["m5000"] = {"m0"}
    assert len(cycles(chain)[0]) == 5001


def test_dynamic_imports_are_edges(tmp_path):
    """``importlib.import_module("vbhc.checker.x")`` and ``__import__`` inside a wing are
    wing-to-wing edges like a plain import (review of issue 13 found them unseen)."""
    pkg = tmp_path / "vbhc"
    for sub in ("renderer", "checker"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "checker" / "document.py").write_text("")
    (pkg / "renderer" / "a.py").write_text(
        "import importlib\n\n\ndef f():\n"
        "    return importlib.import_module('vbhc.checker.document')\n")
    (pkg / "renderer" / "b.py").write_text("def g():\n    return __import__('vbhc.checker')\n")
    edges = graph(pkg)
    assert "vbhc.checker.document" in edges["vbhc.renderer.a"]
    assert "vbhc.checker" in edges["vbhc.renderer.b"]
    assert any(line.startswith("vbhc.renderer.a -> vbhc.checker.document")
               for line in bad_edges(edges))
