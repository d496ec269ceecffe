"""Earlier years of each indicator, for the LKjIP's comparisons: read from the workspace's own
inputs (the last month of each earlier year), and from ``dokumen.riwayat`` in sakip.yaml for
years before the workspace existed."""

from __future__ import annotations

from pipeline.rekap.recap import build_rekap
from pipeline.validate.period import input_files, period_folder, validate_period
from pipeline.workspace.config import Config, TahunLalu
from pipeline.workspace.paths import INPUTS_DIR, Workspace
from pipeline.workspace.periode import Periode

FIRST_YEARS = 10
"""How far back the workspace is read: an LKjIP compares with the Renstra's five years."""


def earlier_years(workspace: Workspace, config: Config, tahun: int) -> dict[str, list[TahunLalu]]:
    """Indicator code -> its results in the years before ``tahun``, oldest first. A year the
    workspace holds workbooks for is read from them (its realisasi and capaian against the
    annual target, as that year's December, or latest, rekap gave them); the config's
    ``dokumen.riwayat`` fills the years before. Workbooks win over the config for one year."""
    found: dict[str, dict[int, TahunLalu]] = {}
    for code, recorded in config.dokumen.riwayat.items():
        for earlier in recorded:
            if earlier.tahun < tahun:
                found.setdefault(code, {})[earlier.tahun] = earlier
    for year in range(tahun - FIRST_YEARS, tahun):
        last = _last_month(workspace, year)
        if last is None:
            continue
        rekap = build_rekap(workspace, validate_period(workspace, last, reuse=True))
        for row in rekap.rows:
            if row.kunci != row.kode or row.realisasi_sd_bulan is None:
                continue  # a second indicator under a shared code is not comparable
            found.setdefault(row.kode, {})[year] = TahunLalu(
                tahun=year, realisasi=row.realisasi_sd_bulan, capaian=row.capaian_tahunan.nilai
            )
    return {code: [years[y] for y in sorted(years)] for code, years in sorted(found.items())}


def _last_month(workspace: Workspace, year: int) -> Periode | None:
    if not (workspace.root / INPUTS_DIR / f"{year:04d}").is_dir():
        return None
    for month in range(12, 0, -1):
        periode = Periode(year, month)
        if input_files(period_folder(workspace, periode)):
            return periode
    return None
