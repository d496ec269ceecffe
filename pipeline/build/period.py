"""``sakip build``: the monthly build of a period — ingest, validate, recap, documents, archive.

Contexts (and letter numbers) are prepared in this process; the documents are rendered in
worker processes on every core. A document whose inputs did not change since it was last made
is not rendered again. A unit whose data has galat gets no documents unless ``force``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.build.plan import Failure, Job, fingerprint_of, plan, target_of
from pipeline.documents.contexts import BuildEnv, LetterNumber, Subject, kinds, title_of
from pipeline.documents.model import Dasar
from pipeline.documents.registry import DokumenSpec, load_registry
from pipeline.ingest.findings import Report
from pipeline.process.dates import ProcessDates, process_dates
from pipeline.rekap.history import earlier_years
from pipeline.rekap.recap import Rekap, held_units
from pipeline.sop.load import load_sops
from pipeline.validate.jobs import period_output_dir
from pipeline.validate.period import Validation
from pipeline.workspace.config import check_year_dates
from pipeline.workspace.fingerprint import sha256_file
from pipeline.workspace.paths import HASHES_FILE, OLD_CACHE, Workspace
from pipeline.workspace.periode import ROMAWI, Periode

if TYPE_CHECKING:
    from pipeline.archive.file_hashes import FileHashes
    from pipeline.archive.model import LastOutput

Progress = Callable[[str, int, int], None]
"""(stage description, done, total)"""


@dataclass(frozen=True)
class Output:
    path: Path
    sha256: str
    kind: str
    unit: str
    sop: str
    step: int
    rebuilt: bool
    fingerprint: str = ""
    code: str = ""
    """The verification code printed on the document (empty for reports and PDFs)."""


@dataclass
class BuildResult:
    periode: Periode
    outputs: list[Output] = field(default_factory=list)
    held_back: dict[str, str] = field(default_factory=dict)
    failed: list[Failure] = field(default_factory=list)
    """Documents that could not be made (the others were); recorded in the manifest."""
    pdf_failed: list[Failure] = field(default_factory=list)
    """Documents made whose PDF LibreOffice could not write (``--pdf``): the docx stands, its
    PDF does not; recorded in the manifest with the documents that failed (target: the PDF)."""
    inputs: list[Path] = field(default_factory=list)
    build_id: int | None = None
    report: Report | None = None
    """The period's compliance report (laporan kepatuhan)."""
    notes: list[str] = field(default_factory=list)
    """Indonesian sentences for the summary: what the build left as it was, and why, and
    what else it made or could not make (the LKjIP of the year that has ended)."""

    @property
    def complete(self) -> bool:
        return not self.held_back and not self.failed


