"""Validate a period's workbooks against the SOP requirements: the compliance check.

``validate_period`` reads every workbook in ``inputs/<YYYY>/<MM>/``, assigns each to its unit,
types its cells and runs the content checks. Bad data never raises: it becomes findings. Only an
unusable workspace (no config, a broken spec) raises a SakipError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.ingest.cells import shown
from pipeline.ingest.findings import Finding, Report, UnitStatus, UnitStatusValue
from pipeline.ingest.period import Reading, read_period
from pipeline.ingest.reader import RawWorkbook
from pipeline.ingest.rules import Hit, Rules, load_rules
from pipeline.validate.cross_sheet import UnitSheets, run_checks
from pipeline.workspace.config import Config, load_config
from pipeline.workspace.layout import Layout, load_layout
from pipeline.workspace.paths import INPUTS_DIR, WORKBOOKS_DIR, Workspace
from pipeline.workspace.periode import BULAN, Periode

if TYPE_CHECKING:
    from pipeline.ingest.cache import WorkbookCache

Progress = Callable[[str], None]


@dataclass
class Validation:
    periode: Periode
    config: Config
    report: Report
    units: dict[str, UnitSheets] = field(default_factory=dict)
    """Unit code -> its accepted workbook (also those with galat)."""
    inputs: list[Path] = field(default_factory=list)
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Unit code -> the workbooks that each claim to be its own: none is taken, so the unit
    has no data this period (held back everywhere, even with --force) until one is left."""


def period_folder(workspace: Workspace, periode: Periode) -> Path:
    return workspace.root / INPUTS_DIR / f"{periode.tahun:04d}" / f"{periode.bulan:02d}"


def latest_period(workspace: Workspace) -> Periode | None:
    """The latest period whose folder under inputs/ holds a workbook, or None."""
    root = workspace.root / INPUTS_DIR
    years = sorted((p for p in root.glob("[0-9][0-9][0-9][0-9]") if p.is_dir()), reverse=True)
    for year in years:
        for month in range(12, 0, -1):
            periode = Periode(int(year.name), month)
            if input_files(period_folder(workspace, periode)):
                return periode
    return None


