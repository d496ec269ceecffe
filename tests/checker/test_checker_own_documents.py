"""Every kind of document `sakip check` knows, as `sakip build` makes it for the example
office, passes the check once LibreOffice has printed it: the bagian specs and the templates
agree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest_tools import require_tool
from signing import sign

from pipeline.cli.main import cli
from pipeline.example import create_workspace
from pipeline.office.pdf_convert import convert_to_pdf

MARCH = ["--periode", "2024-03"]
# One document of every checkable kind: (type, where it lands, its file name).
KINDS = [
    ("pk", "tahunan/pk", "Perjanjian Kinerja 2024 Sekretariat.docx"),
    ("rak", "tahunan/rak", "Rencana Aksi Kinerja 2024 Bidang Usaha Kecil dan Menengah.docx"),
    ("iki", "tahunan/iki", "IKI 2024 Fitriani Rauf, S.H.docx"),
    (
        "pengukuran",
        "03/pengukuran",
        "Form Pengukuran Kinerja Triwulan I 2024 Bidang Usaha Kecil dan Menengah.docx",
    ),
    ("lki", "03/lki", "Laporan Kinerja Individu Maret 2024 Fitriani Rauf, S.H.docx"),
    ("lkjip", "03/lkjip", "Draft LKjIP 2024 (s.d. Maret 2024).docx"),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:  # type: ignore[type-arg]
    require_tool("soffice")
    base = tmp_path_factory.mktemp("periksa-sendiri")
    root = base / "ws"
    create_workspace(root)
    runner = CliRunner()
    runner.invoke(cli, ["build", "-w", str(root), *MARCH])
    returned = base / "kembali"
    returned.mkdir()
    docx = []
    for kind, folder, name in KINDS:
        source = root / "outputs/2024" / folder / name
        assert source.is_file(), f"build tidak menghasilkan {source}"
        docx.append(Path(shutil.copy(source, returned / f"{kind}.docx")))
    for converted in convert_to_pdf(docx):
        assert converted.pdf is not None, converted.problem
    for path in docx:
        path.unlink()
        # Returned signed, as the office returns it (an unsigned document is incomplete).
        printed = path.with_suffix(".pdf")
        unsigned = printed.rename(path.with_suffix(".tanpa-ttd"))
        assert sign(unsigned, printed) > 0
        unsigned.unlink()
    result = runner.invoke(cli, ["check", str(returned), "-w", str(root), *MARCH, "--json"])
    return {Path(r["file"]).stem: r for r in json.loads(result.stdout)}


@pytest.mark.parametrize("kind", [k for k, _, _ in KINDS])
def test_a_built_document_passes_its_own_check(checked: dict[str, dict], kind: str) -> None:  # type: ignore[type-arg]
    result = checked[kind]
    if kind == "lkjip":
        # The draft still holds the Tim Penyusun's placeholders: incomplete for them alone.
        assert (result["document_type"], result["status"]) == (kind, "incomplete"), result
        assert result["missing"] == [], result
        assert all("[Diisi Tim Penyusun" in p for p in result["problems"]), result
        return
    assert (result["document_type"], result["status"]) == (kind, "complete"), result
    assert result["missing"] == [] and result["problems"] == [], result
