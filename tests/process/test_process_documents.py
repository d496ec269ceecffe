"""Documents follow the process: built before and after steps are recorded, the letters carry
the dates of the steps that sign them (working days), and the marks of a draft go once the
approval is recorded."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx_text import cell_texts, dates_in
from openpyxl import load_workbook

from pipeline.cli.main import cli
from pipeline.example import create_workspace
from pipeline.process.calendar import office_calendar
from pipeline.process.records import read_records
from pipeline.process.steps import record_step
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

ANNUAL = "outputs/2024/tahunan"
MARCH = "outputs/2024/03"


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += cell_texts(doc.tables)
    return "\n".join(parts)


def _build(root: Path) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-03", "--json"])
    assert result.exit_code == 1, result.output  # the example's UPT is held back on purpose
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proses") / "ws"
    create_workspace(root)  # with the example's recorded steps
    return root


def test_letters_are_dated_by_their_steps_on_working_days(office: Path) -> None:
    manifest = _build(office)
    ws = Workspace.open(office)
    calendar = office_calendar(load_config(ws), [2024])
    letters = [
        office / o["path"]
        for o in manifest["outputs"]
        if o["path"].endswith(".docx")
        and re.search(r"/(Surat|Undangan|Daftar Hadir|Notulensi)", o["path"])
    ]
    assert len(letters) >= 15
    for path in letters:
        for day in dates_in(_text(path)):
            assert calendar.is_working_day(day), f"{path.name}: {day} is not a working day"
    # Every document is dated on the day it is signed: a working day, never Sunday 31 March.
    for path in (office / "outputs").rglob("*.docx"):
        for day in dates_in("\n".join(re.findall(r"Palu, [^\n]*", _text(path)))):
            assert calendar.is_working_day(day), f"{path.name}: signed on {day}"
    # The PK undangan was signed at step 7 of PK 2024, as recorded.
    signed = next(r.tanggal for r in read_records(ws, "pk", "2024") if r.no == 7)
    assert signed == dt.date(2024, 1, 3)
    undangan = _text(
        office / ANNUAL / "pk" / "Undangan Rapat Penyusunan Perjanjian Kinerja 2024.docx"
    )
    assert "Palu, 3 Januari 2024" in undangan
    # The TW I klarifikasi meeting: no step recorded yet, so planned on working days after
    # the quarter (Idul Fitri's cuti bersama left out), never Sunday 31 March 2024.
    tw1 = office / MARCH / "pengukuran"
    invitation = _text(
        tw1 / "Undangan Rapat Identifikasi dan Klarifikasi Hasil Pengukuran Triwulan I 2024.docx"
    )
    assert dt.date(2024, 3, 31) not in dates_in(invitation)
    assert min(dates_in(invitation)) >= dt.date(2024, 4, 1)
    # The LKjIP 2024's SK Tim and covering letter belong to its SOP run early in 2025.
    assert not (office / ANNUAL / "lkjip").exists()


def test_draft_marks_follow_the_approval_steps(office: Path) -> None:
    _build(office)
    pk = _text(office / ANNUAL / "pk" / "Dokumen Perjanjian Kinerja 2024.docx")
    rak = _text(office / ANNUAL / "rak" / "Dokumen Rencana Aksi Kinerja 2024.docx")
    assert "DRAFT" not in pk  # the example recorded the Kepala Dinas's approval (step 21)
    assert "DRAFT — BELUM DISAHKAN KEPALA DINAS" in rak  # RAK 2024 is still at step 11
    rekap = office / MARCH / "Rekapitulasi Data Kinerja 2024-03.xlsx"
    assert "(SEMENTARA)" in str(load_workbook(rekap).worksheets[0]["A1"].value)

    # The Kepala Dinas approves the RAK and the recap: the next build drops both marks.
    ws = Workspace.open(office)
    today = dt.date(2024, 4, 30)
    for sop, periode, first, last in (("rak", 1, 11, 15), ("pengumpulan-data", 3, 11, 15)):
        day = dt.date(2024, 4, 16)
        for no in range(first, last + 1):
            decision = "ya" if no in (13, 14) else None
            record_step(
                ws, sop, Periode(2024, periode), no, tanggal=day, keputusan=decision, today=today
            )
    _build(office)
    rak = _text(office / ANNUAL / "rak" / "Dokumen Rencana Aksi Kinerja 2024.docx")
    assert "DRAFT" not in rak
    assert "(SEMENTARA)" not in str(load_workbook(rekap).worksheets[0]["A1"].value)


def test_status_of_the_example_office(office: Path, runner: CliRunner) -> None:
    shown = runner.invoke(
        cli, ["status", "-w", str(office), "-p", "2024-03", "--per", "2024-04-30", "--json"]
    )
    assert shown.exit_code == 0, shown.output
    by_sop = {i["sop"]: i for i in json.loads(shown.output)["instances"]}
    pk = by_sop["pk"]
    assert (pk["state"], pk["current_step"]) == ("berjalan", 23)
    assert {d["state"] for d in pk["documents"]} <= {"disahkan"}
    decisions = {s["no"]: s["decision"] for s in pk["steps"] if s["decision"]}
    assert decisions[19] == "ya"
    assert by_sop["pengumpulan-data"]["state"] == "berjalan"
    assert by_sop["lkjip"]["instance"] == "2023"
