"""What checking one returned PDF found: its type, status, sections and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["complete", "incomplete", "unverifiable", "unreadable"]

STATUS_LABELS: dict[str, str] = {
    "complete": "lengkap",
    "incomplete": "tidak lengkap",
    "unverifiable": "tidak dapat diverifikasi",
    "unreadable": "tidak dapat dibaca",
}


@dataclass(frozen=True)
class SectionResult:
    name: str
    found: bool
    page: int | None = None
    """1-based page of the body where the section stands; None when not found."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome for one file.

    ``missing`` names the required sections not found; it is empty unless the status is
    ``incomplete``: an unverifiable file may hold them on pages that could not be read.
    """

    file: str
    document_type: str | None
    status: Status
    sections: tuple[SectionResult, ...] = ()
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    title: str | None = None
    pages: int = 0
    ocr_pages: tuple[int, ...] = field(default=())
    answers: str | None = None
    """The built document this returned file answers (workspace-relative path), when the
    cross-check with the build matched it."""
    matched: dict[str, Any] | None = None
    """The archived document the file's verification code names: path, sha256, build_id,
    code; None when the file carries no known code."""
    signatures: tuple[dict[str, Any], ...] = ()
    """Each signature block: page, nama, signed, by ("tinta", "TTE <name>" or "")."""
    tte: tuple[str, ...] = ()
    """Who signed the PDF electronically, from each signature's certificate."""
    unfinished: tuple[int, ...] = ()
    """Pages still holding a placeholder (the Tim Penyusun's "[Diisi ...]", a template tag)."""
    changed: tuple[tuple[int | None, str], ...] = ()
    """Each difference with the archived document: (page of this file or None, what)."""

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_json(self) -> dict[str, Any]:
        """The object of the ``sakip check --json`` contract."""
        return {
            "file": self.file,
            "document_type": self.document_type,
            "status": self.status,
            "missing": list(self.missing),
            "sections": [{"name": s.name, "found": s.found, "page": s.page} for s in self.sections],
            "problems": list(self.problems),
            "matched": self.matched,
            "signatures": list(self.signatures),
            "tte": list(self.tte),
        }
