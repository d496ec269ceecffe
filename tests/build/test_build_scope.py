"""What a period's build makes: nothing from no data, a quarter's documents at the quarter's
end, the annual documents once a year in one folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx_text import cell_texts

from pipeline.cli.main import cli
from pipeline.example import create_workspace


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    create_workspace(ws)
    return ws


def _numbers(root: Path) -> int:
    if not (root / "sakip.db").exists():
        return 0
    with sqlite3.connect(root / "sakip.db") as conn:
        return int(conn.execute("SELECT COUNT(*) FROM letter_number").fetchone()[0])


def _build(root: Path, periode: str, *extra: str) -> tuple[int, str, dict | None]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["build", "-w", str(root), "--periode", periode, *extra])
    data = json.loads(result.stdout) if "--json" in extra and result.stdout.strip() else None
    return result.exit_code, result.output, data


def test_a_period_without_workbooks_builds_nothing(root: Path) -> None:
    _build(root, "2024-03")
    before = _numbers(root)
    code, output, _ = _build(root, "2024-05")
    assert code == 1
    assert "Mei 2024" in output and "inputs/2024/05/" in output
    assert "tidak punya buku kerja" in output and "--periode" in output
    assert "Traceback" not in output
    assert not (root / "outputs/2024/05").exists()
    assert _numbers(root) == before
    with sqlite3.connect(root / "sakip.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM archive_build").fetchone()[0] == 1


def test_a_period_where_no_unit_may_get_documents_builds_nothing(root: Path) -> None:
    folder = root / "inputs/2024/03"
    for path in folder.iterdir():
        if "UPT" not in path.name:  # only the unit whose data has galat remains
            path.unlink()
    code, output, _ = _build(root, "2024-03")
    assert code == 1
    assert "tidak ada unit yang boleh dibuatkan dokumen" in output
    assert "UPT: buku kerjanya masih memuat" in output and "SEK: tidak menyerahkan" in output
    assert "--force" in output
    assert not (root / "outputs").exists() or not any((root / "outputs").rglob("*.docx"))
    assert _numbers(root) == 0


def test_quarter_documents_only_at_the_quarter_end(root: Path) -> None:
    _, _, february = _build(root, "2024-02", "--json")
    assert february is not None
    kinds = {o["kind"] for o in february["outputs"]}
    assert not {k for k in kinds if k.startswith("pengukuran-")}
    assert not (root / "outputs/2024/02/pengukuran").exists()
    _, _, march = _build(root, "2024-03", "--json")
    assert march is not None
    made = {o["kind"] for o in march["outputs"]}
    assert {"pengukuran-unit", "pengukuran-dokumen", "pengukuran-undangan"} <= made
    assert {"pengukuran-daftar-hadir", "pengukuran-notulensi"} <= made


def test_annual_documents_are_made_once_in_the_years_folder(root: Path) -> None:
    _, _, february = _build(root, "2024-02", "--json")
    _, _, march = _build(root, "2024-03", "--json")
    assert february is not None and march is not None
    from pipeline.documents.registry import load_registry
    from pipeline.workspace.paths import Workspace

    yearly = {
        d.id for d in load_registry(Workspace.open(str(root))).dokumen if d.frekuensi == "tahunan"
    }
    annual = ("pk-", "rak-", "iki-", "lkjip-sk")
    assert all(
        k in yearly for k in ("pk-unit", "pk-dokumen", "rak-unit", "iki-pegawai", "lkjip-sk")
    )
    for manifest in (february, march):
        for output in manifest["outputs"]:
            if output["kind"] in yearly:
                assert "/2024/tahunan/" in output["path"], output["path"]
            elif output["path"].endswith(".docx"):
                assert "/tahunan/" not in output["path"], output["path"]
    for month in ("02", "03"):
        assert not list((root / "outputs/2024" / month).glob("pk/*.docx"))
        assert not list((root / "outputs/2024" / month).glob("iki/*.docx"))
    # The same PK, RAK and IKI sheets in March: the annual documents stand as they were.
    remade = [
        o["path"] for o in march["outputs"] if o["kind"].startswith(annual) and not o["reused"]
    ]
    assert remade == []
    before = {o["path"]: o["sha256"] for o in february["outputs"] if o["kind"].startswith(annual)}
    after = {o["path"]: o["sha256"] for o in march["outputs"] if o["kind"].startswith(annual)}
    assert before == after


def test_pdfs_same_inputs_same_bytes_and_only_changed_converted_again(root: Path) -> None:
    from conftest_tools import require_tool
    from openpyxl import load_workbook

    require_tool("soffice")
    _, _, first = _build(root, "2024-03", "--sop", "rak", "--pdf", "--json")
    assert first is not None
    pdfs = {o["path"]: o["sha256"] for o in first["outputs"] if o["path"].endswith(".pdf")}
    docx = [o for o in first["outputs"] if o["path"].endswith(".docx")]
    assert len(pdfs) == len(docx) > 5
    # From scratch again: byte for byte the same PDFs (no date, no random /ID).
    for path in pdfs:
        Path(path).unlink()
    _, _, again = _build(root, "2024-03", "--sop", "rak", "--pdf", "--json")
    assert again is not None
    assert {o["path"]: o["sha256"] for o in again["outputs"] if o["path"].endswith(".pdf")} == pdfs
    # A build without --pdf keeps the PDFs of unchanged documents: nothing is gone.
    _, _, plain = _build(root, "2024-03", "--sop", "rak", "--json")
    assert plain is not None
    assert {o["path"] for o in plain["outputs"] if o["path"].endswith(".pdf")} == set(pdfs)
    diff = CliRunner().invoke(
        cli, ["archive", "diff", "-w", str(root), str(again["build_id"]), str(plain["build_id"])]
    )
    assert "Tidak ada perbedaan" in diff.output, diff.output
    # One unit changes: only its documents' PDFs are converted again.
    path = next((root / "inputs/2024/03").glob("*Sekretariat.xlsx"))
    wb = load_workbook(path)
    wb["RAK"]["G2"] = "Rencana aksi yang diperbarui"
    wb.save(path)
    _, _, changed = _build(root, "2024-03", "--sop", "rak", "--pdf", "--json")
    assert changed is not None
    remade = {
        o["path"][:-4] for o in changed["outputs"] if not o["reused"] and o["path"][-4:] == ".pdf"
    }
    redone = {
        o["path"][:-5] for o in changed["outputs"] if not o["reused"] and o["path"][-5:] == ".docx"
    }
    assert remade == redone and len(remade) == 2


def test_pdf_work_is_shared_by_size_over_two_processes(tmp_path: Path) -> None:
    from pipeline.office.pdf_convert import _distinct_names, _shares

    docs = []
    for i, size in enumerate([900, 100, 100, 100, 500, 300]):
        doc = tmp_path / f"d{i}.docx"
        doc.write_bytes(b"x" * size)
        docs.append(doc)
    shares = _shares(docs, 2)
    assert len(shares) == 2
    loads = sorted(sum(d.stat().st_size for d in share) for share in shares)
    assert loads == [1000, 1000]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    same = [tmp_path / "a/x.docx", tmp_path / "b/x.docx", tmp_path / "a/y.docx"]
    assert _distinct_names(same) == [[same[0], same[2]], [same[1]]]
    # LibreOffice 7.4 silently stops after about 244 documents in one call.
    many = [tmp_path / f"a/{i}.docx" for i in range(250)]
    assert [len(b) for b in _distinct_names(many)] == [100, 100, 50]


def test_converting_twice_gives_the_same_pdf(tmp_path: Path) -> None:
    import datetime as dt

    from conftest_tools import require_tool
    from docx import Document

    from pipeline.office.pdf_convert import convert_to_pdf

    require_tool("soffice")
    doc = Document()
    doc.add_paragraph("Perjanjian Kinerja Tahun 2024")
    source = tmp_path / "satu.docx"
    doc.save(str(source))
    stamp = dt.datetime(2024, 1, 1)
    [first] = convert_to_pdf([source], stamp=stamp)
    assert first.pdf is not None
    before = first.pdf.read_bytes()
    [second] = convert_to_pdf([source], stamp=stamp)
    assert second.pdf is not None and second.pdf.read_bytes() == before
    assert b"D:20240101000000" in before and b"DocChecksum" not in before


COMPILATIONS = {
    "pk-dokumen": "outputs/2024/tahunan/pk/Dokumen Perjanjian Kinerja 2024.docx",
    "pk-kepala-dinas": "outputs/2024/tahunan/pk/Perjanjian Kinerja 2024 Kepala Dinas.docx",
    "rak-dokumen": "outputs/2024/tahunan/rak/Dokumen Rencana Aksi Kinerja 2024.docx",
    "iki-dokumen": "outputs/2024/tahunan/iki/Dokumen Indikator Kinerja Individu 2024.docx",
    "pengukuran-dokumen": "outputs/2024/03/pengukuran/"
    "Dokumen Pengukuran Kinerja Triwulan I 2024.docx",
    "lkjip-draft": "outputs/2024/03/lkjip/Draft LKjIP 2024 (s.d. Maret 2024).docx",
    "lki-rekap": "outputs/2024/03/lki/Rekapitulasi Laporan Kinerja Individu Maret 2024.docx",
}
HELD = "UPT Balai Pelatihan Koperasi dan UMKM (UPT): buku kerjanya masih memuat galat"


def _text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += cell_texts(doc.tables)
    return "\n".join(parts)


def test_every_compilation_names_the_unit_it_leaves_out(root: Path) -> None:
    from openpyxl import load_workbook

    code, output, _ = _build(root, "2024-03")
    assert code == 1
    assert "Unit UPT tidak dibuatkan dokumen: buku kerjanya masih memuat" in output
    for kind, path in COMPILATIONS.items():
        text = _text(root / path)
        assert HELD in text, kind
        assert ("Laporan Kepatuhan Maret 2024" in text) != ("tahunan" in path), kind
        assert "seluruh unit kerja" not in text, kind
    unit_pk = _text(root / "outputs/2024/tahunan/pk/Perjanjian Kinerja 2024 Sekretariat.docx")
    assert "belum memuat" not in unit_pk
    # The recap follows the same rule: the unit's rows are left out, and the unit is named.
    wb = load_workbook(root / "outputs/2024/03/Rekapitulasi Data Kinerja 2024-03.xlsx")
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert not any(c.startswith("UPT-") for c in cells)
    assert any(c.startswith("Unit UPT tidak direkap: buku kerjanya masih memuat") for c in cells)


def test_with_force_nothing_is_left_out(root: Path) -> None:
    from openpyxl import load_workbook

    _build(root, "2024-03", "--force")
    for kind, path in COMPILATIONS.items():
        text = _text(root / path)
        assert "belum memuat" not in text, kind
    assert "seluruh unit kerja" in _text(root / COMPILATIONS["pk-dokumen"])
    wb = load_workbook(root / "outputs/2024/03/Rekapitulasi Data Kinerja 2024-03.xlsx")
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert any(c.startswith("UPT-") for c in cells)


def test_the_office_content_in_iki_and_pk_of_every_tier(root: Path) -> None:
    _build(root, "2024-03")
    annual = root / "outputs/2024/tahunan"
    iki = _text(annual / "iki/IKI 2024 Sri Wahyuni Lasandara, S.Kom.docx")
    # Tugas and fungsi from sakip.yaml, not the jabatan again.
    assert "Menganalisis data dan informasi perencanaan" in iki
    assert "pengolahan data capaian kinerja bulanan dan triwulanan" in iki
    eselon4 = _text(annual / "pk/Perjanjian Kinerja 2024 Moh. Fadli Tombolotutu, S.E., M.Ak.docx")
    assert "Sasaran Kegiatan" in eselon4 and "Sasaran Strategis" not in eselon4
    assert "Rp0" not in eselon4 and "Rp1.455.000.000" in eselon4
    unit = _text(annual / "pk/Perjanjian Kinerja 2024 Sekretariat.docx")
    assert "Sasaran Program" in unit
    kadis = _text(annual / "pk/Perjanjian Kinerja 2024 Kepala Dinas.docx")
    # Only the indicators the PK sheets mark "IKU Dinas", not every unit's indicator.
    assert "Sasaran Strategis" in kadis
    assert "Nilai SAKIP Perangkat Daerah" in kadis and "Persentase koperasi aktif" in kadis
    assert "Persentase koperasi bermasalah" not in kadis
    assert "Jumlah koperasi yang dinilai kesehatannya" not in kadis


def _write_month(root: Path, bulan: int, anggaran_sek01: int = 0) -> None:
    """The example office's workbooks for ``bulan`` of 2024 (a month the example lacks gets
    the realisasi up to March), the Sekretariat's first PK budget raised by
    ``anggaran_sek01``."""
    from pipeline.example.data import load_data, unit_rows
    from pipeline.workbook.write import workbook_name, write_workbook
    from pipeline.workspace.config import load_config
    from pipeline.workspace.layout import load_layout
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(str(root))
    config, layout, data = load_config(ws), load_layout(ws), load_data()
    for entry in data["unit"].values():
        # Months past the example's: each carries its last month's figures again.
        for row in [*entry["indikator"], *entry["iki"]]:
            for key in ("realisasi", "anggaran_bulanan"):
                if row.get(key):
                    row[key] += [row[key][-1]] * (bulan - len(row[key]))
    folder = root / "inputs/2024" / f"{bulan:02d}"
    for unit in config.unit:
        rows = unit_rows(data, unit, bulan)
        if unit.kode == "SEK" and anggaran_sek01:
            first = dict(rows["pk"][0])
            first["anggaran"] = int(str(first["anggaran"])) + anggaran_sek01
            rows["pk"] = [first, *rows["pk"][1:]]
        target = folder / workbook_name(config, unit, (2024, bulan))
        write_workbook(config, layout, unit, (2024, bulan), target, rows)


def test_rebuilding_an_earlier_month_leaves_the_annual_documents(root: Path) -> None:
    """March's workbook revises a PK budget: the March build makes the PK again; rebuilding
    February afterwards (its older sheets) must not bring the old PK back."""
    _build(root, "2024-02", "--json")
    _write_month(root, 3, anggaran_sek01=1_000_000)
    _, _, march = _build(root, "2024-03", "--json")
    assert march is not None
    pk = root / "outputs/2024/tahunan/pk/Perjanjian Kinerja 2024 Sekretariat.docx"
    assert "Rp486.000.000" in _text(pk)
    _, output, february = _build(root, "2024-02", "--json")
    assert february is not None, output
    annual = {o["path"]: o for o in february["outputs"] if "/tahunan/" in o["path"]}
    assert len(annual) > 20
    assert not [path for path, o in annual.items() if not o["reused"]]
    made_in_march = {o["path"]: o["sha256"] for o in march["outputs"] if "/tahunan/" in o["path"]}
    assert {path: o["sha256"] for path, o in annual.items()} == made_in_march
    assert "Rp486.000.000" in _text(pk)
    diff = CliRunner().invoke(
        cli,
        ["archive", "diff", "-w", str(root), str(march["build_id"]), str(february["build_id"])],
    )
    assert "/tahunan/" not in diff.output.split("berubah isinya")[-1], diff.output
    shown = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-02"])
    assert "dibuat dari buku kerja Maret 2024" in shown.output
    # A later month with the same sheets as March: nothing annual is made again either.
    _write_month(root, 4, anggaran_sek01=1_000_000)
    _, _, april = _build(root, "2024-04", "--json")
    assert april is not None
    assert not [o for o in april["outputs"] if "/tahunan/" in o["path"] and not o["reused"]]


def _quarter_outputs(manifest: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {o["path"]: o for o in manifest["outputs"] if o["kind"].startswith("pengukuran-")}


def test_a_quarter_whose_last_month_was_skipped_gets_its_documents_later(root: Path) -> None:
    """April is built while March never was (here: March sent no workbooks at all): the
    documents of Triwulan I are made once, in March's folder, from April's workbooks read up
    to March; later builds do not make them again."""
    import shutil

    _write_month(root, 4)
    shutil.rmtree(root / "inputs/2024/03")
    _, output, april = _build(root, "2024-04", "--json")
    assert april is not None, output
    quarter = _quarter_outputs(april)
    kinds = {o["kind"] for o in quarter.values()}
    assert {"pengukuran-unit", "pengukuran-dokumen", "pengukuran-undangan"} <= kinds
    assert {"pengukuran-daftar-hadir", "pengukuran-notulensi"} <= kinds
    assert all("/outputs/2024/03/pengukuran/" in path for path in quarter)
    assert not (root / "outputs/2024/04/pengukuran").exists()
    text = _text(
        root / "outputs/2024/03/pengukuran/Dokumen Pengukuran Kinerja Triwulan I 2024.docx"
    )
    assert "Keadaan sampai dengan Maret 2024" in text and "Triwulan II" not in text
    assert "Laporan Kepatuhan April 2024" in text  # the held unit, by the report of April
    shown = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-04"])
    assert "Triwulan I 2024" not in shown.output  # made once: not again, not noted again
    assert "outputs/2024/04" in shown.output.splitlines()[-1]
    _, _, again = _build(root, "2024-04", "--json")
    assert again is not None and not _quarter_outputs(again)


def test_a_quarter_end_month_built_late_keeps_what_a_later_month_made(root: Path) -> None:
    """March has workbooks but April is built first: Triwulan I is made from March's
    workbooks (said so), and March built late finds them as they are."""
    _write_month(root, 4)
    _, output, _ = _build(root, "2024-04")
    assert output.count("Dokumen Triwulan I 2024 belum pernah dibuat") == 1  # said once
    assert "buku kerja Maret 2024" in output
    _, _, march = _build(root, "2024-03", "--json")
    assert march is not None
    quarter = _quarter_outputs(march)
    assert len(quarter) >= 9 and all(o["reused"] for o in quarter.values())


def test_the_lkjip_summarises_the_iku_and_groups_every_table_by_unit(root: Path) -> None:
    """The Ikhtisar Eksekutif lists the IKU Dinas (as the PK Kepala Dinas does), not every
    unit's indicator; Tabel 3.1 names the unit of each indicator in a row over its group."""
    from docx import Document

    _build(root, "2024-03")
    doc = Document(str(root / COMPILATIONS["lkjip-draft"]))
    measures = ["Target Tahunan", "Realisasi", "Capaian", "Kategori"]
    tabel1, tabel31 = (
        next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == header)
        for header in (
            ["No.", "Indikator Kinerja", *measures],
            ["No.", "Sasaran Strategis", "Indikator Kinerja", "Satuan", *measures],
        )
    )

    def rows(table: Any) -> list[list[str]]:
        return [[c.text for c in r.cells] for r in table.rows[1:]]

    kadis = _text(root / COMPILATIONS["pk-kepala-dinas"])
    listed = [r[1] for r in rows(tabel1) if r[0].isdigit()]
    assert "Persentase koperasi aktif" in listed and "Nilai SAKIP Perangkat Daerah" in listed
    assert all(name in kadis for name in listed)
    assert "Persentase koperasi bermasalah" not in listed
    measured = [r for r in rows(tabel31) if r[0].isdigit()]
    assert len(listed) < len(measured)
    body = _text(root / COMPILATIONS["lkjip-draft"])
    assert f"Capaian {len(listed)} Indikator Kinerja Utama (IKU)" in body
    assert f"Seluruh {len(measured)} indikator kinerja unit kerja" in body
    assert "Tabel 3.1 dan Lampiran 2" in body
    # A row spanning the table names each unit before its indicators, in config order.
    units = [r[0] for r in rows(tabel31) if not r[0].isdigit() and len(set(r)) == 1]
    assert units[0] == "Sekretariat" and len(units) == len(set(units)) >= 4
    assert "Bidang Kelembagaan dan Pengawasan Koperasi" in units
