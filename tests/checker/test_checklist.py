"""SOP LKjIP step 10 as a document: build -> draft LKjIP -> the Tim Penyusun's text written in
-> PDF (LibreOffice) -> `sakip check --checklist` writes the Checklist Kelengkapan Rancangan
LKjIP: every part "Ada" and "diajukan" for a complete draft; the placeholders left or a
chapter taken out named and "dikembalikan"; with --catat, step 10 recorded ya or tidak."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest_tools import require_tool
from docx import Document
from docx_text import cell_texts

from pipeline.checker.sections import load_document_specs
from pipeline.cli.main import cli
from pipeline.example import create_workspace
from pipeline.process.calendar import office_calendar
from pipeline.process.steps import record_step
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

DRAFT = "outputs/2024/03/lkjip/Draft LKjIP 2024 (s.d. Maret 2024).docx"
FOLDER = "outputs/2024/tahunan/lkjip"
ANNUAL_RAK = "outputs/2024/tahunan/rak/Dokumen Rencana Aksi Kinerja 2024.docx"
WRITTEN = "Uraian ini ditulis oleh Tim Penyusun LKjIP."
FORWARD = "diajukan kepada Kepala Sub Bagian Program, Keuangan dan Aset untuk dikoreksi"
# Bab III's realisasi of an indicator, changed after the build.
CHANGED_FIGURE = ("Rp39.725.000.000 terhadap", "Rp39.752.000.000 terhadap")
BACK = "dikembalikan kepada Tim Penyusun LKjIP untuk dilengkapi"


def _fill_placeholders(source: Path, target: Path) -> int:
    """The draft as the Tim Penyusun returns it: every "[Diisi Tim Penyusun ...]" paragraph
    replaced by their text (plain, no highlight)."""
    doc = Document(str(source))
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    filled = 0
    for paragraph in paragraphs:
        if paragraph.text.strip().startswith("[Diisi Tim Penyusun") and paragraph.runs:
            first, *rest = paragraph.runs
            first.text = WRITTEN
            first.font.highlight_color = None
            first.bold = None
            for run in rest:
                run.text = ""
            filled += 1
    doc.save(str(target))
    return filled


def _replace_in_docx(source: Path, target: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            dst.writestr(item, data)


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The example workspace built for March 2024, and the draft LKjIP returned as PDFs:
    "lengkap" (every placeholder written), "diubah" (complete, a figure of Bab III changed),
    "isian" (as built), "tanpa-bab-ii" (complete, the pages of Bab II taken out) and a
    Dokumen RAK (not an LKjIP)."""
    require_tool("soffice")
    import pypdfium2 as pdfium

    from pipeline.office.pdf_convert import convert_to_pdf

    base = tmp_path_factory.mktemp("checklist")
    root = base / "ws"
    create_workspace(root)
    build = CliRunner().invoke(cli, ["build", "-w", str(root), "--periode", "2024-03"])
    assert build.exit_code in (0, 1), build.output
    work = base / "kembali"
    work.mkdir()
    assert _fill_placeholders(root / DRAFT, work / "lengkap.docx") >= 5
    _replace_in_docx(work / "lengkap.docx", work / "diubah.docx", *CHANGED_FIGURE)
    shutil.copy(root / DRAFT, work / "isian.docx")
    shutil.copy(root / ANNUAL_RAK, work / "rak.docx")
    converted = convert_to_pdf(sorted(work.glob("*.docx")))
    assert all(c.pdf is not None for c in converted), [c.problem for c in converted]
    pdf = pdfium.PdfDocument(work / "lengkap.pdf")
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]

    def opening(bab: str) -> int:
        return next(i for i, t in enumerate(texts) if re.search(rf"^\s*{bab}\s*$", t, re.M))

    for index in reversed(range(opening("BAB II"), opening("BAB III"))):
        pdf.del_page(index)
    pdf.save(work / "tanpa-bab-ii.pdf")
    pdf.close()
    files = {p.stem: p for p in work.glob("*.pdf")}
    return root, files


