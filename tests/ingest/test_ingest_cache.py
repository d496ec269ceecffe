"""A build reads a workbook again only when it changed: the reading kept from the last run
gives the same validation as reading the file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from workbooks import bkp_sheets, write_unit_workbook

from pipeline import Workspace
from pipeline.ingest.cache import rows_digest
from pipeline.validate.period import Validation, validate_period
from pipeline.workspace.fingerprint import stable_bytes
from pipeline.workspace.paths import WORKBOOKS_DIR
from pipeline.workspace.periode import Periode

MARCH = Periode(2024, 3)


@pytest.fixture
def ws(tmp_path: Path, repo_root: Path) -> Path:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    folder = tmp_path / "inputs" / "2024" / "03"
    folder.mkdir(parents=True)
    write_unit_workbook(folder / "bkp.xlsx")
    broken = bkp_sheets()
    broken["Realisasi"][0][3] = "delapan"  # a cell typing reports
    write_unit_workbook(folder / "ukm.xlsx", unit="UKM", sheets=broken)
    return tmp_path


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the period's reader opens and reads itself."""
    import pipeline.ingest.period as reader

    seen: list[str] = []
    read = reader.read_raw

    def spy(path: Path, *args: Any) -> Any:
        seen.append(path.name)
        return read(path, *args)

    monkeypatch.setattr(reader, "read_raw", spy)
    return seen


def _same(v: Validation) -> bytes:
    """What validation found and typed, in a comparable form."""
    rows = {
        code: {
            sheet: [{**r, "_invalid": sorted(r.get("_invalid", ()))} for r in typed]
            for sheet, typed in unit.rows.items()
        }
        for code, unit in v.units.items()
    }
    return stable_bytes((v.report, rows))