def input_files(folder: Path) -> list[Path]:
    """The period folder's files, without Excel lock files and hidden system files."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(("~$", ".")) and p.name != "desktop.ini"
    )


def validate_period(
    workspace: Workspace,
    periode: Periode,
    progress: Progress | None = None,
    reuse: bool = False,
) -> Validation:
    """Read, type and check every workbook of the period and judge each unit. With ``reuse``,
    the workbooks are read through the workspace's cache (see :mod:`pipeline.ingest.cache`):
    one read before, unchanged, is not read again."""
    layout = load_layout(workspace)
    files = input_files(period_folder(workspace, periode))
    reader = read_period(files, layout, _cache(workspace, periode, layout) if reuse else None)
    # The workbooks are parsed on other threads while this one loads the configuration.
    config = load_config(workspace)
    rules = load_rules(workspace)
    hits: list[Hit] = []
    accepted: dict[str, UnitSheets] = {}
    claims: dict[str, list[str]] = {}

    def unit_of(raw: RawWorkbook) -> str | None:
        return _identify(raw, config, periode)[0]

    for reading in reader.readings(tuple(config.satuan), unit_of, progress):
        hits.extend(_accept(reading, config, periode, accepted, claims))
    duplicates = {code: tuple(names) for code, names in claims.items() if len(names) > 1}
    for code, names in duplicates.items():
        # Neither file is preferred: the unit gets no data at all from this period's files.
        del accepted[code]
        daftar = ", ".join(names)
        hits += [Hit("BERKAS-GANDA", code, name, params={"daftar": daftar}) for name in names[1:]]
    for sheets in accepted.values():
        hits.extend(run_checks(sheets, periode))
    folder_label = f"{INPUTS_DIR}/{periode.folder}"
    for unit in config.unit:
        if unit.kode not in accepted and unit.kode not in duplicates:
            hits.append(
                Hit(
                    "UNIT-TIDAK-MENYERAHKAN",
                    unit.kode,
                    params={
                        "nama_unit": unit.nama,
                        "periode": periode.nama,
                        "kode_periode": str(periode),
                        "folder": folder_label,
                    },
                )
            )
    report = _report(config, periode, rules, hits, accepted, duplicates)
    return Validation(periode, config, report, accepted, files, duplicates)


def _cache(workspace: Workspace, periode: Periode, layout: Layout) -> WorkbookCache:
    # Imported here: `sakip validate` reads every workbook and needs none of it.
    from pipeline.ingest.cache import WorkbookCache

    return WorkbookCache(workspace.root / WORKBOOKS_DIR / str(periode), layout)


def _accept(
    reading: Reading,
    config: Config,
    periode: Periode,
    accepted: dict[str, UnitSheets],
    claims: dict[str, list[str]],
) -> list[Hit]:
    """The workbook's findings; a workbook of the period's unit not yet seen is accepted.
    Every workbook that claims a unit is named in ``claims``: a unit claimed twice is dropped
    by the caller once all files are read."""
    raw = reading.raw
    if raw is None:
        return reading.hits
    unit_code, identity_hits = _identify(raw, config, periode)
    if unit_code is None:
        return reading.hits + identity_hits
    hits = [Hit(h.rule, unit_code, h.file, h.sheet, h.cell, h.params) for h in reading.hits]
    hits += identity_hits
    unit = config.unit_by_code(unit_code)
    assert unit is not None and reading.typed is not None and reading.typed[0] == unit_code
    _code, rows, cell_hits = reading.typed
    claims.setdefault(unit_code, []).append(raw.label)
    accepted.setdefault(unit_code, UnitSheets(unit, raw, rows, rows_digest=reading.digest))
    return hits + cell_hits


def _identify(raw: RawWorkbook, config: Config, periode: Periode) -> tuple[str | None, list[Hit]]:
    """The unit a workbook belongs to, read from its Petunjuk sheet, and identity problems."""
    sheet = raw.identity_sheet or "Petunjuk"
    code_value, code_cell = raw.identity.get("kode_unit", ("", "B?"))
    code = str(code_value or "").strip().upper()
    if config.unit_by_code(code) is None:
        codes = ", ".join(u.kode for u in config.unit)
        return None, [
            Hit("BERKAS-UNIT", "", raw.label, sheet, code_cell, {"kode": code, "daftar": codes})
        ]
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
                {
                    "tahun_berkas": shown(year_value)
                    if year_value not in (None, "")
                    else "(kosong)",
                    "periode": periode.nama,
                },
            )
        )
        return None, hits
    month_value, month_cell = raw.identity.get("bulan", (None, ""))
    month = _as_int(month_value)
    if month is not None and month != periode.bulan:
        name = BULAN[month - 1] if 1 <= month <= 12 else shown(month_value)
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
    config: Config,
    periode: Periode,
    rules: Rules,
    hits: list[Hit],
    accepted: dict[str, UnitSheets],
    duplicates: dict[str, tuple[str, ...]],
) -> Report:
    findings = rules.findings(hits)
    order = {u.kode: i for i, u in enumerate(config.unit)}
    findings.sort(key=lambda f: (order.get(f.unit, len(order)), f.file, f.severity != "galat"))
    units = [_status(u.kode, u.nama, findings, accepted, duplicates) for u in config.unit]
    return Report(str(periode), units, findings)


def _status(
    code: str,
    name: str,
    findings: list[Finding],
    accepted: dict[str, UnitSheets],
    duplicates: dict[str, tuple[str, ...]],
) -> UnitStatus:
    mine = [f for f in findings if f.unit == code]
    errors = sum(1 for f in mine if f.severity == "galat")
    warnings = len(mine) - errors
    status: UnitStatusValue
    if code in duplicates:
        # Not complete whatever level the office gave BERKAS-GANDA: no file was taken.
        return UnitStatus(code, name, "belum_lengkap", errors, warnings, duplicates[code])
    if code not in accepted:
        status = "tidak_menyerahkan"
    else:
        status = "belum_lengkap" if errors else "lengkap"
    files = (accepted[code].raw.label,) if code in accepted else ()
    return UnitStatus(code, name, status, errors, warnings, files)
