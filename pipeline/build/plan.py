"""Plan a build: which documents the registry makes for a period, with their data, targets and
fingerprints, and which of them are still current.

An office-wide document's fingerprint is the hash of its whole context: its data come from
every unit. A unit's, pegawai's or eselon IV official's document is built from that unit
alone, so its fingerprint is the hash of what it is made from: the unit's typed rows and
recap rows, the office's configuration and SOPs, the template and this program. Its context
is built in an environment that holds only that unit (so it cannot read another), and only
when that fingerprint differs from the one recorded: after one unit changed, the 1,700
documents of the other units are not even prepared again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.documents.contexts import BuildEnv, Subject, kinds, subjects_for, title_of
from pipeline.documents.registry import DokumenSpec
from pipeline.ingest.cache import rows_digest
from pipeline.rekap.recap import Rekap
from pipeline.workspace.config import Unit
from pipeline.workspace.fingerprint import code_digest, sha256_file, stable_bytes
from pipeline.workspace.paths import ANNUAL_DIR, Workspace

Recorded = Callable[[Path], str | None]
"""target -> the fingerprint recorded for the file there, or None when there is no record or
the file is no longer what was recorded (deleted or edited by hand)."""


@dataclass(frozen=True)
class Job:
    spec: DokumenSpec
    subject: Subject
    unit: str
    title: str
    template: Path
    target: Path
    context: Any
    """The template's data; None for a unit's document found current without building it."""
    fingerprint: str
    weight: int = 0
    """Size of the pickled context: how long the render will take, roughly."""
    current: bool = False
    """The file at ``target`` was made from exactly these inputs: it stands as it is."""


@dataclass(frozen=True)
class Failure:
    """A document the build could not make, and why: the other documents are still made, and
    the archive records it with the build."""

    title: str
    problem: str
    kind: str = ""
    unit: str = ""
    sop: str = ""
    step: int | None = None
    target: Path | None = None
    """Where it would have been written."""

    @classmethod
    def of(cls, job: Job, problem: str) -> Failure:
        spec = job.spec
        return cls(job.title, problem, spec.id, job.unit, spec.sop, spec.langkah, job.target)


def plan(
    workspace: Workspace,
    specs: list[DokumenSpec],
    env: BuildEnv,
    out_dir: Path,
    failed: list[Failure],
    recorded: Recorded | None = None,
    kept: Recorded | None = None,
) -> list[Job]:
    """The documents ``specs`` make, office-wide ones first, each marked current or not
    against what ``recorded`` says was made before. A document ``kept`` names (an annual one
    a later month's build made) stands as it is, with the fingerprint ``kept`` gives, without
    preparing it.

    A unit's document carries two fingerprints, "sources/content": when its unit's sources
    did not change it is current without preparing it; when they did but its own content did
    not (an IKI after a month's realisasi came in), it is current too.
    """
    recorded = recorded or (lambda _target: None)
    kept = kept or (lambda _target: None)
    paths = {s.templat: workspace.template(s.templat) for s in specs}
    templates = {name: sha256_file(path) for name, path in paths.items()}
    # What a unit's document is, apart from its unit (whose sources the unit digest covers).
    spec_digests = {s.id: stable_bytes(s) + templates[s.templat].encode() for s in specs}
    office = [s for s in specs if s.lingkup == "instansi"]
    per_unit = [s for s in specs if s.lingkup != "instansi"]
    jobs: list[Job] = []
    for spec in office:
        for subject in subjects_for(spec, env):
            title = title_of(spec, subject, env)
            target = target_of(spec, title, out_dir)
            standing = kept(target) if spec.frekuensi == "tahunan" else None
            if standing is not None:
                jobs.append(
                    Job(
                        spec,
                        subject,
                        "",
                        title,
                        paths[spec.templat],
                        target,
                        None,
                        standing,
                        0,
                        True,
                    )
                )
                continue
            job = _job(spec, subject, env, out_dir, paths, templates, failed)
            if job is not None:
                jobs.append(
                    dataclasses.replace(job, current=recorded(job.target) == job.fingerprint)
                )
    if not per_unit:
        return jobs
    env_digest = _env_digest(env)
    for unit in env.ordered_units():
        unit_env = only_unit(env, unit)
        sources = _unit_digest(env_digest, unit_env, unit)
        for spec in per_unit:
            for subject in subjects_for(spec, unit_env):
                source = hashlib.sha256(
                    b"|".join((spec_digests[spec.id], subject.key.encode(), sources))
                ).hexdigest()
                title = title_of(spec, subject, unit_env)
                target = target_of(spec, title, out_dir)
                standing = kept(target) if spec.frekuensi == "tahunan" else None
                before = (standing or recorded(target) or "").split("/")
                if standing is not None or before[0] == source:
                    jobs.append(
                        Job(
                            spec,
                            subject,
                            unit.kode,
                            title,
                            paths[spec.templat],
                            target,
                            None,
                            "/".join(before),
                            current=True,
                        )
                    )
                    continue
                job = _job(spec, subject, unit_env, out_dir, paths, templates, failed)
                if job is not None:
                    jobs.append(
                        dataclasses.replace(
                            job,
                            fingerprint=f"{source}/{job.fingerprint}",
                            current=before[-1] == job.fingerprint,
                        )
                    )
    return jobs


def _job(
    spec: DokumenSpec,
    subject: Subject,
    env: BuildEnv,
    out_dir: Path,
    paths: dict[str, Path],
    templates: dict[str, str],
    failed: list[Failure],
) -> Job | None:
    from pipeline.errors import DocumentError

    title = title_of(spec, subject, env)
    target = target_of(spec, title, out_dir)
    unit = subject.unit.kode if subject.unit else ""
    try:
        context = kinds()[spec.konteks].build(spec, subject, env)
    except (KeyError, ValueError, DocumentError) as err:
        problem = f"data dokumen tidak lengkap ({err})"
        failed.append(Failure(title, problem, spec.id, unit, spec.sop, spec.langkah, target))
        return None
    data = stable_bytes(context)
    return Job(
        spec,
        subject,
        unit,
        title,
        paths[spec.templat],
        target,
        context,
        fingerprint_of(data, templates[spec.templat]),
        len(data),
    )


def target_of(spec: DokumenSpec, title: str, out_dir: Path) -> Path:
    """Where the document is written: its SOP's folder (of the year's annual folder for an
    annual document; ``out_dir`` is the month's folder), its title as the file name."""
    if spec.frekuensi == "tahunan":
        out_dir = out_dir.parent / ANNUAL_DIR
    return out_dir / spec.sop / f"{safe_name(title)}.docx"


def only_unit(env: BuildEnv, unit: Unit) -> BuildEnv:
    """``env`` reduced to one unit: its sheets and its recap rows (not the recap's notes on
    other units), and no letter numbers (a unit's document has none; asking for one is a
    program error, not a silent gap)."""

    def no_letter_number(identity: str, _signed: dt.date) -> str:
        raise KeyError(f"dokumen unit tidak diberi nomor surat ({identity})")

    rekap = Rekap(env.rekap.periode, rows=[r for r in env.rekap.rows if r.unit == unit.kode])
    return dataclasses.replace(
        env,
        units={unit.kode: env.units[unit.kode]},
        rekap=rekap,
        letter_number=no_letter_number,
        _by_unit={},
        _memo={},
    )


def _env_digest(env: BuildEnv) -> bytes:
    """What every unit's documents share: configuration, period, SOPs, logo, program."""
    shared = (env.config, env.periode, env.sops, env.logo, code_digest())
    return hashlib.sha256(stable_bytes(shared)).digest()


def _unit_digest(env_digest: bytes, unit_env: BuildEnv, unit: Unit) -> bytes:
    sheets = unit_env.units[unit.kode]
    digest = hashlib.sha256(env_digest)
    digest.update(sheets.rows_digest or rows_digest(sheets.rows))
    digest.update(stable_bytes((unit, unit_env.rekap)))
    return digest.digest()


def safe_name(title: str) -> str:
    """A file name that Windows, macOS and Linux accept."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", title).strip(" .")[:150]


def fingerprint_of(data: Any, template_digest: str) -> str:
    """A hash of everything an output is made from: its data, its template, this program.

    The data are hashed through pickle (bytes already pickled are taken as they are), which
    runs in C and is deterministic for what a context holds (dataclasses, lists, dicts in
    insertion order, text, numbers, dates; no sets) once its memo is off (see
    :func:`stable_bytes`), where a JSON dump of the compiled documents took seconds at
    province scale.
    """
    from pipeline import __version__

    # The program's own source too, as for a unit's documents: a change to how documents are
    # made (a filter, the render path) makes the office-wide ones again, not only on release.
    digest = hashlib.sha256(f"{__version__}|{code_digest()}|{template_digest}|".encode())
    digest.update(data if isinstance(data, bytes) else stable_bytes(data))
    return digest.hexdigest()
