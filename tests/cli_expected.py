"""Whole command outputs the CLI tests compare with, kept under tests/expected/ where they are
too long to write in the test. After a deliberate change to an output, regenerate them with
``SAKIP_UPDATE_EXPECTED=1 .venv/bin/pytest tests/cli`` and review the diff like code."""

from __future__ import annotations

import os
from pathlib import Path

EXPECTED = Path(__file__).resolve().parent / "expected"


def expected_output(name: str, actual: str) -> str:
    """The stored output ``name`` (rewritten from ``actual`` only when asked to)."""
    path = EXPECTED / name
    if os.environ.get("SAKIP_UPDATE_EXPECTED") == "1":
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")
