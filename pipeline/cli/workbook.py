"""``sakip init`` and ``sakip template``: the example workspace and the workbook each unit fills.

Registered on the ``sakip`` group by :mod:`pipeline.cli.main`. Library errors become one
readable line here as well, so each command behaves the same when invoked on its own (as the
tests do).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.cli import i18n as cli_i18n
from pipeline.cli.common import periode_option, workspace_option
from pipeline.errors import SakipError

if TYPE_CHECKING:
    from pipeline.workspace.periode import Periode

cli_i18n.install()


@contextmanager
def _readable_errors() -> Iterator[None]:
    try:
        yield
    except SakipError as err:
        raise click.ClickException(str(err)) from err


@click.command("init")
@click.argument("folder", metavar="FOLDER", type=click.Path(file_okay=False))
@click.option(
    "--kosong",
    is_flag=True,
    help="Workspace kantor Anda sendiri: sakip.yaml berkomentar untuk diisi, tanpa contoh.",
)
def init(folder: str, kosong: bool) -> None:
    """Buat workspace contoh: pengaturan kantor dan buku kerja Januari-Maret 2024.

    Menulis sakip.yaml (kantor contoh Dinas Koperasi UKM dengan Sekretariat, tiga bidang
    dan satu UPT), satu buku kerja per unit di inputs/2024/01 sampai 03, dan folder outputs/.
    Unit UPT sengaja berisi beberapa kesalahan agar pemeriksaan menunjukkan temuan.
    Dengan --kosong: hanya sakip.yaml berkomentar untuk diisi data kantor Anda, serta folder
    inputs/ dan outputs/ yang kosong. Folder yang sudah berisi sakip.yaml tidak ditimpa.

    Contoh:

    \b
        sakip init dinas-kumkm
        cd dinas-kumkm && sakip build --periode 2024-03
        sakip init kantor-saya --kosong
    """
    from pipeline.example import EXAMPLE_PERIOD, create_blank_workspace, create_workspace

    root = Path(folder).expanduser().resolve()
    with _readable_errors():
        written = create_blank_workspace(root) if kosong else create_workspace(root)
    click.echo(f"Workspace {'baru' if kosong else 'contoh'} dibuat di {root}:")
    for path in written:
        click.echo(f"  {path.relative_to(root).as_posix()}{'/' if path.is_dir() else ''}")
    click.echo("")
    if kosong:
        click.echo("Langkah berikutnya: isi sakip.yaml dengan data kantor Anda, lalu buat buku")
        click.echo("kerja setiap unit, misalnya:")
        click.echo(f"  cd {shlex.quote(folder)} && sakip template --unit SEK --periode TTTT-01")
    else:
        click.echo("Langkah berikutnya, jalankan pengolahan bulanan pada data contoh:")
        click.echo(f"  cd {shlex.quote(folder)} && sakip build --periode {EXAMPLE_PERIOD}")


def _say_seed(ws: Any, kode_unit: str, periode: Periode) -> None:
    """The first workbook of a year starts from last year's PK, RAK and IKI: say so, and what
    the unit must review."""
    from pipeline.workbook.prefill import seed_of
    from pipeline.workspace.config import load_config

    unit = load_config(ws).unit_by_code(kode_unit.upper())
    seed = seed_of(ws, unit, periode) if unit is not None else None
    if seed is None:
        return
    click.echo(
        f"Buku kerja pertama tahun {periode.tahun}: lembar PK, RAK dan IKI diisi dari buku kerja "
        f"{seed.nama}. Minta unit memeriksa dan menyesuaikannya untuk tahun {periode.tahun}: "
        "target tahunan, pembagian target per triwulan (RAK), rencana aksi, anggaran dan IKI "
        "pegawai. Lembar Realisasi dan Realisasi Anggaran dimulai kosong."
    )


def _default_periode(ws: Any) -> tuple[Periode, str]:
    """The period a workbook without --periode is for: the month after the latest one whose
    workbooks are under inputs/ (the next to collect), else this month; said on the console,
    since its year is the workbook's year."""
    import datetime as dt

    from pipeline.validate.period import latest_period
    from pipeline.workspace.periode import Periode

    latest = latest_period(ws)
    if latest is not None:
        chosen = latest.next()
        why = f"bulan sesudah periode terakhir yang buku kerjanya ada di inputs/ ({latest.nama})"
    else:
        today = dt.date.today()
        chosen, why = Periode(today.year, today.month), "bulan ini; inputs/ belum berisi buku kerja"
    return chosen, (
        f"Tanpa --periode: buku kerja periode {chosen.nama} ({chosen}), {why}. Pakai --periode "
        "TTTT-BB untuk periode lain."
    )


@click.command("template")
@click.option("--unit", "kode_unit", required=True, metavar="KODE", help="Kode unit di sakip.yaml.")
@periode_option(required=False)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Berkas hasil (bawaan: outputs/templat/TTTT-BB <nama unit>.xlsx).",
)
@workspace_option
def template(
    kode_unit: str, periode: Periode | None, out: str | None, workspace: str | None
) -> None:
    """Tulis buku kerja (.xlsx) yang diisi satu unit untuk satu periode.

    Buku kerja berisi lembar Petunjuk (identitas unit dan cara pengisian), lalu lembar PK,
    RAK, IKI, Realisasi dan Realisasi Anggaran dengan daftar pilihan, lebar kolom, format
    angka dan baris judul yang dilindungi. Isinya diambil dari buku kerja unit itu pada bulan
    sebelumnya (PK, RAK, IKI dan realisasi bulan-bulan lalu), sehingga unit cukup mengisi
    bulan yang baru. Tanpa --periode: bulan sesudah periode terakhir yang buku kerjanya ada
    di inputs/ (atau bulan ini bila inputs/ masih kosong); periode itu disebutkan.

    Contoh:

    \b
        sakip template --unit UKM --periode 2024-03
        sakip template --unit UPT --periode 2024-04 --out kirim/UPT-April.xlsx
        sakip init dinas-kumkm && sakip template -w dinas-kumkm --unit SEK
    """
    from pipeline.workbook.prefill import carried, earlier_rows
    from pipeline.workbook.write import write_unit_template
    from pipeline.workspace.paths import Workspace

    known: list[Any] = []
    chosen = ""
    if periode is None:
        periode, chosen = _default_periode(Workspace.open(workspace))

    def prefill(*args: Any) -> Any:
        rows = earlier_rows(*args)
        known.append(rows)
        return rows

    with _readable_errors():
        path = write_unit_template(
            Workspace.open(workspace),
            kode_unit,
            periode,
            Path(out) if out else None,
            prefill=prefill,
        )
    if chosen:
        click.echo(chosen)
    click.echo(f"Ditulis: {path}")
    rejected = carried(known[0] if known else None)
    if rejected:
        click.echo(
            f"{len(rejected)} isian yang belum sah pada buku kerja sebelumnya dibawa apa adanya "
            "(diberi warna merah muda dan catatan pada selnya); minta unit memperbaikinya:"
        )
        for item in rejected:
            click.echo(f"  {item.file}, lembar {item.sheet}, sel {item.cell}: {item.reason}")
    _say_seed(Workspace.open(workspace), kode_unit, periode)
    where = f"inputs/{periode.folder}/"
    click.echo(f"Kirim kepada unit {kode_unit.upper()}; setelah diisi, simpan di {where}.")
