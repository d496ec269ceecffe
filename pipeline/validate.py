"""Validate a period's workbooks against the SOP requirements: the compliance check.

``validate_period`` reads every workbook in ``inputs/<YYYY>/<MM>/``, assigns each to its unit,
types its cells and runs the content checks. Bad data never raises: it becomes findings. Only an
unusable workspace (no config, a broken spec) raises a SakipError.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cells import Context, typed_rows
from pipeline.checks import UnitSheets, run_checks
from pipeline.config import Config, load_config
from pipeline.findings import Finding, Report, UnitStatus, UnitStatusValue
from pipeline.gc_pause import bulk
from pipeline.layout import load_layout
from pipeline.periode import BULAN, Periode
from pipeline.rules import Hit, Rules, load_rules
from pipeline.workspace import INPUTS_DIR, Workspace
from pipeline.xlsx_reader import RawWorkbook, open_workbook, read_raw

Progress = Callable[[str], None]


@dataclass
class Validation:
    periode: Periode
    config: Config
    report: Report
    units: dict[str, UnitSheets] = field(default_factory=dict)
    """Unit code -> its accepted workbook (also those with galat)."""
    inputs: list[Path] = field(default_factory=list)


def period_folder(workspace: Workspace, periode: Periode) -> Path:
    return workspace.root / INPUTS_DIR / f"{periode.tahun:04d}" / f"{periode.bulan:02d}"


def input_files(folder: Path) -> list[Path]:
    """The period folder's files, without Excel lock files and hidden system files."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(("~$", ".")) and p.name != "desktop.ini"
    )  # fmt: skip


@bulk
def validate_period(
    workspace: Workspace, periode: Periode, progress: Progress | None = None
) -> Validation:
    """Read, type and check every workbook of the period and judge each unit."""
    layout = load_layout(workspace)
    files = input_files(period_folder(workspace, periode))
    hits: list[Hit] = []
    accepted: dict[str, UnitSheets] = {}
    # python-calamine parses outside the GIL: the workbooks are parsed on other cores while
    # this thread loads the configuration, then reads and types each in file order.
    pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))
    try:
        opened = pool.map(lambda path: open_workbook(path, layout), files)
        config = load_config(workspace)
        rules = load_rules(workspace)
        for path, workbook in zip(files, opened, strict=True):
            if progress:
                progress(path.name)
            raw, raw_hits = read_raw(path, path.name, layout, workbook)
            hits.extend(_accept(path, raw, raw_hits, config, periode, accepted))
    finally:
        pool.shutdown(cancel_futures=True)
    for sheets in accepted.values():
        hits.extend(run_checks(sheets, periode))
    folder_label = f"{INPUTS_DIR}/{periode.folder}"
    for unit in config.unit:
        if unit.kode not in accepted:
            hits.append(Hit("UNIT-TIDAK-MENYERAHKAN", unit.kode, params={
                "nama_unit": unit.nama, "periode": periode.nama,
                "kode_periode": str(periode), "folder": folder_label}))  # fmt: skip
    report = _report(config, periode, rules, hits, accepted)
    return Validation(periode, config, report, accepted, files)


def _accept(
    path: Path, raw: RawWorkbook | None, hits: list[Hit], config: Config, periode: Periode,
    accepted: dict[str, UnitSheets],
) -> list[Hit]:  # fmt: skip
    if raw is None:
        return hits
    unit_code, identity_hits = _identify(raw, config, periode)
    if unit_code is None:
        return hits + identity_hits
    hits = [Hit(h.rule, unit_code, h.file, h.sheet, h.cell, h.params) for h in hits]
    hits += identity_hits
    if unit_code in accepted:
        first = accepted[unit_code].raw.label
        return [Hit("BERKAS-GANDA", unit_code, path.name,
                    params={"daftar": f"{first}, {path.name}"})]  # fmt: skip
    unit = config.unit_by_code(unit_code)
    assert unit is not None
    ctx = Context(raw, unit_code, tuple(config.satuan))
    rows: dict[str, list[Any]] = {}
    for key, sheet in raw.sheets.items():
        rows[key], cell_hits = typed_rows(sheet, ctx)
        hits += cell_hits
    accepted[unit_code] = UnitSheets(unit, raw, rows)
    return hits


def _identify(raw: RawWorkbook, config: Config, periode: Periode) -> tuple[str | None, list[Hit]]:
    """The unit a workbook belongs to, read from its Petunjuk sheet, and identity problems."""
    sheet = raw.identity_sheet or "Petunjuk"
    code_value, code_cell = raw.identity.get("kode_unit", ("", "B?"))
    code = str(code_value or "").strip().upper()
    if config.unit_by_code(code) is None:
        codes = ", ".join(u.kode for u in config.unit)
        return None, [Hit("BERKAS-UNIT", "", raw.label, sheet, code_cell,
                          {"kode": code, "daftar": codes})]  # fmt: skip
    hits: list[Hit] = []
    year_value, year_cell = raw.identity.get("tahun", (None, ""))
    year = _as_int(year_value)
    if year != periode.tahun:
        hits.append(
            Hit(
                "BERKAS-TAHUN",
                code,
                raw.label,
                sheet,
                year_cell,
                {"tahun_berkas": year_value or "(kosong)", "periode": periode.nama},
            )
        )
        return None, hits
    month_value, month_cell = raw.identity.get("bulan", (None, ""))
    month = _as_int(month_value)
    if month is not None and month != periode.bulan:
        name = BULAN[month - 1] if 1 <= month <= 12 else str(month_value)
        hits.append(
            Hit(
                "BERKAS-BULAN",
                code,
                raw.label,
                sheet,
                month_cell,
                {"bulan_berkas": name, "periode": periode.nama},
            )
        )
    return code, hits


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _report(
    config: Config, periode: Periode, rules: Rules, hits: list[Hit], accepted: dict[str, UnitSheets]
) -> Report:
    findings = rules.findings(hits)
    order = {u.kode: i for i, u in enumerate(config.unit)}
    findings.sort(key=lambda f: (order.get(f.unit, len(order)), f.file, f.severity != "galat"))
    units = [_status(u.kode, u.nama, findings, accepted) for u in config.unit]
    return Report(str(periode), units, findings)


def _status(
    code: str, name: str, findings: list[Finding], accepted: dict[str, UnitSheets]
) -> UnitStatus:
    mine = [f for f in findings if f.unit == code]
    errors = sum(1 for f in mine if f.severity == "galat")
    warnings = len(mine) - errors
    status: UnitStatusValue
    if code not in accepted:
        status = "tidak_menyerahkan"
    else:
        status = "belum_lengkap" if errors else "lengkap"
    files = (accepted[code].raw.label,) if code in accepted else ()
    return UnitStatus(code, name, status, errors, warnings, files)
