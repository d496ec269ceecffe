"""The LKjIP's earlier years: the workspace's own inputs of earlier years, then sakip.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.rekap.history import earlier_years
from pipeline.rekap.recap import build_rekap
from pipeline.validate.period import validate_period
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


def test_earlier_years_come_from_the_workspace_then_the_config(
    tmp_path: Path, repo_root: Path
) -> None:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    shutil.copytree(repo_root / "inputs" / "2024", tmp_path / "inputs" / "2024")
    ws = Workspace.open(tmp_path)
    config = load_config(ws)
    history = earlier_years(ws, config, 2025)
    # 2024 is read from the workspace's latest month of 2024 (March in the example).
    march = {r.kode: r for r in build_rekap(ws, validate_period(ws, Periode(2024, 3))).rows}
    sek = history["SEK-01"]
    assert [h.tahun for h in sek] == [2022, 2023, 2024]
    assert (sek[0].realisasi, sek[0].capaian) == (68.4, 97.71)  # from sakip.yaml
    assert sek[2].realisasi == march["SEK-01"].realisasi_sd_bulan
    assert sek[2].capaian == march["SEK-01"].capaian_tahunan.nilai
    # Indicators without configured history still get the workspace's year.
    assert [h.tahun for h in history["BKP-02"]] == [2024]
    # A year's own report never compares with itself or later years.
    assert all(h.tahun < 2024 for rows in earlier_years(ws, config, 2024).values() for h in rows)
