"""``sakip archive``: list, show, verify and compare the builds recorded in the workspace.

Registered in :mod:`pipeline.cli.main` with ``cli.add_command(archive)``. The archive library and
Babel are imported inside the commands, so ``sakip --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline.cli import i18n as cli_i18n
from pipeline.cli.common import SakipGroup, json_option, print_json, workspace_option
from pipeline.office.textable import render_table

if TYPE_CHECKING:
    from pipeline.archive import BuildDiff, Manifest, VerifyReport

cli_i18n.install()

F = TypeVar("F", bound=Callable[..., Any])

SHORT_HASH = 12
"""Hex digits of a sha256 shown in tables; --json gives the full hash."""


def _build_id(name: str, metavar: str, required: bool = True) -> Callable[[F], F]:
    return click.argument(name, type=click.IntRange(min=1), metavar=metavar, required=required)


@click.group("archive", cls=SakipGroup, context_settings={"help_option_names": ["-h", "--help"]})
def archive() -> None:
    """Arsip build: daftar, rincian, pemeriksaan keutuhan dan perbandingan berkas hasil.

    Setiap 'sakip build' mencatat berkas masukan dan keluarannya beserta sidik SHA-256,
    versi sakip, spesifikasi dan templat, waktu dan pengguna di basis data workspace
    (sakip.db). Perintah di bawah ini membaca catatan tersebut.

    Contoh:

    \b
        sakip archive list
        sakip archive show 12
        sakip archive verify
        sakip archive diff 11 12
    """


@archive.command("list")
@workspace_option
@json_option
def archive_list(workspace: str | None, as_json: bool) -> None:
    """Daftar build yang tercatat, dari yang terlama sampai yang terbaru.

    Contoh:

    \b
        sakip archive list
        sakip archive list --json
        sakip archive list -w /data/diskukm
    """
    from pipeline.archive import list_builds
    from pipeline.workspace.paths import Workspace

    builds = list_builds(Workspace.open(workspace))
    if as_json:
        print_json(
            [
                {
                    "build_id": b.build_id,
                    "periode": b.periode,
                    "started": b.started.isoformat(),
                    "finished": b.finished.isoformat(),
                    "user": b.user,
                    "host": b.host,
                    "outputs": b.outputs,
                    "inputs": b.inputs,
                    "held_back": b.held_back,
                    "failed": b.failed,
                    "pdf_failed": b.pdf_failed,
                }
                for b in builds
            ]
        )
        return
    if not builds:
        click.echo("Arsip belum memuat build. Jalankan 'sakip build --periode TTTT-BB' lebih dulu.")
        return
    rows = [
        [
            b.build_id,
            _periode(b.periode),
            _waktu(b.started),
            b.user,
            b.outputs,
            b.failed or "-",
            b.pdf_failed or "-",
        ]
        for b in builds
    ]
    headers = ["ID", "Periode", "Waktu", "Pengguna", "Jumlah berkas", "Gagal disusun", "PDF gagal"]
    click.echo(render_table(headers, rows, "rlllrrr"))


@archive.command("show")
@_build_id("build_id", "ID")
@workspace_option
@json_option
def archive_show(build_id: int, workspace: str | None, as_json: bool) -> None:
    """Rincian satu build: berkas masukan, berkas keluaran, unit yang ditahan, dan dokumen
    yang gagal disusun beserta alasannya.

    ID adalah nomor build pada 'sakip archive list'. Dengan --json, manifest build dicetak
    lengkap (sidik SHA-256 penuh) untuk diolah program lain.

    Contoh:

    \b
        sakip archive show 12
        sakip archive show 12 --json
    """
    from pipeline.archive import get_build, manifest_to_json
    from pipeline.workspace.paths import Workspace

    manifest = get_build(Workspace.open(workspace), build_id)
    if as_json:
        print_json(manifest_to_json(manifest))
    else:
        click.echo(_manifest_text(manifest))


@archive.command("verify")
@_build_id("build_id", "[ID]", required=False)
@workspace_option
def archive_verify(build_id: int | None, workspace: str | None) -> None:
    """Periksa bahwa berkas hasil build masih ada dan isinya belum berubah.

    Menghitung ulang sidik SHA-256 setiap berkas keluaran dan membandingkannya dengan arsip.
    Tanpa ID, yang diperiksa adalah catatan terbaru setiap berkas; dengan ID, berkas build
    itu saja. Keluar dengan kode 0 bila semua utuh, 1 bila ada berkas yang hilang atau
    berubah.

    Contoh:

    \b
        sakip archive verify
        sakip archive verify 12
    """
    from pipeline.archive import verify
    from pipeline.office.ooxml import leftovers
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    report = verify(ws, build_id)
    for line in _verify_lines(report):
        click.echo(line)
    left = leftovers(ws.outputs)
    for path in left:
        click.echo(
            f"Sisa build : {path.relative_to(ws.root)} (berkas sementara build yang terhenti)"
        )
    if left:
        click.echo(
            f"{len(left)} berkas sementara tertinggal dari build yang terhenti; build berikutnya "
            "menghapusnya, atau hapus sendiri."
        )
    raise SystemExit(0 if report.ok else 1)


@archive.command("diff")
@_build_id("id1", "ID1")
@_build_id("id2", "ID2")
@workspace_option
def archive_diff(id1: int, id2: int, workspace: str | None) -> None:
    """Bandingkan dua build: berkas yang bertambah, hilang, atau berubah isinya.

    Berkas dibandingkan menurut jalurnya dan sidik SHA-256; karena build sakip deterministik,
    berkas yang tercatat berubah memang berbeda isinya. Versi sakip, spesifikasi dan templat
    yang berbeda juga ditampilkan, begitu pula dokumen yang gagal disusun pada satu build saja.

    Contoh:

    \b
        sakip archive diff 11 12
        sakip archive diff 3 12 -w /data/diskukm
    """
    from pipeline.archive import diff
    from pipeline.workspace.paths import Workspace

    for line in _diff_lines(diff(Workspace.open(workspace), id1, id2)):
        click.echo(line)


@archive.command("backup")
@click.option(
    "--ke",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Berkas cadangan yang ditulis (bawaan: cadangan/sakip-TANGGAL-JAM.db).",
)
@workspace_option
def archive_backup(target: Path | None, workspace: str | None) -> None:
    """Cadangkan basis data workspace (sakip.db) selagi dapat dipakai.

    Memakai cadangan daring SQLite, sehingga salinannya utuh walau proses sakip lain sedang
    menulis. Setiap 'sakip build' juga membuat cadangan otomatis di cadangan/otomatis/
    (lima yang terbaru disimpan). Simpan salinan cadangan di luar komputer ini juga.

    Contoh:

    
        sakip archive backup
        sakip archive backup --ke /media/flashdisk/sakip-2024-03.db
    """
    from pipeline.workspace.backup import backup
    from pipeline.workspace.paths import Workspace

    path = backup(Workspace.open(workspace), target)
    click.echo(f"Cadangan ditulis: {path}")


@archive.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), metavar="BERKAS")
@click.option(
    "--paksa",
    is_flag=True,
    help="Pulihkan walau cadangan tidak memuat nomor surat yang sudah diberikan.",
)
@workspace_option
def archive_restore(source: Path, paksa: bool, workspace: str | None) -> None:
    """Pulihkan basis data workspace (sakip.db) dari berkas cadangan.

    Cadangan diperiksa lebih dulu: harus basis data sakip yang utuh, dan tidak boleh
    kehilangan nomor surat yang sudah diberikan oleh basis data saat ini (kecuali dengan
    --paksa). Basis data saat ini disalin dulu ke cadangan/ sebelum diganti.

    Contoh:

    
        sakip archive restore cadangan/otomatis/sakip-sebelum-build-20240405-101500.db
    """
    from pipeline.workspace.backup import register_of, restore
    from pipeline.workspace.paths import Workspace

    kept = restore(Workspace.open(workspace), source, force=paksa)
    if kept is not None:
        click.echo(f"Basis data sebelumnya disimpan di: {kept}")
    found = register_of(Workspace.open(workspace).root / "sakip.db")
    click.echo(
        f"Basis data dipulihkan dari {source}: {found.builds} build dan "
        f"{len(found.numbers)} nomor surat tercatat."
    )


# -- text ------------------------------------------------------------------------------------


def _manifest_text(m: Manifest) -> str:
    lines = [
        f"Build {m.build_id}, periode {_periode(m.periode)}",
        f"Mulai       : {_waktu(m.started)}",
        f"Selesai     : {_waktu(m.finished)}",
        f"Pengguna    : {m.user} (komputer {m.host})",
        f"Versi       : sakip {m.pipeline_version}, spesifikasi {m.specs_version}, "
        f"templat {m.templates_version}",
        "",
        f"Keluaran ({len(m.outputs)} berkas):",
    ]
    if m.outputs:
        rows = [
            [
                o.path,
                o.kind,
                o.unit or "-",
                o.sop or "-",
                "-" if o.step is None else o.step,
                o.sha256[:SHORT_HASH],
                "tidak berubah, dipakai ulang" if o.reused else "",
            ]
            for o in m.outputs
        ]
        headers = ["Berkas", "Jenis", "Unit", "SOP", "Langkah", "SHA-256", "Keterangan"]
        lines.append(render_table(headers, rows, "llllrll"))
    lines += ["", f"Masukan ({len(m.inputs)} berkas):"]
    if m.inputs:
        rows = [[i.path, i.sha256[:SHORT_HASH]] for i in m.inputs]
        lines.append(render_table(["Berkas", "SHA-256"], rows))
    if m.held_back:
        lines += ["", f"Ditahan, tanpa dokumen ({len(m.held_back)} unit):"]
        lines.append(render_table(["Unit", "Alasan"], [[h.unit, h.reason] for h in m.held_back]))
    failed = [f for f in m.failed if not f.is_pdf]
    if failed:
        lines += ["", f"Gagal disusun ({len(failed)} dokumen; dokumen lain tetap disusun):"]
        rows = [[f.title, f.unit or "-", f.sop or "-", f.reason] for f in failed]
        lines.append(render_table(["Dokumen", "Unit", "SOP", "Alasan"], rows))
    pdfs = [f for f in m.failed if f.is_pdf]
    if pdfs:
        lines += ["", f"PDF gagal dibuat ({len(pdfs)} dokumen; docx-nya tersusun, PDF-nya tidak):"]
        rows = [[f.title, f.unit or "-", f.sop or "-", f.reason] for f in pdfs]
        lines.append(render_table(["Dokumen", "Unit", "SOP", "Alasan"], rows))
    return "\n".join(lines)


def _verify_lines(report: VerifyReport) -> list[str]:
    if report.checked == 0:
        return ["Arsip belum memuat berkas keluaran; tidak ada yang diperiksa."]
    lines = [f"Hilang   : {i.path} (dicatat oleh build {i.build_id})" for i in report.missing]
    for item in report.altered:
        why = "tidak dapat dibaca" if item.actual is None else "isinya berbeda"
        lines.append(f"Berubah  : {item.path} ({why} dari catatan build {item.build_id})")
    for item in report.superseded:
        lines.append(
            f"Catatan  : {item.path} telah ditulis ulang oleh build {item.superseded_by} "
            "(bukan kerusakan)"
        )
    if report.ok:
        lines.append(f"Semua {report.checked} berkas keluaran utuh, sama dengan catatan arsip.")
        return lines
    lines.append(
        f"{report.checked} berkas diperiksa: {len(report.missing)} hilang, "
        f"{len(report.altered)} berubah. Pulihkan berkas dari cadangan, atau buat ulang dengan "
        "'sakip build --periode TTTT-BB' untuk periode build tersebut "
        "(lihat 'sakip archive show ID')."
    )
    return lines


def _diff_lines(d: BuildDiff) -> list[str]:
    lines = [f"Perbandingan build {d.old_id} dengan build {d.new_id}"]
    sections: list[tuple[str, str, list[str]]] = [
        ("Keluaran baru", "+", [o.path for o in d.outputs_added]),
        ("Keluaran yang tidak ada lagi", "-", [o.path for o in d.outputs_removed]),
        ("Keluaran yang berubah isinya", "~", [c.name for c in d.outputs_changed]),
        ("Masukan baru", "+", [i.path for i in d.inputs_added]),
        ("Masukan yang tidak ada lagi", "-", [i.path for i in d.inputs_removed]),
        ("Masukan yang berubah isinya", "~", [c.name for c in d.inputs_changed]),
    ]
    for title, mark, paths in sections:
        if paths:
            lines.append(f"{title} ({len(paths)}):")
            lines += [f"  {mark} {path}" for path in paths]
    names = {
        "pipeline_version": "sakip",
        "specs_version": "spesifikasi",
        "templates_version": "templat",
    }
    old, new = d.old_id, d.new_id
    for title, failures in (
        (f"Gagal disusun pada build {new}, tidak pada build {old}", d.failed_added),
        (f"Gagal disusun pada build {old}, tidak lagi pada build {new}", d.failed_removed),
        (f"PDF gagal dibuat pada build {new}, tidak pada build {old}", d.failed_added),
        (f"PDF gagal dibuat pada build {old}, tidak lagi pada build {new}", d.failed_removed),
    ):
        pdf = title.startswith("PDF")
        failures = [f for f in failures if f.is_pdf == pdf]
        if failures:
            lines.append(f"{title} ({len(failures)}):")
            lines += [f"  ! {f.title}: {f.reason}" for f in failures]
    for change in d.versions_changed:
        lines.append(f"Versi {names[change.name]} berubah: {change.old} -> {change.new}")
    if d.empty:
        lines.append("Tidak ada perbedaan: masukan, keluaran dan versi kedua build sama.")
    return lines


def _periode(text: str) -> str:
    from pipeline.errors import PeriodeError
    from pipeline.workspace.periode import Periode

    try:
        return Periode.parse(text).nama
    except PeriodeError:
        return text


def _waktu(value: dt.datetime) -> str:
    """'24 November 2026 19.43': the build's local time as recorded (with its UTC offset)."""
    from babel.dates import format_datetime

    return format_datetime(value, "d MMMM y HH.mm", locale="id_ID")
