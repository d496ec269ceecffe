"""Build each document's context from the period's data: one builder per context class.

A builder gets the registry entry, the subject (an office-wide document has none; a unit's
document its unit; a pegawai's document the person) and the build environment, and returns the
dataclass the template renders. The builders live by kind in :mod:`pipeline.documents.letters`
and :mod:`pipeline.documents.performance`, each declaring its context class with
:func:`~pipeline.documents.kinds.builder`; what they share (``BuildEnv``, ``Subject``,
:func:`base`) in :mod:`pipeline.documents.common`. This module re-exports both and says for
whom a document is made (:func:`subjects_for`) and what it is called (:func:`title_of`).
"""

from __future__ import annotations

from pipeline.documents.common import BuildEnv, LetterNumber, Subject, base, render_title
from pipeline.documents.kinds import Kind, builder, kind_name, kinds
from pipeline.documents.performance import pegawai_subjects, structural
from pipeline.documents.registry import DokumenSpec

__all__ = [
    "BuildEnv",
    "Kind",
    "LetterNumber",
    "Subject",
    "base",
    "builder",
    "kind_name",
    "kinds",
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


def title_of(spec: DokumenSpec, subject: Subject, env: BuildEnv) -> str:
    name = ""
    if subject.person is not None:
        name = subject.person.nama
    elif subject.unit is not None:
        name = subject.unit.nama
    return render_title(spec, env, name)
