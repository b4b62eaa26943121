"""Helpers for the importer tests: paths to the hand-written fixtures in tests/data/import."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "import"


@pytest.fixture
def data() -> Path:
    return DATA
