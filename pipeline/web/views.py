"""What each page shows, as plain functions over the library (no HTTP here): the same calls
the CLI makes, with what an account may see filtered in one place."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.archive import ArchiveOutput, BuildSummary, VerifyReport, get_build, list_builds
from pipeline.archive import verify as verify_archive
from pipeline.archive.store import resolve_stored, stored_path
from pipeline.checker import CheckOptions, CheckResult, check_paths
from pipeline.errors import WebError
from pipeline.ingest.findings import STATUS_LABEL, Finding, Report, UnitStatus
from pipeline.office.formatting import tanggal
from pipeline.process.spec import load_schedules
from pipeline.process.status import DOCUMENT_LABEL, STATE_LABEL, InstanceStatus, period_status
from pipeline.process.steps import actor_person, cancel_last, record_step
from pipeline.sop.load import load_sops
from pipeline.validate.jobs import validate_and_report
from pipeline.validate.period import input_files, period_folder, validate_period
from pipeline.web.accounts import ROLES, Account
from pipeline.workbook.prefill import earlier_rows
from pipeline.workbook.write import write_unit_template
from pipeline.workspace.config import Unit, load_config
from pipeline.workspace.db import connect
from pipeline.workspace.paths import INPUTS_DIR, OUTPUTS_DIR, Workspace
from pipeline.workspace.periode import Periode

MAX_PDFS = 10
__all__ = ["period_folder"]


def role_label(role: str) -> str:
    return ROLES[role]


def default_periode(workspace: Workspace) -> Periode:
    """The newest period with a workbook under inputs/, else this month."""
    found: list[Periode] = []
    root = workspace.root / INPUTS_DIR
    for year in root.glob("[0-9][0-9][0-9][0-9]") if root.is_dir() else []:
        for month in year.glob("[0-9][0-9]"):
            if 1 <= int(month.name) <= 12 and input_files(month):
                found.append(Periode(int(year.name), int(month.name)))
    today = dt.date.today()
    return max(found) if found else Periode(today.year, today.month)


@dataclass
class Home:
    files: list[tuple[str, str]]
    """(file name, size) of the period's workbooks the account may see."""
    build: BuildSummary | None


def home(workspace: Workspace, periode: Periode, account: Account) -> Home:
    folder = period_folder(workspace, periode)
    files = []
    for path in input_files(folder):
        if account.is_unit:
            continue  # a unit sees its own workbook's findings on the upload page
        files.append((path.name, f"{path.stat().st_size / 1024:,.0f} KB".replace(",", ".")))
    builds = [b for b in list_builds(workspace) if b.periode == str(periode)]
    return Home(files, builds[-1] if builds else None)


@dataclass
class UnitFindings:
    status: UnitStatus | None
    findings: list[Finding]


def unit_findings(workspace: Workspace, periode: Periode, code: str) -> UnitFindings:
    report = validate_period(workspace, periode, reuse=True).report
    status = next((u for u in report.units if u.code == code), None)
    return UnitFindings(status, [f for f in report.findings if f.unit == code])


@dataclass
class Compliance:
    report: Report
    units: list[UnitStatus]
    findings: list[Finding]
    written: list[str] = field(default_factory=list)
    """The full report's files, relative to outputs/ (staff only)."""
    labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABEL))


def compliance(workspace: Workspace, periode: Periode, account: Account) -> Compliance:
    """The compliance report of the period (written to outputs/ as ``sakip validate`` does);
    a unit account sees its own row and findings only."""
    result = validate_and_report(workspace, periode)
    report = result.validation.report
    if account.is_unit:
        return Compliance(
            report,
            [u for u in report.units if u.code == account.unit],
            [f for f in report.findings if f.unit == account.unit],
        )
    outputs = (workspace.root / OUTPUTS_DIR).resolve()
    written = [p.resolve().relative_to(outputs).as_posix() for p in result.written]
    return Compliance(report, report.units, report.findings, written)


