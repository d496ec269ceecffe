"""The year that has ended: the example office runs December 2024 into January 2025, and
January's build makes the final LKjIP 2024 (from December's data, the whole year) with its
SK Tim and covering letter, signed and numbered in 2025, a draft until the SOP's approval."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx_text import cell_texts, dates_in

from pipeline.cli.main import cli
from pipeline.documents.letter_numbers import issued_numbers
from pipeline.example import create_workspace, write_example_inputs
from pipeline.example.data import for_month, load_data
from pipeline.process.calendar import office_calendar
from pipeline.process.steps import record_step
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

FINAL = "outputs/2024/tahunan/lkjip"


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += list(cell_texts(doc.tables))
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _build(root: Path, periode: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", periode, "--json"])
    assert result.exit_code == 1, result.output  # the example's UPT is held back on purpose
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("akhir-tahun") / "ws"
    create_workspace(root)
    write_example_inputs(root, [(2024, 12), (2025, 1)])
    return root


def test_january_makes_the_final_lkjip_of_the_year_before(office: Path) -> None:
    _build(office, "2024-12")
    january = _build(office, "2025-01")
    made = {o["kind"]: Path(o["path"]).relative_to(office).as_posix() for o in january["outputs"]}
    assert made["lkjip-akhir"] == f"{FINAL}/LKjIP Tahun 2024.docx"
    assert made["lkjip-sk"] == f"{FINAL}/SK Tim Penyusun LKjIP 2024.docx"
    assert made["lkjip-pengantar"] == f"{FINAL}/Surat Pengantar LKjIP 2024.docx"
    assert made["lkjip-draft"] == "outputs/2025/01/lkjip/Draft LKjIP 2025 (s.d. Januari 2025).docx"
    # December's workbooks are inputs of this build: the archive says what it was made from.
    assert any("inputs/2024/12/" in i["path"] for i in january["inputs"])

    report = _text(office / FINAL / "LKjIP Tahun 2024.docx")
    assert "TAHUN 2024" in report and "Draft s.d." not in report
    # The cover's last line is the year it is issued: 2025, for the year 2024.
    lines = report.splitlines()
    assert lines[lines.index("PEMERINTAH PROVINSI SULAWESI TENGAH") + 1] == "2025"
    assert "Laporan ini memuat data kinerja Tahun 2024 sampai dengan Desember 2024." in report
    assert "DRAFT — BELUM DISAHKAN KEPALA DINAS" in report  # step 13 not recorded yet
    # The whole year's figures, recomputed by hand from December's data: SEK-01 reached
    # its last value against an annual target of 78 (tren-naik, higher is better).
    sek01 = next(
        i
        for i in for_month(load_data(), 2024, 12)["unit"]["SEK"]["indikator"]
        if i["kode"] == "SEK-01"
    )
    capaian = f"{round(sek01['realisasi'][-1][0] / 78 * 100, 2):.2f}".replace(".", ",")
    assert f"Nilai SAKIP Perangkat Daerah sampai dengan Desember 2024 sebesar {capaian}%" in (
        report
    )
    # Tabel 3.2: the earlier years (2022 and 2023 from sakip.yaml, before the workspace).
    assert "Tahun 2022 sebesar 68,4\xa0nilai (capaian 97,71%); Tahun 2023 sebesar 72,9" in report

    # Signed in the SOP's run early in 2025, on working days, numbered in 2025's register.
    calendar = office_calendar(load_config(Workspace.open(office)), [2025])
    for name in ("SK Tim Penyusun LKjIP 2024", "Surat Pengantar LKjIP 2024"):
        text = _text(office / FINAL / f"{name}.docx")
        signed = {d for d in dates_in(text) if d.year == 2025}
        assert signed, name
        for day in signed:
            assert dt.date(2025, 1, 1) < day <= dt.date(2025, 3, 31), (name, day)
            assert calendar.is_working_day(day), (name, day)
        assert re.search(r"000\.9/\d{3}/DISKUKM/2025", text), name
    # The team works in 2025: its costs fall on the 2025 budget, not the year it reports on.
    sk = _text(office / FINAL / "SK Tim Penyusun LKjIP 2024.docx")
    assert "Tahun Anggaran 2025." in sk
    letter = _text(office / FINAL / "Surat Pengantar LKjIP 2024.docx")
    assert "LKjIP Tahun 2024" in letter and "Draft" not in letter

    # The 2025 draft compares with 2024 from the workspace's own December workbooks.
    draft = _text(office / "outputs/2025/01/lkjip/Draft LKjIP 2025 (s.d. Januari 2025).docx")
    assert f"Tahun 2024 sebesar {sek01['realisasi'][-1][0]:.2f}".replace(".", ",") in draft

    # Letter numbers restart at 001 in 2025; no number is given twice.
    numbers = issued_numbers(Workspace.open(office), 2025)
    assert sorted(n.urut for n in numbers) == list(range(1, len(numbers) + 1))
    assert any(n.identity.startswith("2024|lkjip-sk|") for n in numbers)
    assert len({n.nomor for n in numbers}) == len(numbers)


QUARTER_IV = "outputs/2024/12/pengukuran"
INVITATION = "Undangan Rapat Identifikasi dan Klarifikasi Hasil Pengukuran Triwulan IV 2024.docx"
NUMBER = re.compile(r"Nomor\s*:\s*(\S+)")


def _signed(path: Path) -> tuple[str, dt.date]:
    """A letter's number and the date it is signed (the "Palu, ..." line)."""
    text = _text(path)
    number = NUMBER.search(text)
    assert number is not None, text[:400]
    place = re.search(r"Palu, (\d{1,2} \w+ \d{4})", text)
    assert place is not None, text[:400]
    (signed,) = dates_in(place.group(0))
    return number.group(1), signed


