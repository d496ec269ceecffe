"""Findings of validation and the compliance report (laporan kepatuhan) they make up.

Validation never raises on bad data: every problem becomes a Finding that says where it is
(unit, file, sheet, cell) and how to fix it, and the Report sums them up per unit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["galat", "peringatan"]
UnitStatusValue = Literal["lengkap", "belum_lengkap", "tidak_menyerahkan"]

STATUS_LABEL = {
    "lengkap": "Lengkap",
    "belum_lengkap": "Belum lengkap",
    "tidak_menyerahkan": "Tidak menyerahkan",
}
SEVERITY_LABEL = {"galat": "Galat", "peringatan": "Peringatan"}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    unit: str
    """Unit code, or "" when the file's unit is unknown."""
    file: str
    """File name relative to the period folder, or "" for a unit that sent nothing."""
    sheet: str
    cell: str
    """A1 reference ("D7"), a column ("D") or "" when the finding is about the whole sheet."""
    rule: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class UnitStatus:
    code: str
    name: str
    status: UnitStatusValue
    errors: int
    warnings: int
    files: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "status": self.status,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class Report:
    periode: str
    """"YYYY-MM"."""
    units: list[UnitStatus]
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(u.status == "lengkap" for u in self.units) and not self.unattributed_errors

    @property
    def unattributed_errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "galat" and not f.unit)

    def counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The ``validate --json`` contract."""
        return {
            "periode": self.periode,
            "units": [u.to_dict() for u in self.units],
            "findings": [f.to_dict() for f in self.findings],
        }