def check_buildable(workspace: Workspace, periode: Periode) -> None:
    if not input_files(period_folder(workspace, periode)):
        raise WebError(
            f"Belum ada buku kerja untuk periode {periode.nama} (folder "
            f"{INPUTS_DIR}/{periode.folder}). Unggah buku kerja unit lebih dulu."
        )


@dataclass
class Group:
    sop: str
    title: str
    files: list[tuple[Path, ArchiveOutput]]


@dataclass
class Outputs:
    build_id: int | None
    groups: list[Group]

    def relative(self, path: Path, workspace: Workspace) -> str:
        return path.relative_to((workspace.root / OUTPUTS_DIR).resolve()).as_posix()


def outputs(workspace: Workspace, periode: Periode, account: Account) -> Outputs:
    """The files of the period's newest build by SOP; a unit account gets its own unit's."""
    builds = [b for b in list_builds(workspace) if b.periode == str(periode)]
    if not builds:
        return Outputs(None, [])
    manifest = get_build(workspace, builds[-1].build_id)
    titles = {s.id: s.judul for s in load_sops(workspace)}
    base = (workspace.root / OUTPUTS_DIR).resolve()
    groups: dict[str, Group] = {}
    for out in manifest.outputs:
        if account.is_unit and out.unit != account.unit:
            continue
        path = resolve_stored(workspace, out.path).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            continue
        sop = out.sop or "umum"
        title = titles.get(sop, "Laporan periode")
        groups.setdefault(sop, Group(sop, title, [])).files.append((path, out))
    return Outputs(manifest.build_id, list(groups.values()))


def may_read(workspace: Workspace, account: Account, path: Path) -> bool:
    """Staff read every output; a unit account only what the archive records as its unit's."""
    if not account.is_unit:
        return True
    stored = stored_path(workspace.root, path)
    with connect(workspace) as conn:
        row = conn.execute(
            "SELECT 1 FROM archive_output WHERE path = ? AND unit = ? LIMIT 1",
            (stored, account.unit),
        ).fetchone()
    return row is not None


def units_for(workspace: Workspace, account: Account) -> list[Unit]:
    return [u for u in load_config(workspace).unit if account.may_see_unit(u.kode)]


def blank_workbook(workspace: Workspace, code: str, periode: Periode) -> Path:
    """``sakip template --unit CODE --periode P``: the same call, the same file."""
    return write_unit_template(workspace, code, periode, None, prefill=earlier_rows)


def check_pdfs(workspace: Workspace, periode: Periode, paths: list[Path]) -> list[CheckResult]:
    """``sakip check --periode P FILES``: check, cross-check the PK, record in sakip.db."""
    from pipeline.checker.expected import pk_crosscheck
    from pipeline.checker.record import record_checks

    results = check_paths(
        paths, "auto", workspace, CheckOptions(), extra_checks=[pk_crosscheck(workspace, periode)]
    )
    record_checks(workspace, str(periode), results)
    return results


@dataclass
class BoardItem:
    status: InstanceStatus
    may_record: bool
    on_behalf: bool
    decision: bool
    """The current step is a check: approve (ya) or return (tidak) with a note."""
    back_to: int | None


@dataclass
class Board:
    items: list[BoardItem]
    as_of: dt.date
    state_label: dict[str, str] = field(default_factory=lambda: dict(STATE_LABEL))
    document_label: dict[str, str] = field(default_factory=lambda: dict(DOCUMENT_LABEL))


def board(workspace: Workspace, periode: Periode, account: Account) -> Board:
    status = period_status(workspace, periode)
    schedules = load_schedules(workspace)
    own = load_config(workspace).unit_by_code(account.unit or "") if account.is_unit else None
    items = []
    for item in status.instances:
        steps = {s.no: s for s in schedules[item.instance.sop].sop.langkah}
        current = steps.get(item.current_step) if item.current_step else None
        may = current is not None and account.may_record(current.pelaksana)
        if own is not None and own.nama in item.recorded_units:
            may = False  # this unit's part is recorded; the others' are awaited
        items.append(
            BoardItem(
                item,
                may,
                may and current is not None and account.on_behalf(current.pelaksana),
                current is not None and current.keputusan is not None,
                current.keputusan.tidak if current and current.keputusan else None,
            )
        )
    return Board(items, status.as_of)


