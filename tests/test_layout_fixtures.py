"""The layout fixture sets are self-consistent: every file listed, valid, and stating each expected value.

This checks the fixtures themselves (see tests/fixtures/layouts/README.md), not the parsers.
"""

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("check_fixtures", HERE / "fixtures/layouts/check_fixtures.py")
assert _spec and _spec.loader
check_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_fixtures)


@pytest.mark.parametrize("folder", check_fixtures.SETS, ids=lambda p: p.name)
def test_layout_fixture_set_is_consistent(folder: Path) -> None:
    assert check_fixtures.check_set(folder) == []
