"""Working days and the planned dates of an SOP instance's steps."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pipeline.errors import SpecError, WorkspaceError
from pipeline.process.calendar import WorkCalendar, office_calendar
from pipeline.process.instance import instance_for, plan_steps
from pipeline.process.spec import load_schedules
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

D = dt.date


@pytest.fixture
def ws(tmp_path: Path, repo_root: Path) -> Workspace:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    return Workspace.open(tmp_path)


def test_national_holidays_and_cuti_bersama_are_not_working_days(ws: Workspace) -> None:
    cal = office_calendar(load_config(ws), [2024])
    # Idul Fitri 2024: 10-11 April, cuti bersama 8, 9, 12 and 15 April.
    for day in (8, 9, 10, 11, 12, 15):
        assert not cal.is_working_day(D(2024, 4, day)), day
    assert cal.is_working_day(D(2024, 4, 16))
    assert cal.closed_because(D(2024, 3, 24)) == "hari Minggu"
    assert cal.closed_because(D(2024, 3, 30)) == "hari Sabtu"
    assert cal.closed_because(D(2024, 8, 17)).startswith("hari libur (")  # type: ignore[union-attr]
    assert cal.on_or_after(D(2024, 4, 6)) == D(2024, 4, 16)
    assert cal.working_days_between(D(2024, 4, 5), D(2024, 4, 16)) == 1


def test_office_days_off_and_hours_come_from_the_config(ws: Workspace) -> None:
    config = ws.root / "sakip.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "jadwal:\n  jam_kerja: 8\n  libur_kantor:\n"
        + "    - {tanggal: 2024-03-04, keterangan: HUT Provinsi Sulawesi Tengah}\n",
        encoding="utf-8",
    )
    cal = office_calendar(load_config(ws), [2024])
    assert cal.minutes_per_day == 480
    assert cal.closed_because(D(2024, 3, 4)) == "hari libur (HUT Provinsi Sulawesi Tengah)"


def test_unreasonable_working_hours_are_refused(ws: Workspace) -> None:
    config = ws.root / "sakip.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "jadwal:\n  jam_kerja: 30\n", encoding="utf-8"
    )
    with pytest.raises(WorkspaceError, match=r"jadwal\.jam_kerja: 30"):
        load_config(ws)


def test_finish_day_counts_working_minutes_across_weekends() -> None:
    cal = WorkCalendar({D(2024, 1, 1): "Tahun Baru"}, 450)
    friday = D(2024, 1, 5)
    assert cal.finish_day(friday, 0, 450) == friday  # exactly one day's work
    assert cal.finish_day(friday, 0, 451) == D(2024, 1, 8)  # spills over the weekend
    assert cal.finish_day(friday, 449, 2) == D(2024, 1, 8)
    assert cal.add_working_days(D(2023, 12, 29), 1) == D(2024, 1, 2)


def test_instances_follow_each_sops_cadence(ws: Workspace) -> None:
    config = load_config(ws)
    schedules = load_schedules(ws)
    pk = instance_for(schedules["pk"], Periode(2024, 5), config)
    assert (pk.key, pk.label, pk.anchor) == ("2024", "2024", D(2024, 1, 2))
    assert pk.deadline == D(2024, 2, 1)  # one month after the DPA
    tw = instance_for(schedules["pengukuran"], Periode(2024, 2), config)
    assert (tw.key, tw.label, tw.anchor) == ("2024-TW1", "Triwulan I 2024", D(2024, 4, 1))
    data = instance_for(schedules["pengumpulan-data"], Periode(2024, 12), config)
    assert (data.key, data.label, data.anchor) == ("2024-12", "Desember 2024", D(2025, 1, 1))
    lkjip = instance_for(schedules["lkjip"], Periode(2025, 2), config)
    assert (lkjip.key, lkjip.anchor, lkjip.deadline) == ("2024", D(2025, 1, 1), D(2025, 3, 31))


def test_plan_of_the_pk_from_the_dpa_date(ws: Workspace) -> None:
    config_file = ws.root / "sakip.yaml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + "jadwal:\n  tanggal_dpa: 2024-01-05\n",
        encoding="utf-8",
    )
    config = load_config(ws)
    scheduled = load_schedules(ws)["pk"]
    instance = instance_for(scheduled, Periode(2024, 1), config)
    cal = office_calendar(config, [2024])
    plan = plan_steps(scheduled.sop.langkah, cal.on_or_after(instance.anchor), cal)
    # Steps 1-4 take 5 + 5 + 10 + 60 minutes: all on Friday 5 January.
    assert plan[1] == plan[4] == D(2024, 1, 5)
    # 5,840 minutes of work at 450 a day: 12.98 working days, so the 13th working day from
    # 5 January, skipping weekends: 23 January 2024.
    assert plan[30] == D(2024, 1, 23)
    assert all(cal.is_working_day(day) for day in plan.values())
    assert instance.deadline == D(2024, 2, 4)


def test_a_schedule_naming_a_missing_step_is_reported(ws: Workspace, repo_root: Path) -> None:
    folder = ws.root / "sop_specs" / "proses"
    folder.mkdir(parents=True)
    text = (repo_root / "sop_specs" / "proses" / "jadwal.yaml").read_text(encoding="utf-8")
    (folder / "jadwal.yaml").write_text(text.replace("disahkan: 21", "disahkan: 99"), "utf-8")
    with pytest.raises(SpecError, match=r"sop\.pk\.disahkan: langkah 99 tidak ada"):
        load_schedules(ws)
