"""A PDF LibreOffice could not write ("PDF gagal") is recorded with the build, beside the
documents that could not be made: its docx stands, its PDF does not; `sakip archive show`,
`list` and `diff` name it, and the next build that converts it says it no longer fails."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest_tools import require_tool

from pipeline.cli.main import cli
from pipeline.example import create_workspace

FOLDER = "outputs/2024/tahunan/rak"
VICTIM = "Rencana Aksi Kinerja 2024 Sekretariat"


def _fake_soffice(folder: Path, real: str) -> None:
    """A soffice that leaves one document out of its batch and converts the others with
    the real LibreOffice: it exits 0 without writing that PDF, as soffice sometimes does."""
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"args = [a for a in sys.argv[1:] if not a.endswith({VICTIM + '.docx'!r})]\n"
        f"os.execv({real!r}, [{real!r}, *args])\n",
        encoding="utf-8",
    )
    script.chmod(0o755)


def _sakip(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output  # the example's UPT is held back
    return result.stdout


def test_a_pdf_that_was_not_written_is_recorded_and_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = require_tool("soffice")
    root = tmp_path / "ws"
    create_workspace(root)
    _fake_soffice(tmp_path / "bin", real)
    path = os.environ.get("PATH", "")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{path}")
    ws = ["-w", str(root)]
    first = json.loads(_sakip("build", *ws, "-p", "2024-03", "--sop", "rak", "--pdf", "--json"))

    assert (root / FOLDER / f"{VICTIM}.docx").is_file()
    assert not (root / FOLDER / f"{VICTIM}.pdf").exists()
    [failure] = first["failed"]
    assert failure == {
        "title": VICTIM,
        "reason": "LibreOffice tidak menulis PDF-nya.",
        "path": str(root / FOLDER / f"{VICTIM}.pdf"),
        "kind": "rak-unit",
        "unit": "SEK",
        "sop": "rak",
        "step": 11,
        "pdf": True,
    }
    # The other documents got their PDFs, recorded as outputs.
    pdfs = [o["path"] for o in first["outputs"] if o["path"].endswith(".pdf")]
    assert len(pdfs) == len([o for o in first["outputs"] if o["path"].endswith(".docx")]) - 1

    build = str(first["build_id"])
    shown = _sakip("archive", "show", build, *ws)
    assert "PDF gagal dibuat (1 dokumen; docx-nya tersusun, PDF-nya tidak):" in shown
    assert "Gagal disusun" not in shown  # every document itself was made
    row = next(line for line in shown.splitlines() if line.startswith(VICTIM))
    assert "SEK" in row and "rak" in row and "LibreOffice tidak menulis PDF-nya." in row
    stored = json.loads(_sakip("archive", "show", build, *ws, "--json"))["failed"]
    assert [(f["path"], f["pdf"]) for f in stored] == [(f"{FOLDER}/{VICTIM}.pdf", True)]

    [listed] = json.loads(_sakip("archive", "list", *ws, "--json"))
    assert (listed["failed"], listed["pdf_failed"]) == (0, 1)
    table = _sakip("archive", "list", *ws).splitlines()
    assert table[0].split()[-4:] == ["Gagal", "disusun", "PDF", "gagal"]
    assert table[-1].split()[-2:] == ["-", "1"]

    # With LibreOffice whole again, the next --pdf build converts it (and only it).
    monkeypatch.setenv("PATH", path)
    second = json.loads(_sakip("build", *ws, "-p", "2024-03", "--sop", "rak", "--pdf", "--json"))
    assert second["failed"] == []
    assert (root / FOLDER / f"{VICTIM}.pdf").is_file()
    converted = [o["path"] for o in second["outputs"] if o["path"].endswith(".pdf")]
    fresh = [o["path"] for o in second["outputs"] if o["path"] in converted and not o["reused"]]
    assert fresh == [str(root / FOLDER / f"{VICTIM}.pdf")]
    compared = _sakip("archive", "diff", build, str(second["build_id"]), *ws)
    assert (
        f"PDF gagal dibuat pada build {build}, tidak lagi pada build {second['build_id']} (1):"
        in compared
    )
    assert f"  ! {VICTIM}: LibreOffice tidak menulis PDF-nya." in compared