def test_an_unchanged_workbook_is_not_read_again(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = Workspace.open(ws)
    fresh = validate_period(workspace, MARCH)
    reads = _reads(monkeypatch)
    first = validate_period(workspace, MARCH, reuse=True)
    assert sorted(reads) == ["bkp.xlsx", "ukm.xlsx"]
    reads.clear()
    again = validate_period(workspace, MARCH, reuse=True)
    assert reads == []
    assert _same(again) == _same(first) == _same(fresh)
    assert any(f.rule == "ISIAN-ANGKA" for f in again.report.findings)

    changed = bkp_sheets()
    changed["Realisasi"][0][3] = 99
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx", sheets=changed)
    after = validate_period(workspace, MARCH, reuse=True)
    assert reads == ["bkp.xlsx"]
    assert _same(after) == _same(validate_period(workspace, MARCH))


def test_a_changed_config_or_a_broken_entry_reads_the_file(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace.open(ws)
    validate_period(workspace, MARCH, reuse=True)
    reads = _reads(monkeypatch)
    for entry in (ws / WORKBOOKS_DIR / "2024-03").iterdir():
        entry.write_bytes(b"rusak")
    assert _same(validate_period(workspace, MARCH, reuse=True)) == _same(
        validate_period(workspace, MARCH)
    )
    assert sorted(reads) == ["bkp.xlsx", "bkp.xlsx", "ukm.xlsx", "ukm.xlsx"]

    reads.clear()
    config = (ws / "sakip.yaml").read_text(encoding="utf-8")
    (ws / "sakip.yaml").write_text(config.replace("indeks]", "indeks, paket]"), encoding="utf-8")
    validate_period(workspace, MARCH, reuse=True)
    assert sorted(reads) == ["bkp.xlsx", "ukm.xlsx"]  # typed against other satuan


def test_the_cache_keeps_only_what_the_last_run_used(ws: Path) -> None:
    workspace = Workspace.open(ws)
    validate_period(workspace, MARCH, reuse=True)
    folder = ws / WORKBOOKS_DIR / "2024-03"
    assert len(list(folder.iterdir())) == 2
    (ws / "inputs/2024/03/ukm.xlsx").unlink()
    validate_period(workspace, MARCH, reuse=True)
    assert len(list(folder.iterdir())) == 1
    assert not any(p.is_file() and p.suffix == ".xlsx" for p in folder.iterdir())


def test_a_kept_reading_carries_the_hash_of_its_rows(ws: Path) -> None:
    workspace = Workspace.open(ws)
    for run in (
        validate_period(workspace, MARCH, reuse=True),
        validate_period(workspace, MARCH, reuse=True),
    ):
        for unit in run.units.values():
            assert unit.rows_digest == rows_digest(unit.rows)
    assert validate_period(workspace, MARCH).units["BKP"].rows_digest is None


def test_a_second_workbook_of_a_unit_never_lends_it_its_hash(ws: Path) -> None:
    # bkp2.xlsx is read (and kept) while it is BKP's only workbook; once bkp.xlsx is back,
    # neither is taken (BERKAS-GANDA), and once bkp2.xlsx is gone again, bkp2.xlsx's cached
    # reading must not change the hash that stands for BKP's rows (its documents' sources).
    folder = ws / "inputs/2024/03"
    other = bkp_sheets()
    other["Realisasi"][0][3] = 99
    write_unit_workbook(folder / "bkp2.xlsx", sheets=other)
    aside = ws / "bkp.xlsx"
    (folder / "bkp.xlsx").rename(aside)
    workspace = Workspace.open(ws)
    validate_period(workspace, MARCH, reuse=True)
    aside.rename(folder / "bkp.xlsx")
    for _ in range(2):  # bkp.xlsx read, then from the cache
        run = validate_period(workspace, MARCH, reuse=True)
        assert any(f.rule == "BERKAS-GANDA" for f in run.report.findings)
        assert "BKP" not in run.units
        assert run.duplicates == {"BKP": ("bkp.xlsx", "bkp2.xlsx")}
    (folder / "bkp2.xlsx").unlink()
    for _ in range(2):
        run = validate_period(workspace, MARCH, reuse=True)
        assert run.units["BKP"].raw.label == "bkp.xlsx"
        assert run.units["BKP"].rows_digest == rows_digest(run.units["BKP"].rows)


def test_the_reader_gives_the_same_readings_with_or_without_the_cache(ws: Path) -> None:
    from pipeline.ingest.cache import WorkbookCache
    from pipeline.ingest.period import Reading, read_period
    from pipeline.validate.period import input_files, period_folder
    from pipeline.workspace.config import load_config
    from pipeline.workspace.layout import load_layout

    workspace = Workspace.open(ws)
    layout, config = load_layout(workspace), load_config(workspace)
    files = input_files(period_folder(workspace, MARCH))
    satuan = tuple(config.satuan)

    def unit_of(raw: Any) -> str | None:
        return str(raw.identity["kode_unit"][0])

    def comparable(readings: list[Reading]) -> bytes:
        return stable_bytes(
            [
                (
                    r.path,
                    r.raw.identity if r.raw else None,
                    {k: (s.name, s.header_row, s.columns) for k, s in r.raw.sheets.items()}
                    if r.raw
                    else None,
                    r.hits,
                    r.typed[0] if r.typed else None,
                    _same_rows(r.typed[1]) if r.typed else None,
                    r.typed[2] if r.typed else None,
                )
                for r in readings
            ]
        )

    cache = WorkbookCache(ws / WORKBOOKS_DIR / str(MARCH), layout)
    plain = list(read_period(files, layout).readings(satuan, unit_of))
    first = list(read_period(files, layout, cache).readings(satuan, unit_of))
    kept = list(read_period(files, layout, cache).readings(satuan, unit_of))
    assert comparable(plain) == comparable(first) == comparable(kept)
    assert [r.digest for r in plain] == [None, None]
    assert [r.digest for r in kept] == [r.digest for r in first]
    assert all(r.digest == rows_digest(r.typed[1]) for r in kept if r.typed)


def _same_rows(rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        sheet: [{**r, "_invalid": sorted(r.get("_invalid", ()))} for r in typed]
        for sheet, typed in rows.items()
    }
