"""Results feed the process: a returned file that is complete, signed and matched to an
archived document records the SOP step at which that document is signed
(:mod:`pipeline.process.returns`), so ``sakip status`` shows it ``disahkan``. Only asked for
(``sakip check --catat``): a check alone never writes to ``sakip.db``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline.archive.store import OutputOrigin, output_origin
from pipeline.checker.result import CheckResult
from pipeline.documents.registry import load_registry
from pipeline.process.returns import ReturnRecord, record_signed_return
from pipeline.process.spec import Scheduled, load_schedules
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


def signed(result: CheckResult) -> bool:
    """Every signature block of the file holds a signature, and there is at least one."""
    return bool(result.signatures) and all(s["signed"] for s in result.signatures)


def record_returns(
    workspace: Workspace,
    results: Sequence[CheckResult],
    today: dt.date | None = None,
    tanggal: dt.date | None = None,
) -> list[ReturnRecord]:
    """One outcome per result, in order; files that are not complete, signed and matched
    are skipped with the reason. Steps are dated ``tanggal`` when given, else today."""
    frequency = {d.id: d.frekuensi for d in load_registry(workspace).dokumen}
    schedules = load_schedules(workspace)
    outcomes = []
    for result in results:
        name = Path(result.file).name
        why = _not_eligible(result)
        if why is not None:
            outcomes.append(ReturnRecord("skipped", f"'{name}' tidak dicatat: {why}."))
            continue
        assert result.matched is not None
        origin = output_origin(workspace, result.matched["path"], result.matched["build_id"])
        if origin is None or origin.sop is None or origin.step is None:
            outcomes.append(
                ReturnRecord(
                    "skipped",
                    f"'{name}' tidak dicatat: dokumen arsipnya bukan keluaran langkah SOP.",
                )
            )
            continue
        periode = instance_periode(origin, frequency, schedules)
        catatan = (
            f"Dicatat dari dokumen yang kembali '{name}': lengkap, bertanda tangan, cocok "
            f"dengan arsip (kode {result.matched['code']}, build {result.matched['build_id']})."
        )
        outcome = record_signed_return(
            workspace, origin.sop, origin.step, periode, catatan, today=today, tanggal=tanggal
        )
        outcomes.append(
            ReturnRecord(
                outcome.outcome,
                f"'{name}': {outcome.message}",
                outcome.sop,
                outcome.instance,
                outcome.no,
                outcome.record_id,
            )
        )
    return outcomes


def instance_periode(
    origin: OutputOrigin, frequency: Mapping[str, str], schedules: Mapping[str, Scheduled]
) -> Periode:
    """A period of the SOP instance an archived document belongs to (``frequency``: each
    kind's frekuensi in dokumen.yaml)."""
    periode = Periode.parse(origin.periode)
    scheduled = schedules.get(origin.sop or "")
    if (
        scheduled is not None
        and scheduled.jadwal.jangkar == "awal_tahun_berikut"
        and frequency.get(origin.kind) != "tahunan"
    ):
        # A draft made during the year (the LKjIP s.d. a month) belongs to that year's
        # instance, which runs early the next year.
        periode = Periode(periode.tahun + 1, 1)
    return periode


def _not_eligible(result: CheckResult) -> str | None:
    if result.matched is None:
        return "tidak memuat kode verifikasi dokumen arsip"
    if not result.complete:
        return f"statusnya {result.status_label}"
    if not signed(result):
        return "tanda tangannya tidak ditemukan"
    return None
