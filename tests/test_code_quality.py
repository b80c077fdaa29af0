"""The house style, checked by the suite itself: ruff (lint, format) and mypy --strict on src."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint_is_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def _names_bound_twice(source: str) -> list[str]:
    """Module-level names a module assigns more than once (``X = …`` twice): the second
    silently replaces the first, and neither ruff nor mypy says so for a plain assignment."""
    seen: dict[str, int] = {}
    twice: list[str] = []
    for node in ast.parse(source).body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                if target.id in seen:
                    twice.append(f"{target.id} (lines {seen[target.id]} and {node.lineno})")
                seen.setdefault(target.id, node.lineno)
    return twice


def test_no_module_level_name_is_bound_twice() -> None:
    """A pattern defined twice under one name (it happened: the second ``_PRETRAINED_ON_RE``
    replaced the first, and a scale check read the wrong pattern)."""
    assert _names_bound_twice("A = 1\nB = 2\nA = 3\n") == ["A (lines 1 and 3)"]
    found = {
        str(path.relative_to(ROOT)): twice
        for path in sorted((ROOT / "src").rglob("*.py"))
        if (twice := _names_bound_twice(path.read_text(encoding="utf-8")))
    }
    assert found == {}
