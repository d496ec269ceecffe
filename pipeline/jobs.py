"""The period jobs the CLI runs: validate and write the compliance report; recap.

Each is one library call returning what it made, so a test or another program can run it
without the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.periode import Periode
from pipeline.rekap import Rekap, build_rekap
from pipeline.validate import Progress, Validation, validate_period
from pipeline.workspace import Workspace


@dataclass
class JobResult:
    validation: Validation
    written: list[Path] = field(default_factory=list)
    rekap: Rekap | None = None


def period_output_dir(workspace: Workspace, periode: Periode) -> Path:
    return workspace.outputs / f"{periode.tahun:04d}" / f"{periode.bulan:02d}"


def validate_and_report(
    workspace: Workspace,
    periode: Periode,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> JobResult:
    """Validate the period and write the laporan kepatuhan (HTML and xlsx)."""
    from pipeline.laporan import write_html, write_xlsx

    validation = validate_period(workspace, periode, progress)
    target = out_dir or period_output_dir(workspace, periode)
    base = f"Laporan Kepatuhan {periode}"
    instansi = validation.config.instansi.nama
    report = validation.report
    written = [
        write_html(report, target / f"{base}.html", instansi=instansi,
                   kertas=validation.config.kertas),
        write_xlsx(report, target / f"{base}.xlsx"),
    ]  # fmt: skip
    return JobResult(validation, written)


def rekap_period(
    workspace: Workspace,
    periode: Periode,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> JobResult:
    """Validate, write the laporan kepatuhan, then the Rekapitulasi Data Kinerja."""
    from pipeline.rekap_xlsx import write_rekap

    result = validate_and_report(workspace, periode, out_dir, progress)
    rekap = build_rekap(workspace, result.validation)
    target = out_dir or period_output_dir(workspace, periode)
    instansi = result.validation.config.instansi.nama
    result.written.append(
        write_rekap(rekap, target / f"Rekapitulasi Data Kinerja {periode}.xlsx", instansi)
    )
    result.rekap = rekap
    return result
