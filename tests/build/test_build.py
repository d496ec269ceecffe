"""`sakip build` end to end on the example office, and the archive it leaves."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest_tools import require_tool
from docx import Document
from docx_text import cell_texts
from signing import sign

from pipeline.cli.main import cli
from pipeline.example import create_workspace

MARCH = ["--periode", "2024-03"]
ANNUAL = "outputs/2024/tahunan"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("kantor") / "ws"
    create_workspace(root)
    result = CliRunner().invoke(cli, ["build", "-w", str(root), *MARCH, "--json"])
    assert result.exit_code == 1, result.output  # the UPT is held back on purpose
    return root, json.loads(result.stdout)


def _docs(root: Path) -> list[Path]:
    return sorted((root / "outputs/2024").rglob("*.docx"))


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += cell_texts(doc.tables)
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def test_manifest_contract_and_held_back_unit(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    root, manifest = built
    assert isinstance(manifest["build_id"], int)
    outputs = manifest["outputs"]
    assert {"path", "sha256", "kind", "unit", "sop", "step"} <= set(outputs[0])
    assert {o["sop"] for o in outputs} == {
        "pengumpulan-data",
        "pk",
        "lkjip",
        "iki",
        "rak",
        "pengukuran",
        "lki",
    }
    assert "UPT" not in {o["unit"] for o in outputs}
    assert not any("UPT Balai" in o["path"] for o in outputs)
    assert len(_docs(root)) == sum(o["path"].endswith(".docx") for o in outputs)


def test_every_document_is_filled_in(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    root, _ = built
    for path in _docs(root):
        text = _text(path)
        assert "{{" not in text and "{%" not in text, path.name


def test_pk_of_a_unit_holds_its_parties_and_targets(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    root, _ = built
    pk = root / ANNUAL / "pk/Perjanjian Kinerja 2024 Bidang Usaha Kecil dan Menengah.docx"
    text = _text(pk)
    # Dated the day the Kepala Dinas approved the PK (step 21, as the example recorded it).
    from pipeline.office.formatting import tanggal
    from pipeline.process.records import read_records
    from pipeline.workspace.paths import Workspace

    records = read_records(Workspace.open(root), "pk", "2024")
    approved = next(r.tanggal for r in records if r.no == 21)
    for expected in (
        "Arifin Lamakarate, S.T., M.Si.",
        "19760125 200212 1 003",
        "Dr. Andi Rahmat Lamarauna, S.E., M.Si.",
        "PERJANJIAN KINERJA TAHUN 2024",
        tanggal(approved),
    ):
        assert expected in text, expected
    doc = Document(str(pk))
    lampiran = next(
        t for t in doc.tables if "Indikator Kinerja" in [c.text for c in t.rows[0].cells]
    )
    first = [c.text for c in lampiran.rows[1].cells]
    assert first[2] == "Jumlah UMKM yang difasilitasi akses pembiayaan"
    assert first[4] == "480"


def test_letters_get_numbers_from_the_registry(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    root, _ = built
    text = _text(root / ANNUAL / "pk/Undangan Rapat Penyusunan Perjanjian Kinerja 2024.docx")
    assert "/DISKUKM/2024" in text


def test_second_build_is_identical_and_reuses_documents(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    root, first = built
    again = CliRunner().invoke(cli, ["build", "-w", str(root), *MARCH, "--json"])
    second = json.loads(again.stdout)
    assert {o["path"]: o["sha256"] for o in first["outputs"]} == {
        o["path"]: o["sha256"] for o in second["outputs"]
    }
    listing = CliRunner().invoke(
        cli, ["archive", "diff", str(first["build_id"]), str(second["build_id"]), "-w", str(root)]
    )
    assert "Tidak ada perbedaan" in listing.output


def test_every_document_prints_its_verification_code_and_the_archive_maps_it(
    built: tuple[Path, dict],  # type: ignore[type-arg]
) -> None:
    import sqlite3

    from pipeline.workspace.verification import find_codes

    root, manifest = built
    with sqlite3.connect(root / "sakip.db") as conn:
        rows = conn.execute(
            "SELECT code, path, sha256 FROM verification_code WHERE build_id = ?",
            (manifest["build_id"],),
        ).fetchall()
    by_path = {path: (code, sha) for code, path, sha in rows}
    sha_of = {
        Path(o["path"]).resolve().relative_to(root.resolve()).as_posix(): o["sha256"]
        for o in manifest["outputs"]
    }
    docs = _docs(root)
    assert len(rows) == len(docs) == len({code for code, _path, _sha in rows})
    for doc in docs:
        relative = doc.relative_to(root).as_posix()
        code, sha = by_path[relative]
        assert sha == sha_of[relative]
        footers = "\n".join(
            p.text
            for section in Document(str(doc)).sections
            for footer in (section.footer, section.first_page_footer)
            for p in footer.paragraphs
        )
        assert find_codes(footers) == [code], doc.name
        with zipfile.ZipFile(doc) as package:
            assert any(n.startswith("word/media/") for n in package.namelist()), doc.name


def test_verify_catches_an_altered_document(tmp_path: Path, built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    source, _ = built
    root = tmp_path / "salinan"
    shutil.copytree(source, root)
    runner = CliRunner()
    assert runner.invoke(cli, ["archive", "verify", "-w", str(root)]).exit_code == 0
    target = next(p for p in _docs(root) if "Rencana Aksi Kinerja 2024 Sekretariat" in p.name)
    target.write_bytes(target.read_bytes() + b"\0")
    result = runner.invoke(cli, ["archive", "verify", "-w", str(root)])
    assert result.exit_code == 1
    assert "Rencana Aksi Kinerja 2024 Sekretariat.docx" in result.output


def test_force_builds_the_held_back_unit_and_sop_limits(tmp_path: Path) -> None:
    create_workspace(tmp_path / "ws")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["build", "-w", str(tmp_path / "ws"), *MARCH, "--sop", "rak", "--force", "--json"]
    )
    assert result.exit_code == 0, result.output
    docs = {o["kind"] for o in json.loads(result.stdout)["outputs"] if o["path"].endswith("docx")}
    assert docs == {"rak-surat", "rak-unit", "rak-dokumen", "rak-pengantar"}
    assert (
        tmp_path / "ws/outputs/2024/tahunan/rak/Rencana Aksi Kinerja 2024 UPT Balai Pelatihan "
        "Koperasi dan UMKM.docx"
    ).is_file()
    bad = runner.invoke(cli, ["build", "-w", str(tmp_path / "ws"), *MARCH, "--sop", "pkk"])
    assert bad.exit_code == 2
    assert "SOP 'pkk' tidak ada. Maksud Anda 'pk'?" in bad.output


def test_missing_variable_stops_that_document_with_a_clear_message(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    (root / "templates").mkdir(exist_ok=True)
    broken = Document()
    broken.add_paragraph("Nomor: {{ surat.nomr }}")
    broken.save(str(root / "templates/surat-pengantar.docx"))
    runner = CliRunner()
    check = runner.invoke(cli, ["templates", "check", "-w", str(root)])
    assert check.exit_code == 1
    assert "'nomr' bukan isian Surat" in check.output
    result = runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "rak"])
    assert result.exit_code == 1
    assert (
        "Gagal: Surat Pengantar Dokumen Rencana Aksi Kinerja 2024: Templat "
        "surat-pengantar.docx: nilai 'nomr' (pada Surat) tidak ada"
    ) in result.output
    assert "Traceback" not in result.output


def test_incremental_build_rebuilds_only_what_changed(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = tmp_path / "ws"
    create_workspace(root)
    runner = CliRunner()
    runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "rak"])
    path = next((root / "inputs/2024/03").glob("*Sekretariat.xlsx"))
    wb = load_workbook(path)
    wb["RAK"]["G2"] = "Rencana aksi yang diperbarui"
    wb.save(path)
    result = runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "rak", "--json"])
    rebuilt = {
        o["kind"] + "|" + (o["unit"] or "")
        for o in json.loads(result.stdout)["outputs"]
        if not o.get("reused") and o["path"].endswith(".docx")
    }
    assert rebuilt == {"rak-unit|SEK", "rak-dokumen|"}


def test_pdf_conversion_and_round_trip_check(tmp_path: Path) -> None:
    require_tool("soffice")
    root = tmp_path / "ws"
    create_workspace(root)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["build", "-w", str(root), *MARCH, "--sop", "pk", "--pdf", "--json"]
    )
    manifest = json.loads(result.stdout)
    recorded = [o["path"] for o in manifest["outputs"] if o["path"].endswith(".pdf")]
    folder = root / "outputs/2024/tahunan/pk"
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == len(sorted(folder.glob("*.docx"))) == len(recorded)
    assert not list(folder.glob(".sakip-pdf-*")), "the scratch folder was left behind"
    returned = tmp_path / "kembali"
    returned.mkdir()
    # Returned signed (a signature stamped in each block): an unsigned PK is incomplete.
    assert sign(folder / "Perjanjian Kinerja 2024 Sekretariat.pdf", returned / "pk-sek.pdf") > 0
    check = runner.invoke(cli, ["check", str(returned), "-w", str(root), *MARCH, "--json"])
    data = json.loads(check.stdout)
    assert (data[0]["document_type"], data[0]["status"]) == ("pk", "complete"), data
    import sqlite3

    conn = sqlite3.connect(root / "sakip.db")
    answers = conn.execute("SELECT answers, status FROM check_result").fetchall()
    assert answers == [(f"{ANNUAL}/pk/Perjanjian Kinerja 2024 Sekretariat.docx", "complete")]


def test_round_trip_finds_a_changed_target(tmp_path: Path) -> None:
    require_tool("soffice")
    from pipeline.office.pdf_convert import convert_to_pdf

    root = tmp_path / "ws"
    create_workspace(root)
    runner = CliRunner()
    runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "pk"])
    built = root / ANNUAL / "pk/Perjanjian Kinerja 2024 Bidang Usaha Kecil dan Menengah.docx"
    returned = tmp_path / "kembali"
    returned.mkdir()
    doc = Document(str(built))
    lampiran = next(
        t for t in doc.tables if "Indikator Kinerja" in [c.text for c in t.rows[0].cells]
    )
    cell = lampiran.rows[1].cells[4]
    assert cell.text == "480"
    cell.paragraphs[0].runs[0].text = "500"
    doc.save(str(returned / "pk-ukm.docx"))
    [converted] = convert_to_pdf([returned / "pk-ukm.docx"])
    assert converted.pdf is not None, converted.problem
    (returned / "pk-ukm.docx").unlink()
    result = runner.invoke(cli, ["check", str(returned), "-w", str(root), *MARCH, "--json"])
    assert result.exit_code == 1
    [data] = json.loads(result.stdout)
    assert data["status"] == "incomplete"
    assert any(
        "target indikator 'Jumlah UMKM yang difasilitasi akses pembiayaan' pada tabel PK "
        "tidak sama dengan data sumber (seharusnya 480)" in p
        for p in data["problems"]
    )
    # The verification code names the built PK; the figure changed after the build is named.
    assert data["matched"]["path"] == built.relative_to(root).as_posix()
    assert any("angka '480' menjadi '500'" in p for p in data["problems"]), data["problems"]


def test_a4_workspace_gets_a4_documents(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    config = root / "sakip.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("kertas: F4", "kertas: A4"))
    CliRunner().invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "rak"])
    folder = root / "outputs/2024/tahunan/rak"
    letter = Document(str(folder / "Surat Penyusunan Rencana Aksi Kinerja 2024.docx"))
    assert round(letter.sections[0].page_height.mm) == 297
    plan = Document(str(folder / "Rencana Aksi Kinerja 2024 Sekretariat.docx"))
    section = plan.sections[-1]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


FINGERPRINTS = """
import sys
from pathlib import Path
from pipeline.build.period import plan_documents
from pipeline.documents.kinds import kinds
from pipeline.workspace.periode import Periode
from pipeline.workspace.paths import Workspace
ws = Workspace.open(Path(sys.argv[1]))
contexts = {k.context for k in kinds().values()}
for job in plan_documents(ws, Periode(2024, 3), contexts, force=True):
    print(job.title, job.fingerprint)