def test_quarter_iv_letters_are_numbered_in_the_year_they_are_signed(office: Path) -> None:
    """Built in December, Triwulan IV's invitation is signed in January 2025: it carries a
    number of 2025's register, not 2024's."""
    _build(office, "2024-12")
    number, signed = _signed(office / QUARTER_IV / INVITATION)
    assert signed.year == 2025 and signed.weekday() < 5
    assert number.endswith("/2025"), number
    register = {n.nomor: n.identity for n in issued_numbers(Workspace.open(office), 2025)}
    assert register[number] == "2024|pengukuran-undangan|tw4"


def test_january_makes_quarter_iv_when_december_was_never_built(tmp_path: Path) -> None:
    """December's workbooks are there but December was never built: January 2025 makes
    Triwulan IV 2024's documents once, in December's folder, from December's workbooks, and
    numbers its letters in the register of the year they are signed in."""
    root = tmp_path / "ws"
    create_workspace(root)
    write_example_inputs(root, [(2024, 12), (2025, 1)])
    january = _build(root, "2025-01")
    quarter = [o for o in january["outputs"] if "/outputs/2024/12/pengukuran/" in o["path"]]
    kinds = {o["kind"] for o in quarter}
    assert {"pengukuran-unit", "pengukuran-dokumen", "pengukuran-undangan"} <= kinds
    assert any("inputs/2024/12/" in i["path"] for i in january["inputs"])
    text = _text(root / QUARTER_IV / "Dokumen Pengukuran Kinerja Triwulan IV 2024.docx")
    assert "Keadaan sampai dengan Desember 2024" in text
    number, signed = _signed(root / QUARTER_IV / INVITATION)
    assert (signed.year, signed.month) == (2025, 1) and number.endswith("/2025")
    # The build says which quarters it made and from which workbooks.
    shown = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2025-01"])
    assert "Triwulan IV 2024" not in shown.output  # made once: not again, not noted again
    again = _build(root, "2025-01")
    assert not [o for o in again["outputs"] if "/outputs/2024/12/" in o["path"]]


def _status_documents(root: Path, periode: str) -> dict[tuple[str, str], list[str]]:
    result = CliRunner().invoke(cli, ["status", "-w", str(root), "-p", periode, "--json"])
    assert result.exit_code == 0, result.output
    return {
        (i["sop"], i["instance"]): [d["path"] for d in i["documents"]]
        for i in json.loads(result.stdout)["instances"]
    }


