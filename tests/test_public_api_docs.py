"""Every public function, method and class of vbhc has a docstring, and every public
function and method has type hints on its parameters and return (issue 13; the package
ships py.typed, so the hints are part of the contract)."""

from __future__ import annotations

import ast
from pathlib import Path

VBHC = Path(__file__).resolve().parent.parent / "vbhc"


def _public(body: list[ast.stmt], prefix: str, in_class: bool):
    for node in body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            yield node, prefix + node.name, False
            yield from _public(node.body, prefix + node.name + ".", True)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                and not node.name.startswith("_"):
            yield node, prefix + node.name, in_class


def _missing_hints(node: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[str]:
    a = node.args
    args = [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, [a.vararg, a.kwarg])]
    if method and args and args[0].arg in ("self", "cls"):
        args = args[1:]
    missing = [x.arg for x in args if x.annotation is None and not x.arg.startswith("__")]
    return missing + (["return"] if node.returns is None else [])


def _findings() -> tuple[list[str], list[str]]:
    no_doc, no_hints = [], []
    for path in sorted(VBHC.rglob("*.py")):
        where = path.relative_to(VBHC.parent)
        for node, name, method in _public(ast.parse(path.read_text("utf-8")).body, "", False):
            if not ast.get_docstring(node):
                no_doc.append(f"{where}:{node.lineno} {name}")
            if not isinstance(node, ast.ClassDef) and (missing := _missing_hints(node, method)):
                no_hints.append(f"{where}:{node.lineno} {name} {missing}")
    return no_doc, no_hints


def test_every_public_name_has_a_docstring():
    assert _findings()[0] == []


def test_every_public_function_has_type_hints():
    assert _findings()[1] == []
