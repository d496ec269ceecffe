"""The recap job: validate, write the compliance report, then the Rekapitulasi Data Kinerja.

One library call returning what it made, so a test or another program can run it without the
command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.rekap.recap import Rekap, build_rekap, freeze_definitions
from pipeline.validate.jobs import JobResult, period_output_dir, validate_and_report
from pipeline.validate.period import Progress
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


@dataclass
class RekapResult(JobResult):
    rekap: Rekap | None = None


def rekap_period(
    workspace: Workspace,
    periode: Periode,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> RekapResult:
    """Validate, write the laporan kepatuhan, freeze the period's indicator definitions (of
    complete units, where not frozen yet), then write the Rekapitulasi Data Kinerja."""
    from pipeline.rekap.xlsx import write_rekap

    reported = validate_and_report(workspace, periode, out_dir, progress)
    result = RekapResult(reported.validation, reported.written)
    freeze_definitions(workspace, result.validation)
    rekap = build_rekap(workspace, result.validation)
    target = out_dir or period_output_dir(workspace, periode)
    config = result.validation.config
    path = target / f"Rekapitulasi Data Kinerja {periode}.xlsx"
    result.written.append(write_rekap(rekap, path, config.instansi.nama, config.kertas))
    result.rekap = rekap
    return result
