"""The archive's records: what a build read, wrote and held back, and the reports about them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


@dataclass(frozen=True)
class ArchiveInput:
    path: str
    """Relative to the workspace root with "/" once recorded; absolute paths inside the
    workspace are made relative by :func:`~pipeline.archive.store.record_build`."""
    sha256: str


@dataclass(frozen=True)
class ArchiveOutput:
    path: str
    sha256: str
    kind: str
    """What the document is: "pk", "rak", "surat-undangan", "rekap", ..."""
    unit: str | None
    """Unit code, or None for an office-wide document."""
    sop: str | None
    step: int | None
    key: str = ""
    """The document's identity for incremental builds; empty means the path."""
    inputs_fingerprint: str = ""
    """Hash of everything that went into the document; empty = never reused."""
    reused: bool = False
    """True when the build found the document current and did not rebuild it."""
    code: str = ""
    """The verification code printed on the document (9 characters, no hyphens); empty for
    an output that carries none (reports, PDFs)."""


@dataclass(frozen=True)
class HeldBack:
    unit: str
    reason: str


@dataclass(frozen=True)
class FailedDocument:
    """A document the build could not make, and why; the other documents were made."""

    title: str
    reason: str
    path: str | None = None
    """Where it would have been written (relative to the workspace once recorded), when known."""
    kind: str | None = None
    unit: str | None = None
    sop: str | None = None
    step: int | None = None

    @property
    def identity(self) -> str:
        """What two builds' failures are compared by: the path, else the title."""
        return self.path or self.title

    @property
    def is_pdf(self) -> bool:
        """A PDF LibreOffice could not write (``build --pdf``): the document itself, its
        docx, was made; ``path`` is where its PDF would have been."""
        return self.path is not None and self.path.lower().endswith(".pdf")


@dataclass(kw_only=True)
class Manifest:
    build_id: int | None = None
    """Assigned by the database in :func:`~pipeline.archive.store.record_build`; None before."""
    periode: str
    started: dt.datetime
    finished: dt.datetime
    user: str
    host: str
    pipeline_version: str
    specs_version: str
    templates_version: str
    inputs: list[ArchiveInput] = field(default_factory=list)
    outputs: list[ArchiveOutput] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    failed: list[FailedDocument] = field(default_factory=list)


@dataclass(frozen=True)
class BuildSummary:
    build_id: int
    periode: str
    started: dt.datetime
    finished: dt.datetime
    user: str
    host: str
    outputs: int
    inputs: int
    held_back: int
    failed: int = 0
    """Documents the build could not make."""
    pdf_failed: int = 0
    """Documents made whose PDF could not be written (``build --pdf``)."""


@dataclass(frozen=True)
class VerifyItem:
    path: str
    build_id: int
    """The build whose record the file was compared with."""
    expected: str
    actual: str | None
    """The file's sha256 now; None when it is missing or cannot be read."""
    superseded_by: int | None = None
    """A later build that recorded exactly this content for the path (verify of an old build)."""


@dataclass(frozen=True)
class VerifyReport:
    build_id: int | None
    """None: the newest record of every output path was checked."""
    checked: int
    missing: list[VerifyItem]
    altered: list[VerifyItem]
    superseded: list[VerifyItem]
    """Changed since ``build_id`` but identical to what a later build wrote: not a fault."""

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


@dataclass(frozen=True)
class Change:
    name: str
    """A path, or a version's name ("specs_version")."""
    old: str
    new: str


@dataclass(frozen=True)
class BuildDiff:
    old_id: int
    new_id: int
    outputs_added: list[ArchiveOutput]
    outputs_removed: list[ArchiveOutput]
    outputs_changed: list[Change]
    inputs_added: list[ArchiveInput]
    inputs_removed: list[ArchiveInput]
    inputs_changed: list[Change]
    versions_changed: list[Change]
    failed_added: list[FailedDocument] = field(default_factory=list)
    """Documents the newer build could not make that the older one did not fail."""
    failed_removed: list[FailedDocument] = field(default_factory=list)
    """Documents the older build could not make that the newer one did not fail."""

    @property
    def empty(self) -> bool:
        lists = (getattr(self, f.name) for f in dataclasses.fields(self))
        return not any(value for value in lists if isinstance(value, list))


class LastOutput(NamedTuple):
    """The newest recorded output for a key: what an incremental build may reuse."""

    path: Path
    """Absolute, resolved against the workspace as it is now."""
    sha256: str
    inputs_fingerprint: str
    made_in: str = ""
    """The period ("2024-03") of the newest build that wrote the file (not one that found it
    current and kept it)."""
