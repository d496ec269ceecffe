"""Mistakes people make with workbooks and the office config, each said once and plainly."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest_tools import require_tool
from sakip_run import ROOT, assert_clear, inputs_digest, run, workspace
from workbooks import write_unit_workbook

from pipeline.documents.chart import logo
from pipeline.errors import WorkspaceError


def _findings(ws: Path) -> list[dict[str, str]]:
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    findings: list[dict[str, str]] = outcome.json()["findings"]
    return findings


def test_a_real_xls_renamed_xlsx_is_called_xls_not_password_protected(tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    ws = workspace(tmp_path / "ws") if (tmp_path / "ws").mkdir() is None else tmp_path
    source = write_unit_workbook(tmp_path / "bkp.xlsx")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profil'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    (tmp_path / "bkp.xls").rename(ws / "inputs/2024/03/bkp.xlsx")
    rules = [(f["rule"], f["file"]) for f in _findings(ws) if f["file"]]
    assert rules == [("BERKAS-XLS", "bkp.xlsx")]


@pytest.mark.parametrize("sheet", ["PK", "Realisasi"])
def test_a_header_moved_down_is_said_once(tmp_path: Path, sheet: str) -> None:
    ws = workspace(tmp_path)
    path = write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    book = openpyxl.load_workbook(path)
    book[sheet].insert_rows(1, 11)
    book.save(path)
    found = [(f["rule"], f["sheet"]) for f in _findings(ws) if f["unit"] in ("BKP", "")]
    assert found == [("JUDUL-TIDAK-DITEMUKAN", sheet)], found


def test_a_workbook_claiming_another_units_code_names_both(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx", unit="BKP")
    write_unit_workbook(ws / "inputs/2024/03/sekretariat.xlsx", unit="BKP")
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    report = outcome.json()
    (dup,) = [f for f in report["findings"] if f["rule"] == "BERKAS-GANDA"]
    assert "bkp.xlsx" in dup["message"] and "sekretariat.xlsx" in dup["message"]
    assert "Tidak ada yang dipilih diam-diam" in dup["message"]
    status = {u["code"]: u["status"] for u in report["units"]}
    assert status["BKP"] == "belum_lengkap"


def test_two_workbooks_claiming_one_unit_hold_it_back_even_with_force(tmp_path: Path) -> None:
    import json

    from docx import Document

    from pipeline.example import create_workspace
    from pipeline.rekap.recap import build_rekap
    from pipeline.validate.period import validate_period
    from pipeline.workspace.paths import Workspace
    from pipeline.workspace.periode import Periode

    ws = tmp_path / "ws"
    create_workspace(ws)
    folder = ws / "inputs/2024/03"
    bkp = folder / "2024-03 Bidang Kelembagaan dan Pengawasan Koperasi.xlsx"
    # A copy that also says it is the BKP's, with different figures: neither may be taken.
    write_unit_workbook(folder / "zz-salinan.xlsx", unit="BKP")
    names = f"{bkp.name}, zz-salinan.xlsx"
    validation = validate_period(Workspace.open(ws), Periode(2024, 3))
    assert "BKP" not in validation.units
    assert validation.duplicates == {"BKP": (bkp.name, "zz-salinan.xlsx")}
    (status,) = [u for u in validation.report.units if u.code == "BKP"]
    assert (status.status, status.files) == ("belum_lengkap", (bkp.name, "zz-salinan.xlsx"))
    for force in (False, True):
        rekap = build_rekap(Workspace.open(ws), validation, force=force)
        assert not [r for r in rekap.rows if r.unit == "BKP"]
        why = rekap.held_back["BKP"]
        assert names in why and "tidak ada yang dipilih" in why
    before = inputs_digest(ws)
    outcome = run(ws, "build", "--periode", "2024-03", "--sop", "rak", "--force", "--json")
    assert_clear(outcome, before, ws)
    manifest = outcome.json()
    assert manifest["outputs"] and not [o for o in manifest["outputs"] if o["unit"] == "BKP"]
    (held,) = [h for h in manifest["held_back"] if h["unit"] == "BKP"]
    assert names in held["reason"]
    # Named, with the reason, in the recap and in the compilation of the units' RAKs.
    recap = next((ws / "outputs/2024/03").glob("Rekapitulasi*.xlsx"))
    cells = [
        str(c.value)
        for sheet in openpyxl.load_workbook(recap).worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert any("BKP" in c and names in c for c in cells), [c for c in cells if "BKP" in c]
    compilation = next(p for p in manifest["outputs"] if p["kind"] == "rak-dokumen")
    doc = Document(str(ws / compilation["path"]))
    text = "\n".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )
    assert "lebih dari satu buku kerja menyatakan milik unit ini" in text
    json.dumps(manifest)


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(path)
    return path


def test_a_logo_must_be_an_image_inside_the_workspace(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    assert logo(root, "logo.png") is None  # not there (yet): no logo
    _png(root / "logo.png")
    found = logo(root, "logo.png")
    assert found is not None and found.data.startswith(b"\x89PNG")
    (root / "teks.png").write_text("bukan gambar")
    (root / "map").mkdir()
    _png(tmp_path / "luar.png")
    (root / "tautan.png").symlink_to(tmp_path / "luar.png")
    cases = {
        "../../../../etc/passwd": "di luar folder workspace",
        "/etc/passwd": "di luar folder workspace",
        "tautan.png": "di luar folder workspace",
        "teks.png": "bukan gambar PNG",
        "map": "bukan berkas gambar",
    }
    for name, fragment in cases.items():
        with pytest.raises(WorkspaceError, match=fragment):
            logo(root, name)


def test_a_build_with_a_logo_outside_the_workspace_stops_with_one_line(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    config = ws / "sakip.yaml"
    text = config.read_text(encoding="utf-8")
    assert '\n  logo: ""' in text
    config.write_text(
        text.replace('\n  logo: ""', "\n  logo: ../../../../etc/passwd", 1), encoding="utf-8"
    )
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    before = inputs_digest(ws)
    outcome = run(ws, "build", "--periode", "2024-03")
    assert_clear(outcome, before, ws)
    assert outcome.code == 1
    assert "instansi.logo '../../../../etc/passwd' di sakip.yaml berada di luar" in outcome.err
    assert "root:" not in outcome.text


@pytest.mark.parametrize("content", [b"bukan docx", b"PK\x03\x04 terpotong", b""])
def test_a_template_that_is_not_a_docx_fails_its_documents_only(
    tmp_path: Path, content: bytes
) -> None:
    ws = workspace(tmp_path)
    (ws / "templates").mkdir()
    (ws / "templates/daftar-hadir.docx").write_bytes(content)
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    before = inputs_digest(ws)
    outcome = run(ws, "build", "--periode", "2024-03")
    assert_clear(outcome, before, ws)
    failed = [line for line in outcome.text.splitlines() if "Gagal:" in line]
    assert failed and all("daftar-hadir.docx' bukan dokumen Word" in line for line in failed)
    assert list((ws / "outputs/2024").rglob("*.docx"))  # the other documents were built


def _override(ws: Path, name: str, jinja: str) -> None:
    """A workspace copy of a bundled template with ``jinja`` put into its first text run."""
    import re
    import zipfile

    source = ROOT / "templates" / name
    target = ws / "templates" / name
    target.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info)
            if info.filename == "word/document.xml":
                blob = re.sub(
                    rb"(<w:t(?: [^>]*)?>)", lambda m: m[1] + jinja.encode(), blob, count=1
                )
            zout.writestr(info, blob)


def test_a_template_that_recurses_fails_its_documents_only(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    _override(ws, "daftar-hadir.docx", "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}")
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    before = inputs_digest(ws)
    outcome = run(ws, "build", "--periode", "2024-03")
    assert_clear(outcome, before, ws)
    failed = [line for line in outcome.text.splitlines() if "Gagal:" in line]
    assert failed and all("memanggil dirinya sendiri tanpa akhir" in line for line in failed)
    assert list((ws / "outputs/2024").rglob("*.docx"))
    # The build's record in the archive names them too, beside what was made.
    shown = run(ws, "archive", "show", "1", "--json")
    assert_clear(shown, before, ws)
    recorded = shown.json()["failed"]
    assert len(recorded) == len(failed) and shown.json()["outputs"]
    for item in recorded:
        assert f"Gagal: {item['title']}: {item['reason']}" in outcome.text
        assert item["kind"].endswith("daftar-hadir") and item["path"].startswith("outputs/2024/")
        assert not (ws / item["path"]).exists()
    text = run(ws, "archive", "show", "1").out
    assert f"Gagal disusun ({len(failed)} dokumen; dokumen lain tetap disusun):" in text


def test_render_limits_stop_a_loop_and_an_allocation() -> None:
    import time

    from pipeline.documents.limits import RenderTimeout, render_limits

    started = time.monotonic()
    with pytest.raises(RenderTimeout), render_limits(seconds=0.5):
        while True:
            pass
    assert time.monotonic() - started < 5
    with pytest.raises(MemoryError), render_limits(memory=300 * 1024 * 1024):
        blocks = [bytearray(50 * 1024 * 1024) for _ in range(100)]
        del blocks
    big = bytearray(400 * 1024 * 1024)  # the limit is lifted afterwards
    del big
