"""`sakip --help` and `sakip sop list` must not import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "docx", "docxtpl", "pdfplumber", "pypdfium2", "openpyxl", "python_calamine")

PROBE = """
import sys
sys.argv = ["sakip", *{args!r}]
from pipeline.cli.main import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("HEAVY:", ",".join(heavy))
"""


@pytest.mark.parametrize("args", [["--help"], ["sop", "list"], ["sop", "list", "--json"]])
def test_light_commands_import_no_heavy_library(args: list[str], repo_root: Path) -> None:
    code = PROBE.format(args=args, heavy=HEAVY)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "HEAVY:"