"""


def test_fingerprints_are_the_same_in_every_process(tmp_path: Path) -> None:
    # Another hash seed reorders sets and dicts of strings; equal objects may or may not be
    # shared: none of it may change a fingerprint, or unchanged documents are rebuilt.
    import os
    import subprocess
    import sys

    root = tmp_path / "ws"
    create_workspace(root)
    runs = [
        subprocess.run(
            [sys.executable, "-c", FINGERPRINTS, str(root)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    assert len(runs[0].splitlines()) > 40


def test_a_unit_document_is_prepared_from_its_own_unit_only(tmp_path: Path) -> None:
    from pipeline.build.period import environment
    from pipeline.build.plan import only_unit
    from pipeline.rekap.recap import build_rekap
    from pipeline.validate.period import validate_period
    from pipeline.workspace.paths import Workspace
    from pipeline.workspace.periode import Periode

    root = tmp_path / "ws"
    create_workspace(root)
    ws = Workspace.open(root)
    validation = validate_period(ws, Periode(2024, 3))
    env = environment(ws, validation, build_rekap(ws, validation), True, {})
    unit = env.ordered_units()[1]
    alone = only_unit(env, unit)
    assert list(alone.units) == [unit.kode]
    assert {r.unit for r in alone.rekap.rows} == {unit.kode}
    with pytest.raises(KeyError):
        alone.letter_number("surat", dt.date(2024, 4, 1))


def test_new_realisasi_rebuilds_reports_not_the_unchanged_iki(tmp_path: Path) -> None:
    # A month's realisasi changes the unit's sources: its LKI change, its IKI (targets,
    # formulas) do not, and the other units' documents are not even prepared again.
    from openpyxl import load_workbook

    root = tmp_path / "ws"
    create_workspace(root)
    runner = CliRunner()
    runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "iki", "--sop", "lki"])
    path = next((root / "inputs/2024/03").glob("*Sekretariat.xlsx"))
    wb = load_workbook(path)
    # March's SEK-01 (tren-naik: the last position is what counts).
    assert (wb["Realisasi"]["A12"].value, wb["Realisasi"]["C12"].value) == ("SEK-01", "Maret")
    wb["Realisasi"]["D12"] = 80.5
    wb.save(path)
    result = runner.invoke(
        cli, ["build", "-w", str(root), *MARCH, "--sop", "iki", "--sop", "lki", "--json"]
    )
    outputs = json.loads(result.stdout)["outputs"]
    rebuilt = {
        o["kind"] + "|" + (o["unit"] or "")
        for o in outputs
        if not o.get("reused") and o["path"].endswith(".docx")
    }
    assert "lki-pegawai|SEK" in rebuilt and "lki-rekap|" in rebuilt
    assert not any(kind.startswith("iki-") for kind in rebuilt), rebuilt
    assert not any(k.endswith(("|BKP", "|BPK", "|UKM")) for k in rebuilt), rebuilt


def test_a_change_to_the_program_makes_every_document_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Office-wide documents as well as the units': a fixed filter reaches every document.
    import pipeline.build.plan as build_plan

    root = tmp_path / "ws"
    create_workspace(root)
    runner = CliRunner()
    runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "rak"])
    monkeypatch.setattr(build_plan, "code_digest", lambda: "program yang diperbaiki")
    result = runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "rak", "--json"])
    docs = [o for o in json.loads(result.stdout)["outputs"] if o["path"].endswith(".docx")]
    assert docs and not any(o.get("reused") for o in docs)
    assert {o["kind"] for o in docs} >= {"rak-unit", "rak-dokumen", "rak-surat"}


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    (root / ".sakip-cache").write_text("bukan folder", encoding="utf-8")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["build", "-w", str(root), *MARCH, "--sop", "pk", "--json"])
        assert result.exit_code == 1, result.output  # the UPT held back, as always
        assert "Traceback" not in result.output
    outputs = json.loads(result.stdout)["outputs"]
    assert any(o["kind"] == "pk-dokumen" for o in outputs)
