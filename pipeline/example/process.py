"""The example office's recorded SOP steps, so that ``sakip status`` shows a real board on a
new example workspace: the PK 2024 approved after one return, the RAK and IKI 2024 under way,
and the data collection of March 2024 at the Bidang/UPT's step."""

from __future__ import annotations

import datetime as dt

from pipeline.process.calendar import office_calendar
from pipeline.process.steps import find_scheduled, record_step
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

# As if recorded at the end of April 2024: the checks against the clock stay true.
RECORDED_BY = dt.date(2024, 4, 30)
RETURN_NOTE = "Target indikator pada draft PK belum sesuai DPA; mohon disesuaikan."

# SOP id, period, first working day, the last step to record, the step sent back once
PLAN = (
    ("pk", Periode(2024, 1), dt.date(2024, 1, 2), 22, 19),
    ("rak", Periode(2024, 1), dt.date(2024, 1, 10), 10, None),
    ("iki", Periode(2024, 1), dt.date(2024, 1, 15), 8, None),
    ("pengumpulan-data", Periode(2024, 3), dt.date(2024, 4, 1), 10, None),
)


def record_example_steps(workspace: Workspace) -> int:
    """Record the example's steps: the long ones (four hours or more) end a working day, the
    short ones follow on the same day. Returns how many were recorded."""
    config = load_config(workspace)
    calendar = office_calendar(config, [2024])
    count = 0
    for sop_id, periode, start, last, returned_at in PLAN:
        steps = {s.no: s for s in find_scheduled(workspace, sop_id).sop.langkah}
        day, returned = start, False
        no: int | None = 1
        while no is not None and no <= last:
            decision = None
            if steps[no].keputusan is not None:
                decision = "tidak" if no == returned_at and not returned else "ya"
                returned = returned or decision == "tidak"
            done = record_step(
                workspace,
                sop_id,
                periode,
                no,
                tanggal=day,
                keputusan=decision,
                catatan=RETURN_NOTE if decision == "tidak" else "",
                today=RECORDED_BY,
            )
            count += 1
            day = calendar.add_working_days(day, 1 if steps[no].waktu_menit >= 240 else 0)
            no = done.next_step
    return count