def parse_tanggal(text: str) -> dt.date:
    """'02-04-2024', '2/4/2024' or '2024-04-02' (what an office types, and ISO)."""
    parts = re.split(r"[-/.]", text.strip())
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 3 and len(parts[2]) == 4:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        pass
    raise WebError(f"Tanggal '{text}' tidak sah; tulis HH-BB-TTTT, misalnya 02-04-2024.")


def _entered_by(account: Account, actor_name: str, on_behalf: bool) -> str:
    if on_behalf:
        return f"{account.nama} ({account.peran_label}) atas nama {actor_name}, melalui meja web"
    return f"{account.nama} ({account.peran_label}), melalui meja web"


def record(
    workspace: Workspace,
    account: Account,
    periode: Periode,
    sop_id: str,
    no: int,
    tanggal_text: str,
    keputusan: str | None,
    catatan: str,
    paksa: bool,
) -> str:
    """Record step ``no`` for ``account``: its own step, or another actor's on their behalf
    by the Fungsional Umum, written as such in the record (dicatat_oleh)."""
    schedules = load_schedules(workspace)
    if sop_id not in schedules:
        raise WebError(f"SOP '{sop_id}' tidak dikenal.")
    sop = schedules[sop_id].sop
    step = next((s for s in sop.langkah if s.no == no), None)
    if step is None:
        raise WebError(f"SOP {sop.judul} tidak punya langkah {no}.")
    if not account.may_record(step.pelaksana):
        raise WebError(
            f"Langkah {no} SOP {sop.judul} dikerjakan oleh {sop.actor_name(step.pelaksana)}; "
            "akun Anda tidak dapat mencatatnya. Minta pelaksananya, atau Fungsional Umum atas "
            "namanya, untuk mencatat."
        )
    if keputusan not in (None, "ya", "tidak"):
        raise WebError("Keputusan harus 'ya' (diteruskan) atau 'tidak' (dikembalikan).")
    if keputusan == "tidak" and not catatan.strip():
        raise WebError("Tulis catatan alasan pengembalian pada isian Catatan.")
    day = parse_tanggal(tanggal_text) if tanggal_text.strip() else None
    config = load_config(workspace)
    # A unit account records its own unit's part of a step every unit does, never the
    # whole step for the office.
    unit = account.unit if account.is_unit and not account.on_behalf(step.pelaksana) else None
    actor = sop.actor_name(step.pelaksana)
    done = record_step(
        workspace,
        sop_id,
        periode,
        no,
        tanggal=day,
        unit=unit,
        keputusan=keputusan,
        catatan=catatan,
        paksa=paksa,
        dicatat_oleh=_entered_by(account, actor, account.on_behalf(step.pelaksana)),
    )
    person = done.oleh or actor_person(config, sop, step.pelaksana)
    what = {"ya": ", keputusan: diteruskan", "tidak": ", keputusan: dikembalikan"}
    text = (
        f"Langkah {done.no} SOP {done.title} {done.instance.label} dicatat: "
        f"{tanggal(done.tanggal)}, oleh {person}{what.get(keputusan or '', '')}"
    )
    text = text if text.endswith(".") else text + "."
    if done.waiting:
        text += f" Menunggu {len(done.waiting)} unit lagi: {', '.join(done.waiting)}."
    return text


def cancel(
    workspace: Workspace, account: Account, periode: Periode, sop_id: str, catatan: str
) -> str:
    done = cancel_last(
        workspace,
        sop_id,
        periode,
        catatan=catatan,
        dicatat_oleh=_entered_by(account, "", False),
    )
    return f"Catatan langkah {done.no} SOP {done.title} {done.instance.label} dibatalkan."


def builds(workspace: Workspace) -> list[BuildSummary]:
    return list(reversed(list_builds(workspace)))


def verify(workspace: Workspace) -> VerifyReport:
    return verify_archive(workspace)