def build_period(
    workspace: Workspace,
    periode: Periode,
    sops: list[str] | None = None,
    force: bool = False,
    pdf: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> BuildResult:
    from pipeline.archive import intact, latest_outputs
    from pipeline.archive.file_hashes import FileHashes
    from pipeline.rekap.recap import build_rekap, freeze_definitions
    from pipeline.validate.period import validate_period

    say = progress or (lambda _stage, _done, _total: None)
    say("Membaca dan memeriksa buku kerja", 0, 1)
    _remove_old_cache(workspace)
    with Workers(workers, before_start=lambda: _precompile(workspace, sops)) as pool:
        validation = validate_period(workspace, periode, reuse=True)
        check_year_dates(validation.config, workspace, periode.tahun, periode.nama)
        _check_something_to_build(workspace, validation, force)
        # The one step that fixes the period's indicator definitions (never a check's).
        freeze_definitions(workspace, validation)
        rekap = build_rekap(workspace, validation, force)
        result = BuildResult(periode, inputs=list(validation.inputs))
        result.report = validation.report
        out_dir = period_output_dir(workspace, periode)
        latest = latest_outputs(workspace)
        hashes = FileHashes(workspace.root / HASHES_FILE)
        # The reports are written by the workers while this process plans the documents: the
        # recap (the longest) at once, the compliance reports once the largest compilation
        # has been handed over.
        process = process_dates(workspace, validation.config, periode)
        # The recap stays "sementara" until the Kepala Dinas's approval step is recorded.
        rekap.disahkan = process.is_approved("pengumpulan-data")
        pending = _reports(workspace, validation, rekap, out_dir, latest, hashes)
        reports = [_start(pool, *pending.pop(0))]
        env = environment(workspace, validation, rekap, force, result.held_back, process)
        specs = [
            d for d in due(env.registry, periode, env.process) if sops is None or d.sop in sops
        ]
        rendering: list[tuple[Job, Future[str]]] = []

        def recorded(target: Path) -> str | None:
            last = latest.get(_relative(workspace, target))
            return last.inputs_fingerprint if last is not None and intact(last, hashes) else None

        kept = _annual_of_later_months(workspace, periode, latest, hashes, result)
        for group in _plan_order(specs, env, out_dir):
            jobs = plan(workspace, group, env, out_dir, result.failed, recorded, kept)
            rendering += _submit(workspace, jobs, latest, result, pool, env.config.kertas)
            reports += [_start(pool, *item) for item in pending]
            pending = []
        reports += [_start(pool, *item) for item in pending]
        for quarter_end, quarter_env in _missed_quarters(
            workspace, validation, env, sops, force, latest, result
        ):
            quarter_dir = period_output_dir(workspace, quarter_end)
            quarter_specs = [
                d
                for d in due(env.registry, quarter_end, quarter_env.process)
                if d.frekuensi == "triwulan" and (sops is None or d.sop in sops)
            ]
            jobs = plan(workspace, quarter_specs, quarter_env, quarter_dir, result.failed)
            rendering += _submit(workspace, jobs, latest, result, pool, env.config.kertas)
        ended = ended_year(workspace, env, sops, force, result)
        if ended is not None:
            ended_env, ended_specs, ended_dir = ended
            jobs = plan(workspace, ended_specs, ended_env, ended_dir, result.failed, recorded)
            rendering += _submit(workspace, jobs, latest, result, pool, env.config.kertas)
        _collect(workspace, rendering, result, say)
        result.outputs[:0] = [_report_output(item, future) for item, future in reports]
    _pdfs(workspace, result, latest, hashes, pdf, say)
    hashes.save()
    return result


def _missed_quarters(
    workspace: Workspace,
    validation: Validation,
    env: BuildEnv,
    sops: list[str] | None,
    force: bool,
    latest: dict[str, LastOutput],
    result: BuildResult,
) -> list[tuple[Periode, BuildEnv]]:
    """The earlier quarters whose documents were never made (their last month was never
    built, or built without their SOP), each with the environment to make them in: a
    quarter's documents belong to its last month's folder and are made when that month "or a
    later one" is built, so skipping the month must not lose them, not even across the turn
    of the year (December never built: January makes Triwulan IV). Once made, they are not
    made again by later months: a quarter's documents exist once."""
    from pipeline.rekap.recap import build_rekap, freeze_definitions
    from pipeline.validate.period import period_folder

    periode = validation.periode
    quarterly = {
        d.sop for d in env.registry if d.frekuensi == "triwulan" and (sops is None or d.sop in sops)
    }
    out = []
    unmade: list[Periode] = []
    for quarter_end in _earlier_quarter_ends(workspace, periode):
        folder = _relative(workspace, period_output_dir(workspace, quarter_end))
        made = {sop for sop in quarterly if any(k.startswith(f"{folder}/{sop}/") for k in latest)}
        if not quarterly - made:
            continue
        source = _quarter_source(workspace, quarter_end, validation)
        if source is None:
            unmade.append(quarter_end)
            continue
        if not source.units or len(held_units(source, force)) == len(source.config.unit):
            continue  # that month has nothing to make them from; its own build says why
        if source.periode != periode:
            freeze_definitions(workspace, source)
        # The recap reads a later month's workbook up to the quarter's last month.
        quarter = dataclasses.replace(source, periode=quarter_end)
        rekap = build_rekap(workspace, quarter, force)
        process = process_dates(workspace, quarter.config, quarter_end)
        rekap.disahkan = process.is_approved("pengumpulan-data")
        quarter_env = environment(workspace, quarter, rekap, force, {}, process)
        if source.periode == periode:
            # Held for this period's workbooks: the reasons name this period's report.
            quarter_env = dataclasses.replace(quarter_env, held=dict(env.held))
        result.inputs += [p for p in source.inputs if p not in result.inputs]
        result.notes.append(
            f"Dokumen {_quarter_name(quarter_end)} belum pernah dibuat: dibuat sekarang dari "
            f"buku kerja {source.periode.nama}, di {folder}/."
        )
        out.append((quarter_end, quarter_env))
    if unmade:
        names = ", ".join(_quarter_name(q) for q in unmade)
        first = _relative(workspace, period_folder(workspace, unmade[0]))
        result.notes.append(
            f"Dokumen {names} belum pernah dibuat dan tidak dapat disusun: tidak ada buku kerja "
            f"bulan akhir triwulan itu atau bulan sesudahnya pada tahun {unmade[0].tahun}. Bila "
            f"dokumen itu diperlukan, simpan buku kerja unit bulan akhir triwulannya (misalnya "
            f"di {first}/), lalu jalankan build ini lagi."
        )
    return out


def _earlier_quarter_ends(workspace: Workspace, periode: Periode) -> list[Periode]:
    """The last months of the quarters before ``periode``'s: of its year, and of the year
    before when the workspace holds workbooks of that year (an office that starts with sakip
    in January has no earlier quarters to make)."""
    from pipeline.validate.period import input_files, period_folder

    ends = [Periode(periode.tahun, month) for month in range(3, periode.bulan, 3)]
    last_year = [Periode(periode.tahun - 1, month) for month in range(1, 13)]
    if any(input_files(period_folder(workspace, month)) for month in last_year):
        ends[:0] = [month for month in last_year if month.bulan % 3 == 0]
    return ends


def _quarter_source(
    workspace: Workspace, quarter_end: Periode, validation: Validation
) -> Validation | None:
    """The workbooks a missed quarter's documents are made from: its last month's, else the
    first later month of its year that has workbooks (each month's workbook carries the year
    so far), which is this period's own within this year; None when there is none."""
    from pipeline.validate.period import input_files, period_folder, validate_period

    for month in range(quarter_end.bulan, 13):
        candidate = Periode(quarter_end.tahun, month)
        if candidate == validation.periode:
            return validation
        if input_files(period_folder(workspace, candidate)):
            return validate_period(workspace, candidate, reuse=True)
    return None


def _quarter_name(quarter_end: Periode) -> str:
    return f"Triwulan {ROMAWI[quarter_end.triwulan - 1]} {quarter_end.tahun}"


def _annual_of_later_months(
    workspace: Workspace,
    periode: Periode,
    latest: dict[str, LastOutput],
    hashes: FileHashes,
    result: BuildResult,
) -> Callable[[Path], str | None]:
    """target -> the recorded fingerprint of an annual document that a build of a later month
    of the year made (and that is still as it was), else None. The newest month built decides
    the year's PK, RAK, IKI and SK Tim: rebuilding an earlier month leaves them as they are,
    so its older sheets never bring back what a later workbook replaced."""
    from pipeline.archive import intact

    def kept(target: Path) -> str | None:
        last = latest.get(_relative(workspace, target))
        if last is None or not _later_in_year(last.made_in, periode) or not intact(last, hashes):
            return None
        made_by = Periode.parse(last.made_in).nama
        note = (
            f"Dokumen tahunan {periode.tahun} tidak disusun ulang: dokumen itu dibuat dari buku "
            f"kerja {made_by}, bulan yang lebih baru. Bila lembar PK, RAK atau IKI berubah, "
            f"jalankan sakip build --periode {last.made_in}."
        )
        if note not in result.notes:
            result.notes.append(note)
        return last.inputs_fingerprint

    return kept


def _later_in_year(made_by: str, periode: Periode) -> bool:
    """``made_by`` ("2024-03", the period of the build that recorded a file) is a later month
    of ``periode``'s year."""
    return made_by[:4] == f"{periode.tahun:04d}" and made_by > str(periode)


def _plan_order(specs: list[DokumenSpec], env: BuildEnv, out_dir: Path) -> list[list[DokumenSpec]]:
    """The office-wide compilations one by one, largest first (by the file the last build
    made), so the longest render reaches a worker first while the rest is still planned;
    then every unit's documents together."""

    def size(spec: DokumenSpec) -> int:
        target = target_of(spec, title_of(spec, Subject(), env), out_dir)
        return target.stat().st_size if target.exists() else 0

    office = sorted((d for d in specs if d.lingkup == "instansi"), key=lambda d: -size(d))
    return [*([d] for d in office), [d for d in specs if d.lingkup != "instansi"]]


def _remove_old_cache(workspace: Workspace) -> None:
    """What earlier versions kept in the cache folder (never read any more)."""
    import contextlib
    import shutil

    for name in OLD_CACHE:
        path = workspace.root / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _precompile(workspace: Workspace, sops: list[str] | None) -> None:
    """Compile the templates the build may render, once, before the workers fork."""
    from pipeline.documents.render import precompile

    names = {d.templat for d in load_registry(workspace).dokumen if sops is None or d.sop in sops}
    precompile(workspace.template(name) for name in sorted(names))


class Workers:
    """Worker processes on every core, started only when there is work for them (a rebuild
    with nothing to do forks nothing); ``count`` 1 works in this process. ``before_start``
    runs once, before the first task: in this process, so that forked workers inherit what
    it prepared."""

    def __init__(self, count: int | None, before_start: Callable[[], None] | None = None) -> None:
        self.count = count or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None
        self.before_start = before_start

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.before_start is not None:
            prepare, self.before_start = self.before_start, None
            prepare()
        if self.count <= 1:
            done: Future[Any] = Future()
            done.set_result(fn(*args))
            return done
        if self.pool is None:
            # Forked (not spawned): the workers start with the templates compiled here.
            self.pool = ProcessPoolExecutor(
                max_workers=self.count, mp_context=multiprocessing.get_context("fork")
            )
        return self.pool.submit(fn, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def environment(
    workspace: Workspace,
    validation: Validation,
    rekap: Rekap,
    force: bool,
    held_back: dict[str, str],
    process: ProcessDates | None = None,
    numbers: LetterNumber | None = None,
) -> BuildEnv:
    """What the document builders need; units held back are listed in ``held_back``. A letter
    gets its number from the register (given on first use) unless ``numbers`` says otherwise."""
    from pipeline.documents.letter_numbers import letter_number

    held_back.update(held_units(validation, force))
    units = {
        unit.kode: validation.units[unit.kode]
        for unit in validation.config.unit
        if unit.kode not in held_back
    }
    config = validation.config
    periode = validation.periode

    def number(identity: str, signed: dt.date) -> str:
        # The register of the year the letter is signed in, and the month it is signed in
        # ({bulan_romawi}): TW IV's letters, signed in January, are of the new year.
        return letter_number(
            workspace, identity, signed.year, config.nomor_surat, bulan=signed.month
        )

    return BuildEnv(
        config=config,
        periode=periode,
        sops={s.id: s for s in load_sops(workspace)},
        units=units,
        rekap=rekap,
        letter_number=numbers or number,
        registry=list(load_registry(workspace).dokumen),
        logo=_logo(workspace, config.instansi.logo),
        process=process or process_dates(workspace, config, periode),
        held=dict(held_back),
        riwayat=earlier_years(workspace, config, periode.tahun),
    )


def ended_year(
    workspace: Workspace,
    env: BuildEnv,
    sops: list[str] | None,
    force: bool,
    result: BuildResult,
) -> tuple[BuildEnv, list[DokumenSpec], Path] | None:
    """The annual documents of an SOP whose instance this period is for the year that has
    ended (the LKjIP 2024, its SK Tim and covering letter, in January-March 2025), with the
    environment they are built in and the folder of that year; None when there are none due.

    Their data are the ended year's December (its workbooks carry the whole year), their
    dates and state come from the SOP's run in the new year, and their letters take numbers
    of the new year's register (they are signed in it). They are due until the SOP's
    regulatory deadline and, after it, until its approval is recorded. A year whose December
    has no workbook gets a note instead of an empty document."""
    from pipeline.rekap.recap import build_rekap
    from pipeline.validate.period import input_files, period_folder, validate_period

    periode, process = env.periode, env.process
    if process is None:
        return None
    first_day = dt.date(periode.tahun, periode.bulan, 1)
    ended: dict[int, list[DokumenSpec]] = {}
    for spec in env.registry:
        year = process.years.get(spec.sop, periode.tahun)
        if spec.frekuensi != "tahunan" or year >= periode.tahun:
            continue
        if sops is not None and spec.sop not in sops:
            continue
        deadline = process.deadlines.get(spec.sop)
        if deadline is not None and first_day > deadline and process.is_approved(spec.sop):
            continue  # sent and approved: nothing left to make for that year
        ended.setdefault(year, []).append(spec)
    if not ended:
        return None
    # One SOP runs for the year before (the LKjIP); its year is the one year ended here.
    year = max(ended)
    specs = ended[year]
    december = Periode(year, 12)
    folder = period_folder(workspace, december)
    what = ", ".join(d.judul.replace("{tahun}", str(year)) for d in specs)
    if not input_files(folder):
        if folder.parent.is_dir():  # the workspace was used that year: say what is missing
            result.notes.append(
                f"{what} tidak disusun: belum ada buku kerja Desember {year} di "
                f"{_relative(workspace, folder)}/ (data setahun penuh). Simpan buku kerja unit "
                f"bulan Desember {year} di sana, lalu jalankan build ini lagi."
            )
        return None
    validation = validate_period(workspace, december, reuse=True)
    rekap = build_rekap(workspace, validation, force)
    held: dict[str, str] = {}
    own = process_dates(workspace, validation.config, december)
    dates = own.with_instances_of(process, sorted({d.sop for d in specs}))
    ended_env = environment(
        workspace, validation, rekap, force, held, dates, numbers=env.letter_number
    )
    if not ended_env.units:
        result.notes.append(
            f"{what} tidak disusun: tidak ada unit yang buku kerja Desember {year}-nya boleh "
            f"dipakai (periksa dengan sakip validate --periode {december})."
        )
        return None
    result.inputs += [p for p in validation.inputs if p not in result.inputs]
    out_dir = period_output_dir(workspace, december)
    result.notes.append(
        f"{what} disusun dari data Desember {year} di "
        f"{_relative(workspace, out_dir.parent / 'tahunan')}/."
    )
    return ended_env, specs, out_dir


def _check_something_to_build(workspace: Workspace, validation: Validation, force: bool) -> None:
    """Stop before anything is written or numbered when the period has nothing to build from:
    a mistyped --periode must not produce a set of official documents with letter numbers."""
    from pipeline.errors import NothingToBuildError
    from pipeline.validate.period import period_folder

    periode = validation.periode
    folder = _relative(workspace, period_folder(workspace, periode))
    if not validation.units and not validation.duplicates:
        raise NothingToBuildError(
            f"Periode {periode.nama} ({periode}) tidak punya buku kerja unit di {folder}/. "
            f"Periksa --periode (salah ketik?), atau simpan buku kerja yang sudah diisi di "
            f"folder itu lalu jalankan lagi. Tidak ada dokumen yang dibuat dan tidak ada nomor "
            f"surat yang diambil."
        )
    held = held_units(validation, force)
    if len(held) == len(validation.config.unit):
        reasons = "; ".join(f"{code}: {why}" for code, why in held.items())
        raise NothingToBuildError(
            f"Periode {periode.nama} ({periode}): tidak ada unit yang boleh dibuatkan dokumen "
            f"({reasons}). Perbaiki galat menurut laporan kepatuhan (sakip validate --periode "
            f"{periode}), atau jalankan dengan --force. Tidak ada dokumen yang dibuat dan tidak "
            f"ada nomor surat yang diambil."
        )


def due(
    registry: list[DokumenSpec], periode: Periode, process: ProcessDates | None = None
) -> list[DokumenSpec]:
    """The documents a build of ``periode`` makes: a quarter's documents (Form and Dokumen
    Pengukuran, the klarifikasi meeting's letters and forms) only once the quarter's last
    month is built, never from its first months' data; a year's documents of an SOP whose
    instance this period is for another year are not reached yet (the SK Tim and Surat
    Pengantar of the LKjIP 2024 belong to its SOP run early in 2025), so they are not made."""
    quarter_end = periode.bulan % 3 == 0
    return [
        d
        for d in registry
        if (d.frekuensi != "triwulan" or quarter_end)
        and not (
            d.frekuensi == "tahunan"
            and process is not None
            and process.years.get(d.sop, periode.tahun) != periode.tahun
        )
    ]


def plan_documents(
    workspace: Workspace, periode: Periode, contexts: set[type[Dasar]], force: bool = False
) -> list[Job]:
    """The documents of the given context classes a build of ``periode`` makes, without
    rendering or writing them (the PDF checker compares returned files with these).

    Nothing is written to the workspace database: no definition is frozen and no letter number
    given (a letter shows the number it already holds, else none)."""
    from pipeline.documents.letter_numbers import given_numbers
    from pipeline.rekap.recap import build_rekap
    from pipeline.validate.period import validate_period

    validation = validate_period(workspace, periode)
    check_year_dates(validation.config, workspace, periode.tahun, periode.nama)
    rekap = build_rekap(workspace, validation, force)
    given = given_numbers(workspace)
    env = environment(
        workspace, validation, rekap, force, {}, numbers=lambda i, _signed: given.get(i, "")
    )
    known = kinds()
    specs = [
        d for d in due(env.registry, periode, env.process) if known[d.konteks].context in contexts
    ]
    return plan(workspace, specs, env, period_output_dir(workspace, periode), [])


def _logo(workspace: Workspace, name: str) -> Any:
    from pipeline.documents.chart import logo

    return logo(workspace.root, name) if name else None


@dataclass(frozen=True)
class _Report:
    target: Path
    kind: str
    step: int
    fingerprint: str
    rebuilt: bool
    sha256: str = ""
    """The recorded hash, already checked against the file, when it is not written again."""


def _reports(
    workspace: Workspace,
    validation: Validation,
    rekap: Rekap,
    out_dir: Path,
    latest: dict[str, LastOutput],
    hashes: FileHashes,
) -> list[tuple[_Report, tuple[Any, ...]]]:
    """The recap, then the compliance reports, each with whether it must be written again
    (only when what it shows changed): the recap is step 12's output, the compliance report
    supports the check of step 13."""
    from pipeline.archive import is_current

    report, config = validation.report, validation.config
    name, kertas = config.instansi.nama, config.kertas
    base = out_dir / f"Laporan Kepatuhan {validation.periode}"
    # The recap, the longest to write, goes to the workers first.
    items: list[tuple[Path, str, int, tuple[Any, ...]]] = [
        (
            out_dir / f"Rekapitulasi Data Kinerja {validation.periode}.xlsx",
            "rekapitulasi",
            12,
            ("rekap", rekap, name, kertas),
        ),
        (base.with_suffix(".html"), "laporan-kepatuhan", 13, ("html", report, name, kertas)),
        (base.with_suffix(".xlsx"), "laporan-kepatuhan", 13, ("xlsx", report)),
    ]
    out = []
    for target, kind, step, data in items:
        fingerprint = fingerprint_of(data, kind)
        last = latest.get(_relative(workspace, target))
        if is_current(last, fingerprint, hashes):
            assert last is not None
            out.append((_Report(target, kind, step, fingerprint, False, last.sha256), data))
        else:
            out.append((_Report(target, kind, step, fingerprint, True), data))
    return out


def _start(
    pool: Workers, item: _Report, data: tuple[Any, ...]
) -> tuple[_Report, Future[Any] | None]:
    """Hand a report that must be written again to a worker."""
    return item, pool.submit(_write_report, item.target, data) if item.rebuilt else None


def _write_report(target: Path, data: tuple[Any, ...]) -> None:
    from pipeline.rekap.xlsx import write_rekap
    from pipeline.validate.kepatuhan import write_html, write_xlsx

    match data:
        case ("html", report, name, kertas):
            write_html(report, target, instansi=name, kertas=kertas)
        case ("xlsx", report):
            write_xlsx(report, target)
        case ("rekap", rekap, name, kertas):
            write_rekap(rekap, target, name, kertas)


def _report_output(item: _Report, future: Future[Any] | None) -> Output:
    if future is not None:
        future.result()
    return Output(
        item.target,
        item.sha256 or sha256_file(item.target),
        item.kind,
        "",
        "pengumpulan-data",
        item.step,
        item.rebuilt,
        item.fingerprint,
    )


def _submit(
    workspace: Workspace,
    jobs: list[Job],
    latest: dict[str, LastOutput],
    result: BuildResult,
    pool: Workers,
    kertas: str,
) -> list[tuple[Job, Future[str]]]:
    """Hand the documents whose inputs changed to the workers, largest first (so no worker is
    left rendering a long compilation alone at the end); record the others as they are."""
    todo = []
    for job in jobs:
        if job.current:
            # Found intact when planned: its hash is the one recorded.
            recorded = latest[_relative(workspace, job.target)].sha256
            result.outputs.append(_output(workspace, job, rebuilt=False, sha256=recorded))
        else:
            todo.append(job)
    todo.sort(key=lambda j: -j.weight)
    stamp = dt.datetime(result.periode.tahun, 1, 1)
    return [
        (
            j,
            pool.submit(
                _render_one,
                (
                    j.template,
                    j.context,
                    j.target,
                    j.title,
                    stamp,
                    kertas,
                    verification_code(workspace, j),
                ),
            ),
        )
        for j in todo
    ]


def _collect(
    workspace: Workspace,
    rendering: list[tuple[Job, Future[str]]],
    result: BuildResult,
    say: Progress,
) -> None:
    if not rendering:
        return
    say("Menyusun dokumen", 0, len(rendering))
    for done, (job, future) in enumerate(rendering, start=1):
        problem = future.result()
        say("Menyusun dokumen", done, len(rendering))
        if problem:
            result.failed.append(Failure.of(job, problem))
        else:
            result.outputs.append(_output(workspace, job, rebuilt=True))


def verification_code(workspace: Workspace, job: Job) -> str:
    """The document's verification code: from its identity (the path the archive keys it
    by) and the fingerprint of its content (a unit's document: the part after its sources'),
    so a rebuild of the same inputs prints the same code."""
    from pipeline.workspace.verification import make_code

    return make_code(_relative(workspace, job.target), job.fingerprint.split("/")[-1])


def with_verification(context: Any, code: str) -> Any:
    """``context`` with its verification code and QR filled in (a context without those
    fields, from a workspace's own builder, as it is)."""
    from pipeline.documents.chart import Gambar
    from pipeline.workspace.verification import printed, qr_png

    names = {f.name for f in dataclasses.fields(context)}
    if not code or not {"kode_verifikasi", "qr_verifikasi"} <= names:
        return context
    qr = Gambar(qr_png(code), QR_MM)
    return dataclasses.replace(context, kode_verifikasi=printed(code), qr_verifikasi=qr)


QR_MM = 12
"""The printed width of the QR code in the footer: at 0.4 mm a module, a scan at 150 dpi
still reads it."""


def _render_one(task: tuple[Path, Any, Path, str, dt.datetime, str, str]) -> str:
    from pipeline.documents.limits import RenderTimeout, render_limit_problem, render_limits
    from pipeline.documents.render import render_docx
    from pipeline.errors import DocumentError
    from pipeline.office.ooxml import docx_problem

    template, context, target, title, stamp, kertas, code = task
    problem = docx_problem(template)
    if problem:
        return problem  # this document fails; the others are still built
    context = with_verification(context, code)
    try:
        with render_limits():
            render_docx(template, context, target, title=title, stamp=stamp, kertas=kertas)
    except DocumentError as err:
        return str(err)
    except (RenderTimeout, MemoryError, RecursionError) as err:
        return render_limit_problem(template, err)
    return ""


def _relative(workspace: Workspace, path: Path) -> str:
    from pipeline.archive import stored_path

    return stored_path(workspace.root, path)


def _output(workspace: Workspace, job: Job, rebuilt: bool, sha256: str = "") -> Output:
    return Output(
        job.target,
        sha256 or sha256_file(job.target),
        job.spec.id,
        job.unit,
        job.spec.sop,
        job.spec.langkah,
        rebuilt,
        job.fingerprint,
        verification_code(workspace, job),
    )


PDF_FORMAT = "pdf-1"
"""Part of a PDF's recorded fingerprint with its docx's hash: a change to how PDFs are
written (see :mod:`pipeline.office.pdf_convert`) converts them all again."""


def _pdfs(
    workspace: Workspace,
    result: BuildResult,
    latest: dict[str, Any],
    hashes: FileHashes,
    convert: bool,
    say: Progress,
) -> None:
    """The PDF of every docx: converted again only when its docx changed (``convert``), kept
    as it is when it was made from this very docx, also by a build without --pdf (so the
    archive does not see it gone)."""
    from pipeline.archive import is_current

    todo: dict[Path, Output] = {}
    for source in [o for o in result.outputs if o.path.suffix == ".docx"]:
        target = source.path.with_suffix(".pdf")
        fingerprint = f"{PDF_FORMAT}:{source.sha256}"
        last = latest.get(_relative(workspace, target))
        if is_current(last, fingerprint, hashes):
            assert last is not None
            result.outputs.append(
                dataclasses.replace(
                    source,
                    path=target,
                    sha256=last.sha256,
                    fingerprint=fingerprint,
                    rebuilt=False,
                    code="",  # the code stands for the document, recorded with its docx
                )
            )
        elif convert:
            todo[source.path] = source
    if not todo:
        return
    from pipeline.office.pdf_convert import convert_to_pdf

    say("Mengubah ke PDF (LibreOffice)", 0, len(todo))
    stamp = dt.datetime(result.periode.tahun, 1, 1)
    for converted in convert_to_pdf(list(todo), stamp=stamp):
        source = todo[converted.source]
        if converted.pdf is None:
            result.pdf_failed.append(
                Failure(
                    converted.source.stem,
                    converted.problem,
                    source.kind,
                    source.unit,
                    source.sop,
                    source.step,
                    converted.source.with_suffix(".pdf"),
                )
            )
            continue
        result.outputs.append(
            dataclasses.replace(
                source,
                path=converted.pdf,
                sha256=sha256_file(converted.pdf),
                fingerprint=f"{PDF_FORMAT}:{source.sha256}",
                rebuilt=True,
                code="",  # the code stands for the document, recorded with its docx
            )
        )
    say("Mengubah ke PDF (LibreOffice)", len(todo), len(todo))