def _check(root: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", *args, "-w", str(root), "--checklist", "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _rows(tables: Any) -> list[list[str]]:
    """Rows of four cells, nested tables included (the last rows go into the signature's row:
    pipeline/office/docx_keep.py)."""
    rows = []
    for table in tables:
        for row in table.rows:
            cells = row.cells
            if len(cells) == 4 and len({id(c._tc) for c in cells}) == 4:
                rows.append([c.text for c in cells])
            for cell in {id(c._tc): c for c in cells}.values():
                rows += _rows(cell.tables)
    return rows


def _table(path: Path) -> tuple[list[list[str]], str]:
    """The checklist's rows under its No./Bagian/Hasil/Keterangan header, and its whole text."""
    doc = Document(str(path))
    rows = _rows(doc.tables)
    assert rows[0] == ["No.", "Bagian", "Hasil", "Keterangan"]
    text = "\n".join([p.text for p in doc.paragraphs] + list(cell_texts(doc.tables)))
    return rows[1:], text


def _working_day(root: Path) -> dt.date:
    today = dt.date.today()
    calendar = office_calendar(load_config(Workspace.open(root)), [today.year - 1, today.year])
    return calendar.on_or_before(today)


def test_a_complete_draft_is_all_there_and_forwarded(
    returned: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, files = returned
    [data] = _check(root, str(files["lengkap"]), "--laporan", str(tmp_path))
    assert data["matched"]["path"] == DRAFT
    assert not [p for p in data["problems"] if "isian" in p or "berbeda" in p]
    checklist = data["checklist"]
    path = Path(checklist["path"])
    assert path == tmp_path / "Checklist Kelengkapan Rancangan LKjIP 2024 - lengkap.docx"
    assert checklist["lengkap"] is True
    rows, text = _table(path)
    # One row per required part of sop_specs/bagian/lkjip.yaml, in its order.
    names = [s.name for s in load_document_specs(Workspace.open(root))["lkjip"].sections]
    assert [r[:3] for r in rows] == [[str(i), n, "Ada"] for i, n in enumerate(names, 1)]
    assert all(re.fullmatch(r"Ditemukan pada halaman \d+\.", r[3]) for r in rows), rows
    assert "CHECKLIST KELENGKAPAN RANCANGAN LKjIP" in text
    assert "TAHUN 2024" in text
    assert "lengkap.pdf" in text and data["matched"]["code"] in text and DRAFT in text
    assert f"Rancangan LKjIP Tahun 2024 telah lengkap dan {FORWARD}." in text
    assert BACK not in text
    # Signed by the Fungsional Umum of sakip.yaml, dated on a working day.
    assert "Rahmawati Dg. Matona" in text and "Fungsional Umum," in text
    day = _working_day(root)
    months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November"
    month = [*months.split(), "Desember"][day.month - 1]
    assert f"Palu, {day.day} {month} {day.year}" in text


def test_a_changed_figure_is_named_in_its_chapter_and_left_to_the_correction(
    returned: tuple[Path, dict[str, Path]],
) -> None:
    root, files = returned
    [data] = _check(root, str(files["diubah"]))
    assert data["checklist"]["lengkap"] is True
    rows, text = _table(Path(data["checklist"]["path"]))
    assert [r[2] for r in rows] == ["Ada"] * len(rows)
    [changed] = [r for r in rows if "Berbeda dengan dokumen arsip" in r[3]]
    assert changed[1] == "Bab III Akuntabilitas Kinerja"
    assert re.search(r"39725000000.*39752000000.*\(halaman \d+\)", changed[3]), changed[3]
    assert f"telah lengkap dan {FORWARD}. Perbedaan dengan dokumen arsip" in text


def test_placeholders_left_are_named_and_the_draft_goes_back(
    returned: tuple[Path, dict[str, Path]],
) -> None:
    root, files = returned
    [data] = _check(root, str(files["isian"]))
    checklist = data["checklist"]
    path = Path(checklist["path"])
    assert path == root / FOLDER / "Checklist Kelengkapan Rancangan LKjIP 2024 - isian.docx"
    assert checklist["lengkap"] is False
    rows, text = _table(path)
    by_name = {r[1]: r for r in rows}
    ikhtisar = by_name["Ikhtisar Eksekutif"]
    assert ikhtisar[2] == "Belum lengkap"
    assert re.search(r"Isian untuk Tim Penyusun masih ada pada halaman \d", ikhtisar[3])
    assert by_name["Bab III Akuntabilitas Kinerja"][2] == "Belum lengkap"
    assert by_name["Lampiran"][2] == "Ada"  # the lampiran tables are built whole
    assert "Tidak ada" not in [r[2] for r in rows]
    assert re.search(
        r"Rancangan LKjIP Tahun 2024 belum lengkap: isian untuk Tim Penyusun masih ada pada "
        r"Ikhtisar Eksekutif \(halaman \d+\), Bab I Pendahuluan \(halaman [\d–]+\)",
        text,
    )
    assert f"{BACK}." in text and FORWARD not in text


def test_a_chapter_taken_out_is_missing_and_the_draft_goes_back(
    returned: tuple[Path, dict[str, Path]],
) -> None:
    root, files = returned
    [data] = _check(root, str(files["tanpa-bab-ii"]))
    assert data["missing"] == ["Bab II Perencanaan Kinerja"]
    rows, text = _table(Path(data["checklist"]["path"]))
    hasil = {r[1]: r[2] for r in rows}
    assert hasil["Bab II Perencanaan Kinerja"] == "Tidak ada"
    assert {h for n, h in hasil.items() if n != "Bab II Perencanaan Kinerja"} == {"Ada"}
    assert "Rancangan LKjIP Tahun 2024 belum lengkap: Bab II Perencanaan Kinerja tidak ada." in text
    assert f"{BACK}." in text


def test_the_checklist_takes_the_day_of_the_check_from_tanggal(
    returned: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, files = returned
    # Monday 10 February 2025: the Tim's draft came back and was checked that day.
    [data] = _check(
        root, str(files["lengkap"]), "--laporan", str(tmp_path), "--tanggal", "2025-02-10"
    )
    _, text = _table(Path(data["checklist"]["path"]))
    assert "Palu, 10 Februari 2025" in text and "10 Februari 2025" in text.split("Palu,")[0]
    # A Sunday is refused before anything is read or written, naming the option.
    sunday = CliRunner().invoke(
        cli,
        ["check", str(files["lengkap"]), "-w", str(root), "--checklist", "--tanggal", "2025-02-09"],
    )
    assert sunday.exit_code == 2 and "'--tanggal'" in sunday.output, sunday.output


def test_only_an_lkjip_gets_a_checklist(returned: tuple[Path, dict[str, Path]]) -> None:
    root, files = returned
    result = CliRunner().invoke(cli, ["check", str(files["rak"]), "-w", str(root), "--checklist"])
    assert result.exit_code in (0, 1), result.output
    assert "Checklist tidak dibuat untuk 'rak.pdf': berkas ini bukan Laporan Kinerja" in (
        result.output
    )
    assert not list((root / FOLDER).glob("*rak*"))


def _step10(root: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(root / "sakip.db") as conn:
        rows = conn.execute(
            "SELECT keputusan, oleh FROM sop_step_record WHERE sop = 'lkjip' AND no = 10 "
            "ORDER BY id"
        ).fetchall()
    return [(str(k), str(o)) for k, o in rows]


def test_catat_records_step_10_with_the_checklists_decision(
    returned: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, files = returned
    ws = Workspace.open(root)
    before = _check(root, str(files["isian"]), "--laporan", str(tmp_path), "--catat")
    assert before[0]["checklist"]["recorded"]["outcome"] == "skipped"
    assert (
        "langkah yang sedang berjalan adalah langkah 1"
        in (before[0]["checklist"]["recorded"]["message"])
    )
    day = dt.date(2025, 2, 10)  # a Monday of the LKjIP 2024's instance (early 2025)
    for no in range(1, 10):
        decision = "ya" if no in (5, 6) else None
        record_step(ws, "lkjip", Periode(2025, 1), no, tanggal=day, keputusan=decision)
    [data] = _check(root, str(files["isian"]), "--laporan", str(tmp_path), "--catat")
    recorded = data["checklist"]["recorded"]
    assert (recorded["outcome"], recorded["no"], recorded["instance"]) == ("recorded", 10, "2024")
    assert "belum lengkap, dikembalikan" in recorded["message"]
    assert _step10(root) == [("tidak", "Rahmawati Dg. Matona")]
    # Sent back to step 9: the Tim records it again, and the completed draft goes on.
    record_step(ws, "lkjip", Periode(2025, 1), 9, tanggal=_working_day(root))
    [data] = _check(root, str(files["lengkap"]), "--laporan", str(tmp_path), "--catat")
    assert data["checklist"]["recorded"]["outcome"] == "recorded"
    assert _step10(root) == [("tidak", "Rahmawati Dg. Matona"), ("ya", "Rahmawati Dg. Matona")]
    # Recorded once: step 11 is now the one to do.
    [again] = _check(root, str(files["lengkap"]), "--laporan", str(tmp_path), "--catat")
    assert again["checklist"]["recorded"]["outcome"] == "skipped"
    assert "langkah 11" in again["checklist"]["recorded"]["message"]
    assert len(_step10(root)) == 2


def test_the_checklist_prints_on_one_page(
    returned: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """The table fits the page and nothing runs over: one F4 page, read back from the PDF."""
    import pypdfium2 as pdfium

    from pipeline.office.pdf_convert import convert_to_pdf

    root, files = returned
    [data] = _check(root, str(files["tanpa-bab-ii"]), "--laporan", str(tmp_path))
    [converted] = convert_to_pdf([Path(data["checklist"]["path"])])
    assert converted.pdf is not None, converted.problem
    pdf = pdfium.PdfDocument(converted.pdf)
    assert len(pdf) == 1
    text = pdf[0].get_textpage().get_text_range()
    assert "Tidak ada" in text and "Yang memeriksa," in text and "Rahmawati Dg. Matona" in text


def test_the_template_uses_only_fields_of_its_context() -> None:
    from pipeline.documents.lint import check_template
    from pipeline.documents.model import ChecklistKelengkapanContext

    ws = Workspace.open(Path(__file__).resolve().parents[2])
    found = check_template(ws.template("checklist-kelengkapan.docx"), ChecklistKelengkapanContext)
    assert found.problems == []
    assert {"bagian", "kesimpulan", "pemeriksa", "catatan"} <= {
        v.split(".")[0] for v in found.variables
    }
