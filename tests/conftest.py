"""Shared fixtures: a CLI runner, the repository's own workspace, and scratch workspaces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def spec_workspace(tmp_path: Path) -> Path:
    """A workspace holding its own copy of the seven SOP specs, free to break."""
    shutil.copytree(ROOT / "sop_specs", tmp_path / "sop_specs")
    return tmp_path
