"""``sakip build`` and ``sakip templates check``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline.cli.common import json_option, note, periode_option, print_json, workspace_option
from pipeline.office.textable import angka

if TYPE_CHECKING:  # the build stage is imported only when a command runs (startup time)
    from pipeline.build.period import BuildResult, Progress
    from pipeline.workspace.periode import Periode


@click.command("build")
@workspace_option
@periode_option()
@click.option(
    "--sop",
    "sops",
    multiple=True,
    metavar="ID",
    help="Hanya dokumen SOP ini (boleh diulang), misalnya --sop pk.",
)
@click.option("--pdf", is_flag=True, help="Ubah juga setiap dokumen ke PDF (LibreOffice).")
@click.option("--force", is_flag=True, help="Buat dokumen juga untuk unit yang datanya bergalat.")
@json_option
def build(
    workspace: str | None,
    periode: Periode,
    sops: tuple[str, ...],
    pdf: bool,
    force: bool,
    as_json: bool,
) -> None:
    """Pengolahan bulanan satu periode: periksa, rekap, susun semua dokumen SOP, arsipkan.

    Membaca buku kerja di inputs/TTTT/BB, menulis laporan kepatuhan dan rekapitulasi, lalu
    menyusun dokumen setiap langkah SOP yang output-nya dokumen (surat, PK, RAK, IKI,
    pengukuran, LKI, draft LKjIP) ke outputs/TTTT/BB, dan mencatat semuanya di arsip
    (sakip.db). Unit yang datanya masih bergalat tidak dibuatkan dokumen, kecuali dengan
    --force. Dokumen yang masukannya tidak berubah tidak disusun ulang. Keluar dengan kode 0
    bila dokumen semua unit dibuat, 1 bila ada yang ditahan, 2 bila perintah salah tulis.

    Contoh:

    \b
        sakip build --periode 2024-03
        sakip build --periode 2024-03 --sop pk --sop rak
        sakip build --periode 2024-03 --pdf --json
    """
    from pipeline.build.record import run_build
    from pipeline.sop.load import load_sops, unknown_sop_message
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    known = [s.id for s in load_sops(ws)]
    for sop_id in sops:
        if sop_id not in known:
            raise click.BadParameter(unknown_sop_message(sop_id, known), param_hint="'--sop'")
    result, manifest = run_build(ws, periode, list(sops) or None, force, pdf, _bar(as_json))
    if as_json:
        from pipeline.archive import manifest_to_json

        print_json(manifest_to_json(manifest))
    else:
        _summary(result)
    raise SystemExit(0 if result.complete else 1)


def _bar(quiet: bool) -> Progress | None:
    import sys

    if quiet or not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        click.echo(f"\r\x1b[2K{stage}: [{bar}] {done}/{total}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return show


def _summary(result: BuildResult) -> None:
    from pipeline.validate.kepatuhan import summary_table

    if result.report is not None:  # a build always validates first; a bare result has none
        click.echo(f"Kepatuhan data kinerja periode {result.periode.nama}:")
        click.echo(summary_table(result.report))
        click.echo("")
    made = [o for o in result.outputs if o.rebuilt]
    kept = [o for o in result.outputs if not o.rebuilt]
    click.echo(f"Build periode {result.periode.nama} (arsip #{result.build_id}):")
    click.echo(
        f"  {angka(len(made))} berkas disusun, {angka(len(kept))} tidak berubah "
        "(tidak disusun ulang)."
    )
    by_sop: dict[str, int] = {}
    for output in result.outputs:
        by_sop[output.sop] = by_sop.get(output.sop, 0) + 1
    for sop, count in by_sop.items():
        click.echo(f"    {sop:<18} {angka(count):>5} berkas")
    for unit, why in result.held_back.items():
        click.echo(f"  Unit {unit} tidak dibuatkan dokumen: {why}.")
    for line in result.notes:
        click.echo(f"  {line}")
    for failure in result.failed:
        click.echo(f"  Gagal: {failure.title}: {failure.problem}")
    for failure in result.pdf_failed:
        click.echo(f"  PDF gagal: {failure.title}.docx: {failure.problem}")
    if result.outputs:
        # The period's reports come first, in the month's folder (the last output may be an
        # annual document or an earlier quarter's).
        note(f"Hasil di {result.outputs[0].path.parent}")


@click.group("templates")
def templates() -> None:
    """Templat dokumen Word di templates/.

    Contoh:

    \b
        sakip templates check
    """


@templates.command("check")
@workspace_option
def templates_check(workspace: str | None) -> None:
    """Periksa setiap templat: semua variabelnya harus ada dalam data dokumennya.

    Membaca isi, kepala dan kaki halaman setiap templat yang dipakai sop_specs/dokumen/
    dokumen.yaml, lalu mencocokkan setiap variabel, isian (misalnya surat.nomor) dan filter
    dengan model data dokumen. Keluar dengan kode 1 bila ada yang tidak dikenal.

    Contoh:

    \b
        sakip templates check
        sakip templates check --workspace /data/diskukm
    """
    from pipeline.documents.lint import check_templates
    from pipeline.workspace.paths import Workspace

    checks = check_templates(Workspace.open(workspace))
    bad = 0
    for check in checks:
        status = "sah" if not check.problems else "TIDAK SAH"
        click.echo(
            f"{check.template} ({check.context}): {status}; variabel: "
            f"{', '.join(check.variables) or '-'}"
        )
        for problem in check.problems:
            click.echo(f"    - {problem}")
        bad += bool(check.problems)
    click.echo(f"{len(checks)} templat diperiksa, {bad} tidak sah.")
    raise SystemExit(1 if bad else 0)
