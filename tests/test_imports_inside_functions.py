"""An import of the project's own code inside a function says why, in a comment just above it
(decision 0017). Such imports once dodged import cycles, hiding apps that imported the
floors above them; the layers contract (`lint-imports`) sees them like any other import,
and the comment tells the next reader it is not one of those."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def _of_the_project(node) -> bool:
    if not isinstance(node, ast.Import | ast.ImportFrom) or getattr(node, "level", 0):
        return False
    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    return module.split(".")[0] in APPS


def _import_runs(function):
    """Runs of consecutive import statements in the function's blocks: one comment above
    a run gives the reason for all of it."""
    for node in ast.walk(function):
        for body in (getattr(node, name, None) for name in ("body", "orelse", "finalbody")):
            run = []
            for statement in body if isinstance(body, list) else ():
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    run.append(statement)
                    continue
                if run:
                    yield run
                run = []
            if run:
                yield run


def imports_inside_functions_without_a_reason() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text()
            lines = source.splitlines()
            for function in ast.walk(ast.parse(source)):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for run in _import_runs(function):
                    if not any(_of_the_project(node) for node in run):
                        continue
                    first = run[0].lineno
                    if not lines[first - 2].strip().startswith("#") and "#" not in lines[first - 1]:
                        found.append(f"{path.relative_to(ROOT)}:{first}")
    return sorted(set(found))


def test_every_import_of_the_project_inside_a_function_says_why():
    assert imports_inside_functions_without_a_reason() == []
