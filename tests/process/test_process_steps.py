"""Recording SOP steps and the status they give: a whole PK year with a return, refusals,
undo, append-only records, the CLI and the printed status board."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from chromium_tools import find_chromium, pdf_pages, run_chromium
from click.testing import CliRunner

from pipeline.cli.main import cli
from pipeline.errors import StepRecordError
from pipeline.process.calendar import office_calendar
from pipeline.process.status import period_status
from pipeline.process.steps import cancel_last, record_step
from pipeline.sop.load import load_sop
from pipeline.workspace.config import load_config
from pipeline.workspace.db import DB_FILE
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

D = dt.date
JAN = Periode(2024, 1)
TODAY = D(2024, 12, 31)


@pytest.fixture
def ws(tmp_path: Path, repo_root: Path) -> Workspace:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    return Workspace.open(tmp_path)


def _record_pk_year(ws: Workspace) -> list[tuple[int, D, str | None]]:
    """Every step of PK 2024, one working day apart from 2 January; the Kasubbag sends the
    draft PK back once at step 19 (to step 18), then all checks pass."""
    sop = load_sop("pk", ws)
    cal = office_calendar(load_config(ws), [2024])
    steps = {s.no: s for s in sop.langkah}
    day, no, returned, done = D(2024, 1, 2), 1, False, []
    while no is not None:
        decision = None
        if steps[no].keputusan is not None:
            decision = "tidak" if no == 19 and not returned else "ya"
            returned = returned or decision == "tidak"
        note = "Target indikator UKM-02 belum sesuai DPA" if decision == "tidak" else ""
        result = record_step(
            ws, "pk", JAN, no, tanggal=day, keputusan=decision, catatan=note, today=TODAY
        )
        done.append((no, day, decision))
        no = result.next_step
        day = cal.add_working_days(day, 1)
    return done


def test_a_whole_pk_year_with_one_return(ws: Workspace) -> None:
    done = _record_pk_year(ws)
    assert len(done) == 30 + 2  # steps 18 and 19 done twice
    assert done[18] == (19, D(2024, 1, 26), "tidak")
    assert done[19:21] == [(18, D(2024, 1, 29), None), (19, D(2024, 1, 30), "ya")]
    status = period_status(ws, Periode(2024, 6), as_of=TODAY)
    pk = next(i for i in status.instances if i.instance.sop == "pk")
    data = pk.to_json()
    assert data["instance"] == "2024"
    assert data["state"] == "selesai"
    assert data["current_step"] is None
    by_no = {s["no"]: s for s in data["steps"]}
    assert by_no[19]["decision"] == "ya"  # the decision that stands after the return
    assert by_no[1]["done"] == "2024-01-02"
    assert by_no[1]["by"] == "Dr. Andi Rahmat Lamarauna, S.E., M.Si."
    assert by_no[4]["by"] == "Rahmawati Dg. Matona"  # the Fungsional Umum of the config
    assert pk.document_state == "disahkan"
    # The PK was approved (step 21) on 1 February 2024: the deadline itself (one month after
    # the DPA of 2 January), so not late against it.
    assert by_no[21]["done"] == "2024-02-01"
    assert data["deadline"] == "2024-02-01"
    assert data["deadline_late_days"] == 0
    cal = office_calendar(load_config(ws), [2024])
    assert all(cal.is_working_day(D.fromisoformat(s["planned"])) for s in data["steps"])
    # One step a day is slower than the Mutu Baku: step 30 was planned for 18 January.
    assert by_no[30]["planned"] == "2024-01-18"
    assert by_no[30]["late_days"] > 0
    assert len(pk.history) == 32


def test_a_return_clears_the_steps_it_sends_back_and_replans_them(ws: Workspace) -> None:
    for no, day in ((1, 2), (2, 2), (3, 3), (4, 3)):
        record_step(ws, "pk", JAN, no, tanggal=D(2024, 1, day), today=TODAY)
    back = record_step(
        ws, "pk", JAN, 5, tanggal=D(2024, 1, 4), keputusan="tidak", catatan="Salah tanggal"
    )
    assert back.next_step == 4
    status = period_status(ws, JAN, as_of=D(2024, 1, 4))
    pk = next(i for i in status.instances if i.instance.sop == "pk")
    steps = {s.no: s for s in pk.steps}
    assert steps[4].done is None and steps[5].done is None  # to be done again
    assert pk.current_step == 4 and pk.current_actor == "Fungsional Umum"
    assert steps[4].planned == D(2024, 1, 4)  # planned again from the return
    assert [r.no for r in pk.history] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("no", "day", "decision", "message"),
    [
        (3, D(2024, 1, 3), None, "Langkah 3 SOP Penetapan Perjanjian Kinerja 2024 belum dapat"),
        (1, D(2024, 1, 3), None, "Langkah 1 SOP Penetapan Perjanjian Kinerja 2024 sudah dicatat"),
        (2, D(2024, 1, 6), None, "6 Januari 2024 adalah hari Sabtu, bukan hari kerja"),
        (2, D(2024, 2, 8), None, "adalah hari libur (Isra Mikraj Nabi Muhammad"),
        (2, D(2023, 12, 29), None, "lebih awal daripada langkah sebelumnya (langkah 1"),
        (2, D(2025, 1, 6), None, "belum lewat"),
        (2, D(2024, 1, 3), "ya", "bukan langkah pemeriksaan; hapus --keputusan"),
        (99, D(2024, 1, 3), None, "tidak punya langkah 99; langkahnya 1 sampai 30"),
    ],
)
def test_refusals_name_what_is_wrong(
    ws: Workspace, no: int, day: D, decision: str | None, message: str
) -> None:
    record_step(ws, "pk", JAN, 1, tanggal=D(2024, 1, 2), today=TODAY)
    with pytest.raises(StepRecordError, match=message.replace("(", r"\(")):
        record_step(ws, "pk", JAN, no, tanggal=day, keputusan=decision, today=TODAY)


def test_a_check_step_needs_its_decision_and_a_holiday_needs_paksa(ws: Workspace) -> None:
    for no in (1, 2, 3, 4):
        record_step(ws, "pk", JAN, no, tanggal=D(2024, 1, 2), today=TODAY)
    with pytest.raises(StepRecordError, match=r"--keputusan ya .* --keputusan tidak"):
        record_step(ws, "pk", JAN, 5, tanggal=D(2024, 1, 3), today=TODAY)
    saturday = record_step(
        ws, "pk", JAN, 5, tanggal=D(2024, 1, 6), keputusan="ya", paksa=True, today=TODAY
    )
    assert saturday.next_step == 6


def test_undo_is_a_new_record_and_records_cannot_be_rewritten(ws: Workspace) -> None:
    record_step(ws, "pk", JAN, 1, tanggal=D(2024, 1, 2), today=TODAY)
    record_step(ws, "pk", JAN, 2, tanggal=D(2024, 1, 5), today=TODAY)
    with pytest.raises(StepRecordError, match="alasan pembatalan"):
        cancel_last(ws, "pk", JAN, catatan=" ")
    undone = cancel_last(ws, "pk", JAN, catatan="salah tanggal", oleh="Rahmawati Dg. Matona")
    assert (undone.no, undone.next_step) == (2, 2)
    again = record_step(ws, "pk", JAN, 2, tanggal=D(2024, 1, 3), today=TODAY)
    assert again.next_step == 3
    with sqlite3.connect(ws.root / DB_FILE) as conn:
        rows = conn.execute("SELECT no, tanggal, membatalkan FROM sop_step_record").fetchall()
        assert rows == [
            (1, "2024-01-02", None),
            (2, "2024-01-05", None),
            (2, "2024-01-05", 2),
            (2, "2024-01-03", None),
        ]
        for statement in ("DELETE FROM sop_step_record", "UPDATE sop_step_record SET no = 9"):
            with pytest.raises(sqlite3.DatabaseError, match="tidak boleh"):
                conn.execute(statement)


def test_cli_records_and_shows_status(ws: Workspace, runner: CliRunner) -> None:
    base = ["langkah", "-w", str(ws.root), "--sop", "pk", "-p", "2024-03"]
    first = runner.invoke(cli, [*base, "--no", "1", "--tanggal", "2024-01-02"])
    assert first.exit_code == 0, first.output
    assert first.output == (
        "Langkah 1 SOP Penetapan Perjanjian Kinerja 2024 dicatat: 2 Januari 2024, oleh "
        "Dr. Andi Rahmat Lamarauna, S.E., M.Si.\nLangkah berikutnya: 2.\n"
    )
    refused = runner.invoke(cli, [*base, "--no", "2", "--tanggal", "2024-01-06"])
    assert refused.exit_code == 1
    assert refused.output == (
        "Galat: 6 Januari 2024 adalah hari Sabtu, bukan hari kerja. Periksa --tanggal, atau "
        "tambahkan --paksa bila langkah ini memang dikerjakan pada hari itu.\n"
    )
    usage = runner.invoke(cli, base)
    assert usage.exit_code == 2
    shown = runner.invoke(
        cli, ["status", "-w", str(ws.root), "-p", "2024-03", "--per", "2024-01-03", "--json"]
    )
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["periode"] == "2024-03"
    assert [i["sop"] for i in data["instances"]] == [
        "pengumpulan-data",
        "pk",
        "lkjip",
        "iki",
        "rak",
        "pengukuran",
        "lki",
    ]
    pk = data["instances"][1]
    assert {k: pk[k] for k in ("instance", "state", "current_step", "documents")} == {
        "instance": "2024",
        "state": "berjalan",
        "current_step": 2,
        "documents": [],
    }
    assert set(pk["steps"][0]) == {"no", "actor", "planned", "done", "by", "decision", "late_days"}
    assert data["instances"][0]["state"] == "belum_mulai"


def test_the_status_board_prints_in_chromium(ws: Workspace, tmp_path: Path) -> None:
    chromium = find_chromium()
    _record_pk_year(ws)
    from pipeline.process.board import write_board_html, write_board_xlsx

    status = period_status(ws, Periode(2024, 3), as_of=D(2024, 4, 30))
    page = write_board_html(status, "Dinas Koperasi", tmp_path / "papan.html")
    assert write_board_xlsx(status, tmp_path / "papan.xlsx").stat().st_size > 5000
    pdf = tmp_path / "papan.pdf"
    run_chromium(
        chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    pages = pdf_pages(pdf)
    printed = " ".join(text for _, text in pages)
    assert len(pages) >= 3
    for expected in (
        "Status Pelaksanaan SOP — Maret 2024",
        "Penetapan Perjanjian Kinerja — 2024: Selesai",
        "Dokumen utama: Disahkan.",
        "Tidak (dikembalikan)",
        "Pengumpulan Data Kinerja — Maret 2024: Belum mulai",
        "Batas waktu: 1 Februari 2024",
    ):
        assert expected in printed, expected


def test_sop_render_shows_the_instance_beside_the_standard(
    ws: Workspace, runner: CliRunner, tmp_path: Path
) -> None:
    import docx

    for no, day in ((1, 2), (2, 3), (3, 4)):
        record_step(ws, "pk", JAN, no, tanggal=D(2024, 1, day), today=TODAY)
    out = tmp_path / "sop"
    result = runner.invoke(
        cli, ["sop", "render", "pk", "-w", str(ws.root), "-p", "2024-02", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    svg = (out / "sop-pk-2024.svg").read_text(encoding="utf-8")
    assert (
        'id="langkah-1" data-no="1" data-pelaksana="kepala_dinas" data-menit="5" '
        'data-keadaan="selesai"' in svg
    )
    # Step 2 planned for 2 January and done on the 3rd: late by one working day.
    assert 'data-no="2" data-pelaksana="sekretaris" data-menit="5" data-keadaan="terlambat"' in svg
    table = docx.Document(str(out / "sop-pk-2024.docx")).tables[-1]
    remarks = [row.cells[-1].text for row in table.rows]
    assert "2024: rencana 2 Januari 2024; selesai 3 Januari 2024; terlambat 1 hari kerja" in remarks


def _collecting_until_step_11(ws: Workspace) -> None:
    checks = {s.no for s in load_sop("pengumpulan-data", ws).langkah if s.keputusan}
    for no in range(1, 11):
        decision = "ya" if no in checks else None
        record_step(
            ws, "pengumpulan-data", JAN, no, tanggal=D(2024, 2, 1), keputusan=decision, today=TODAY
        )


def test_each_unit_records_its_part_of_a_step_every_unit_does(ws: Workspace) -> None:
    _collecting_until_step_11(ws)
    units = [u.nama for u in load_config(ws).unit]
    first = record_step(ws, "pengumpulan-data", JAN, 11, tanggal=D(2024, 2, 6), unit="BKP")
    assert (first.oleh, first.next_step) == ("Bidang Kelembagaan dan Pengawasan Koperasi", 11)
    assert first.waiting == tuple(u for u in units if u != first.oleh)
    with pytest.raises(StepRecordError, match=r"Bagian Bidang Kelembagaan .* sudah dicatat"):
        record_step(ws, "pengumpulan-data", JAN, 11, tanggal=D(2024, 2, 7), unit="BKP")
    with pytest.raises(StepRecordError, match=r"Unit 'XYZ' tidak ada di sakip\.yaml"):
        record_step(ws, "pengumpulan-data", JAN, 11, tanggal=D(2024, 2, 7), unit="XYZ")
    # The next step cannot start while units are awaited.
    with pytest.raises(StepRecordError, match="langkah yang sedang berjalan adalah langkah 11"):
        record_step(ws, "pengumpulan-data", JAN, 12, tanggal=D(2024, 2, 7), today=TODAY)
    status = period_status(ws, JAN, as_of=TODAY)
    collecting = next(i for i in status.instances if i.instance.sop == "pengumpulan-data")
    assert collecting.current_step == 11
    assert collecting.recorded_units == (first.oleh,)
    assert collecting.to_json()["waiting_units"] == list(first.waiting)
    # Units send in any order: an earlier date than another unit's part is fine.
    record_step(ws, "pengumpulan-data", JAN, 11, tanggal=D(2024, 2, 5), unit="UPT")
    for code in ("SEK", "BPK"):
        record_step(ws, "pengumpulan-data", JAN, 11, tanggal=D(2024, 2, 12), unit=code)
    last = record_step(ws, "pengumpulan-data", JAN, 11, tanggal=D(2024, 2, 13), unit="UKM")
    assert (last.waiting, last.next_step) == ((), 12)
    done = period_status(ws, JAN, as_of=TODAY).instances[0]
    step_11 = next(s for s in done.steps if s.no == 11)
    assert step_11.done == D(2024, 2, 13)  # the step is done when the last unit sent
    # Undoing the last part reopens the step for that unit only.
    cancel_last(ws, "pengumpulan-data", JAN, catatan="belum lengkap")
    reopened = period_status(ws, JAN, as_of=TODAY).instances[0]
    assert (reopened.current_step, reopened.waiting_units) == (
        11,
        ("Bidang Usaha Kecil dan Menengah",),
    )


def test_a_step_of_one_actor_takes_no_unit_and_the_fungsional_umum_records_for_all(
    ws: Workspace, runner: CliRunner
) -> None:
    _collecting_until_step_11(ws)
    base = ["langkah", "-w", str(ws.root), "--sop", "pengumpulan-data", "-p", "2024-01"]
    part = runner.invoke(cli, [*base, "--no", "11", "--tanggal", "2024-02-05", "--unit", "SEK"])
    assert part.exit_code == 0, part.output
    assert part.output == (
        "Langkah 11 SOP Pengumpulan Data Kinerja Januari 2024 dicatat: 5 Februari 2024, oleh "
        "Sekretariat.\nLangkah 11 selesai bila semua unit sudah mencatat; menunggu 4 unit lagi: "
        "Bidang Kelembagaan dan Pengawasan Koperasi, Bidang Pemberdayaan Koperasi, Bidang Usaha "
        "Kecil dan Menengah, UPT Balai Pelatihan Koperasi dan UMKM.\n"
    )
    shown = runner.invoke(
        cli, ["status", "-w", str(ws.root), "-p", "2024-01", "--per", "2024-12-31"]
    )
    assert "11 (Bidang/UPT Balai Pelatihan), 1 dari 5 unit" in shown.output
    whole = runner.invoke(cli, [*base, "--no", "11", "--tanggal", "2024-02-06"])
    assert whole.exit_code == 0, whole.output
    assert whole.output.endswith("Langkah berikutnya: 12.\n")
    wrong = runner.invoke(cli, [*base, "--no", "12", "--tanggal", "2024-02-06", "--unit", "SEK"])
    assert wrong.exit_code == 1
    assert "dikerjakan oleh Fungsional Umum, bukan oleh tiap unit; hapus --unit." in wrong.output
