"""The period job the CLI runs: validate and write the compliance report (laporan kepatuhan).

Each is one library call returning what it made, so a test or another program can run it
without the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.validate.period import Progress, Validation, validate_period
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


@dataclass
class JobResult:
    validation: Validation
    written: list[Path] = field(default_factory=list)


def period_output_dir(workspace: Workspace, periode: Periode) -> Path:
    return workspace.outputs / f"{periode.tahun:04d}" / f"{periode.bulan:02d}"


def validate_and_report(
    workspace: Workspace,
    periode: Periode,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> JobResult:
    """Validate the period and write the laporan kepatuhan (HTML and xlsx)."""
    from pipeline.validate.kepatuhan import write_html, write_xlsx

    validation = validate_period(workspace, periode, progress)
    target = out_dir or period_output_dir(workspace, periode)
    base = f"Laporan Kepatuhan {periode}"
    instansi = validation.config.instansi.nama
    report = validation.report
    written = [
        write_html(
            report, target / f"{base}.html", instansi=instansi, kertas=validation.config.kertas
        ),
        write_xlsx(report, target / f"{base}.xlsx"),
    ]
    return JobResult(validation, written)