def test_each_instance_lists_only_its_own_documents(office: Path) -> None:
    if not (office / FINAL / "LKjIP Tahun 2024.docx").exists():
        _build(office, "2024-12")
        _build(office, "2025-01")
    january = _status_documents(office, "2025-01")
    # January's LKjIP instance is the LKjIP 2024: its final report, SK Tim and covering
    # letter, not the draft LKjIP 2025 the same build made.
    assert sorted(january[("lkjip", "2024")]) == [
        f"{FINAL}/LKjIP Tahun 2024.docx",
        f"{FINAL}/SK Tim Penyusun LKjIP 2024.docx",
        f"{FINAL}/Surat Pengantar LKjIP 2024.docx",
    ]
    assert all("LKjIP 2025" not in p for paths in january.values() for p in paths)
    assert january[("pk", "2025")] and all(
        p.startswith("outputs/2025/tahunan/pk/") for p in january[("pk", "2025")]
    )
    # December's instance of the LKjIP is 2023's, of which nothing was built; its build made
    # the Pengukuran documents of the first three quarters too, which are not Triwulan IV's.
    december = _status_documents(office, "2024-12")
    assert december[("lkjip", "2023")] == []
    fourth = december[("pengukuran", "2024-TW4")]
    assert fourth and all(p.startswith("outputs/2024/12/pengukuran/") for p in fourth)


def test_the_final_lkjip_loses_its_draft_mark_once_approved(office: Path) -> None:
    ws = Workspace.open(office)
    if not (office / FINAL / "LKjIP Tahun 2024.docx").exists():
        _build(office, "2024-12")
        _build(office, "2025-01")
    day = dt.date(2025, 2, 10)  # a Monday
    for no in range(1, 14):
        decision = "ya" if no in (5, 6, 10, 11, 12) else None
        record_step(
            ws,
            "lkjip",
            Periode(2025, 1),
            no,
            tanggal=day,
            keputusan=decision,
            today=dt.date(2025, 3, 1),
        )
    again = _build(office, "2025-01")
    final = next(o for o in again["outputs"] if o["kind"] == "lkjip-akhir")
    assert not final["reused"]
    report = _text(office / FINAL / "LKjIP Tahun 2024.docx")
    assert "DRAFT — BELUM DISAHKAN" not in report
    assert "Palu, 10 Februari 2025" in report  # signed at the recorded step 13


def test_no_december_no_final_lkjip_and_one_line_why(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)  # January-March 2024 only
    write_example_inputs(root, [(2025, 1)])
    built = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2025-01"])
    assert built.exit_code == 1, built.output
    assert (
        "SK Tim Penyusun LKjIP 2024, LKjIP Tahun 2024, Surat Pengantar LKjIP 2024 "
        "tidak disusun: belum ada buku kerja Desember 2024 di inputs/2024/12/"
    ) in built.output
    assert not (root / FINAL).exists()
    # Triwulan I 2024 is made from March's workbooks; the later quarters have none, and the
    # summary says so once, with where their workbooks would go.
    assert "Dokumen Triwulan I 2024 belum pernah dibuat: dibuat sekarang" in built.output
    said = " ".join(built.output.split())
    assert (
        "Dokumen Triwulan II 2024, Triwulan III 2024, Triwulan IV 2024 belum pernah dibuat dan "
        "tidak dapat disusun"
    ) in said
    assert "(misalnya di inputs/2024/06/), lalu jalankan build ini lagi." in said


def test_a_pk_date_of_another_year_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    repo = Path(__file__).resolve().parents[2]
    text = (repo / "sakip.yaml").read_text(encoding="utf-8")
    # Set for 2024 and never changed: January 2025 must not print "5 Januari 2024" on 2025's PK.
    text = re.sub(
        r"^dokumen:.*$", "dokumen:\n  tanggal_penetapan_pk: 2024-01-05", text, count=1, flags=re.M
    )
    (root / "sakip.yaml").write_text(text, encoding="utf-8")
    write_example_inputs(root, [(2025, 1)])
    built = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2025-01"])
    assert built.exit_code == 1, built.output
    assert (
        "sakip.yaml: dokumen.tanggal_penetapan_pk 2024-01-05 bukan tanggal tahun 2025, padahal "
        "periode Januari 2025 adalah tahun 2025."
    ) in built.output
    assert "Traceback" not in built.output
    assert not list(root.rglob("*.docx"))
    assert issued_numbers(Workspace.open(root), 2025) == []
