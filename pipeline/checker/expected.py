"""The PKs a build of a period makes, as the cross-check expects to find them returned."""

from __future__ import annotations

from pipeline.checker.crosscheck import ExpectedPk, PkCrossCheck
from pipeline.documents.filters import target
from pipeline.documents.model import PerjanjianKinerjaContext
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


def pk_crosscheck(workspace: Workspace, periode: Periode) -> PkCrossCheck:
    from pipeline.build.period import plan_documents

    expected = []
    for job in plan_documents(workspace, periode, {PerjanjianKinerjaContext}):
        ctx = job.context
        expected.append(
            ExpectedPk(
                title=job.title,
                output=job.target.resolve().relative_to(workspace.root).as_posix(),
                tahun=ctx.tahun,
                unit=ctx.unit,
                parties=(
                    ("PIHAK PERTAMA", ctx.pihak_pertama.nama, ctx.pihak_pertama.nip),
                    ("PIHAK KEDUA", ctx.pihak_kedua.nama, ctx.pihak_kedua.nip),
                ),
                targets=tuple((i.indikator, target(i.target)) for i in ctx.indikator),
            )
        )
    return PkCrossCheck(tuple(expected), periode.nama)
