"""Build each document's context from the period's data: one builder per context class.

A builder gets the registry entry, the subject (an office-wide document has none; a unit's
document its unit; a pegawai's document the person) and the build environment, and returns the
dataclass the template renders. The builders live by kind in :mod:`pipeline.documents.letters`
and :mod:`pipeline.documents.performance`; what they share (``BuildEnv``, ``Subject``,
:func:`base`) in :mod:`pipeline.documents.common`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.documents import model as m
from pipeline.documents.common import BuildEnv, LetterNumber, Subject, base, render_title
from pipeline.documents.letters import (
    rapat,
    sk_tim,
    surat_pengantar,
    surat_perihal,
    surat_perintah_tugas,
    surat_undangan,
)
from pipeline.documents.performance import (
    dokumen_iki,
    dokumen_pengukuran,
    dokumen_pk,
    dokumen_rak,
    iki,
    lki,
    lkjip,
    pegawai_subjects,
    pengukuran,
    perjanjian,
    rekap_lki,
    rencana_aksi,
    structural,
)
from pipeline.documents.registry import DokumenSpec

__all__ = [
    "BUILDERS",
    "BuildEnv",
    "LetterNumber",
    "Subject",
    "base",
    "subjects_for",
    "title_of",
]


def subjects_for(spec: DokumenSpec, env: BuildEnv) -> list[Subject]:
    if spec.lingkup == "unit":
        return [Subject(u) for u in env.ordered_units()]
    if spec.lingkup == "pegawai":
        return pegawai_subjects(env)
    if spec.lingkup == "struktural":
        return [Subject(u, p) for u in env.ordered_units() for p in structural(u)]
    return [Subject()]


BUILDERS: dict[str, Callable[[DokumenSpec, Subject, BuildEnv], m.Dasar]] = {
    "SuratPerihalContext": surat_perihal,
    "SuratUndanganContext": surat_undangan,
    "SuratPengantarContext": surat_pengantar,
    "SuratPerintahTugasContext": surat_perintah_tugas,
    "SkTimContext": sk_tim,
    "RapatContext": rapat,
    "PerjanjianKinerjaContext": perjanjian,
    "DokumenPkContext": dokumen_pk,
    "RencanaAksiContext": rencana_aksi,
    "DokumenRakContext": dokumen_rak,
    "IkiContext": iki,
    "DokumenIkiContext": dokumen_iki,
    "PengukuranContext": pengukuran,
    "DokumenPengukuranContext": dokumen_pengukuran,
    "LkiContext": lki,
    "RekapLkiContext": rekap_lki,
    "LkjipContext": lkjip,
}


def title_of(spec: DokumenSpec, subject: Subject, env: BuildEnv) -> str:
    name = ""
    if subject.person is not None:
        name = subject.person.nama
    elif subject.unit is not None:
        name = subject.unit.nama
    return render_title(spec, env, name)
