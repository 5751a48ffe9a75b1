"""The test modules' rewritten asserts are cached once per run (tests/conftest.py,
decision 0024), so a worker reads them instead of parsing and rewriting every module."""

from pathlib import Path

import pytest
from _pytest.assertion import rewrite

from tests.conftest import _assertion_rewrites_cached, rewritten_asserts_file


def cached(module: Path):
    return rewrite._read_pyc(module, rewritten_asserts_file(rewrite, module))


def test_every_test_module_and_conftest_has_its_rewritten_asserts_cached(pytestconfig):
    if pytestconfig.getoption("assertmode") != "rewrite":
        pytest.skip("asserts are not rewritten in this run (--assert=plain)")

    _assertion_rewrites_cached(pytestconfig)

    folder = Path(__file__).parent
    modules = sorted([*folder.rglob("test_*.py"), *folder.rglob("conftest.py")])
    assert len(modules) > 100
    assert [str(module) for module in modules if cached(module) is None] == []
    # What is cached is pytest's rewriting (this module was loaded from it or made the same
    # way): the rewritten module imports pytest's helpers under names no source can write.
    assert "@pytest_ar" in globals()
    assert "@pytest_ar" in cached(Path(__file__)).co_names
