"""What every rendering of the compliance report shows, and in which order.

The HTML page, the xlsx workbook and the terminal table all draw on these helpers, so the
three never disagree on a count, a label or the order of the findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.ingest.findings import STATUS_LABEL, Finding, Report, UnitStatus
from pipeline.workspace.periode import Periode

TITLE = "Laporan Kepatuhan Data Kinerja"
NO_UNIT_TITLE = "Berkas tanpa unit yang dikenali"
EMPTY = "—"
SEVERITY_RANK = {"galat": 0, "peringatan": 1}
# C0 controls (bar tab, newline and carriage return) and DEL arrive in messages that quote
# cells pasted from PDFs; browsers render them as boxes, and openpyxl refuses them (which is
# why pipeline.office.xlsx_write drops the same characters).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Group:
    """The findings shown under one heading: a unit of the config, or files of no known unit."""

    title: str
    unit: UnitStatus | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "galat")

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass(frozen=True)
class Totals:
    units: int
    lengkap: int
    belum_lengkap: int
    tidak_menyerahkan: int
    errors: int
    warnings: int
    no_unit_errors: int
    """Galat in files of no configured unit (unreadable, or naming a unit the config lacks)."""
    no_unit_warnings: int


def clean_text(text: str) -> str:
    """Text as it may be written anywhere: without control characters."""
    return _CONTROL.sub("", text)


def period_name(report: Report) -> str:
    """'Maret 2024' for periode '2024-03'."""
    return Periode.parse(report.periode).nama


def title(report: Report) -> str:
    return f"{TITLE} — Periode {period_name(report)}"


def status_label(unit: UnitStatus) -> str:
    return STATUS_LABEL[unit.status]


def totals(report: Report) -> Totals:
    statuses = [u.status for u in report.units]
    counts = report.counts()
    known = {u.code for u in report.units}
    loose = [f for f in report.findings if f.unit not in known]
    loose_errors = sum(1 for f in loose if f.severity == "galat")
    return Totals(
        units=len(report.units),
        lengkap=statuses.count("lengkap"),
        belum_lengkap=statuses.count("belum_lengkap"),
        tidak_menyerahkan=statuses.count("tidak_menyerahkan"),
        errors=counts["galat"],
        warnings=counts["peringatan"],
        no_unit_errors=loose_errors,
        no_unit_warnings=len(loose) - loose_errors,
    )


def groups(report: Report) -> list[Group]:
    """Findings by unit: configured units in config order, then codes the config does not
    know (a workbook naming a wrong unit), then files whose unit could not be read.

    Units without findings get no group; galat come before peringatan inside a group, and
    otherwise the validator's order (file, sheet, cell) is kept.
    """
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.unit, []).append(finding)
    result: list[Group] = []
    for unit in report.units:
        if unit.code in by_code:
            title_ = f"{unit.name} ({unit.code})"
            result.append(Group(title_, unit, _by_severity(by_code.pop(unit.code))))
    loose = by_code.pop("", [])
    for code in sorted(by_code):
        title_ = f"Unit {code} (tidak terdaftar dalam pengaturan)"
        result.append(Group(title_, None, _by_severity(by_code[code])))
    if loose:
        result.append(Group(NO_UNIT_TITLE, None, _by_severity(loose)))
    return result


def units_without_findings(report: Report) -> list[UnitStatus]:
    codes = {f.unit for f in report.findings}
    return [u for u in report.units if u.code not in codes]


def ordered_findings(report: Report) -> list[Finding]:
    """Every finding once, in the order the HTML report lists them."""
    return [f for group in groups(report) for f in group.findings]


def _by_severity(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: SEVERITY_RANK[f.severity]))
