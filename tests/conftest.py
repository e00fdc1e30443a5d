"""Shared test configuration. The Hypothesis profile is loaded by the root conftest.py (tgpl-dev by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (where pyproject.toml is)."""
    return ROOT
