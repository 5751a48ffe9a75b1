"""No test module reads the clock when it is imported (tests/dates.py says why): a run
collected before midnight and run after it would compare yesterday's "today" with the real
one. What runs at import is a module's top level, a class's body, and a function's
decorators (``parametrize`` lists) and default values; a function's body runs in the test."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCK_READS = {"localdate", "localtime", "now", "today", "utcnow"}
# Read at import on purpose, with the reason beside it in the module: (file, line's text).
ALLOWED = {
    # The plans' year: compared only with itself (a plan's dates, a review's year).
    ("training_plans/test_plan_actions.py", "YEAR = timezone.localdate().year"),
}


def _run_at_import(tree: ast.Module):
    """The nodes Python evaluates when the module is imported."""
    waiting = list(tree.body)
    while waiting:
        node = waiting.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            waiting.extend(node.decorator_list)
            waiting.extend(node.args.defaults)
            waiting.extend(default for default in node.args.kw_defaults if default)
            continue
        if isinstance(node, ast.Lambda):
            waiting.extend(node.args.defaults)
            continue
        yield node
        waiting.extend(ast.iter_child_nodes(node))


def _clock_read_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in _run_at_import(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute):
            called = node.func.attr
        else:
            called = getattr(node.func, "id", None)
        if called in CLOCK_READS or called == "days_from_today":
            lines.add(node.lineno)
    return lines


def clock_reads_at_import() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(TESTS.rglob("*.py")):
        source = path.read_text()
        lines = source.splitlines()
        for line in _clock_read_lines(ast.parse(source)):
            found.add((str(path.relative_to(TESTS)), lines[line - 1].strip()))
    return found


def test_no_test_module_reads_the_clock_when_imported():
    assert clock_reads_at_import() == ALLOWED


def test_the_check_sees_a_parametrize_list_and_a_default_but_not_a_body():
    source = ast.parse(
        "TODAY = timezone.localdate()\n"
        "@pytest.mark.parametrize('day', [days_from_today(1)])\n"
        "def test(day, on=date.today()):\n"
        "    assert day > timezone.localdate()\n"
        "class Case:\n"
        "    START = timezone.now()\n"
        "    def test(self):\n"
        "        return timezone.now()\n"
    )
    assert _clock_read_lines(source) == {1, 2, 3, 6}
