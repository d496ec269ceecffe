"""Exceptions of sakip. Each carries a message meant for a person, in Bahasa Indonesia."""

from __future__ import annotations


class SakipError(Exception):
    """Base of every error sakip raises on purpose; the CLI prints its message, no traceback."""


class SpecError(SakipError):
    """A file under sop_specs/ cannot be read or breaks the schema or a cross-check."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class WorkspaceError(SakipError):
    """The workspace folder, its config or an option pointing into it is unusable."""


class TemplateError(SakipError):
    """A docx template is missing or cannot be rendered."""


class UnknownSopError(SakipError):
    """An SOP id given on the command line does not exist."""


class UnknownDocumentTypeError(SakipError):
    """A document type asked for by name has no file under sop_specs/bagian/."""


class PeriodeError(SakipError):
    """A --periode value that is not YYYY-MM."""


class NumberError(SakipError, ValueError):
    """A cell that is not a number; the message says what is wrong and how to write it."""


class PdfConversionError(SakipError):
    """LibreOffice is missing or failed."""


class ArchiveError(SakipError):
    """An archive request that cannot be met (an unknown build id, a malformed manifest)."""


class DocumentError(TemplateError):
    """A document could not be rendered; the message names the template and what is wrong."""

    def __init__(self, template: str, message: str) -> None:
        self.template = template
        super().__init__(f"Templat {template}: {message}")


class NothingToBuildError(SakipError):
    """A build of a period with no workbook, or with no unit that may get documents: it stops
    before writing a document or taking a letter number."""


class StepRecordError(SakipError):
    """A step of an SOP instance cannot be recorded or undone as asked."""


class WebError(SakipError):
    """A request of the web desk (``sakip web``) or of its account commands cannot be met."""
