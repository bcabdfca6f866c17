"""The layout issue 13 asked for, kept: small modules and functions, and no module importing the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "interviewer"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_is_at_most_300_lines():
    long = {p.relative_to(PACKAGE.parent).as_posix(): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_every_function_is_at_most_50_lines():
    long = {}
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                long[f"{p.relative_to(PACKAGE.parent).as_posix()}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    assert not long, long


def test_no_module_outside_the_cli_imports_it():
    offenders = []
    for p in _modules():
        rel = p.relative_to(PACKAGE)
        if rel.parts[0] == "cli" or rel.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(p.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{rel}: {n}" for n in names if n == "interviewer.cli" or n.startswith("interviewer.cli.")]
    assert not offenders, offenders
