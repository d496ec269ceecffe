"""Exceptions of sakip. Each carries a message meant for a person, in Bahasa Indonesia."""

from __future__ import annotations

import errno

# What an operating-system error means, said for the office: a short cause, and what to do.
# The OS's own text (strerror) is English and says neither.
_OS_CAUSES: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disk penuh", "Kosongkan ruang disk lalu jalankan ulang perintah ini"),
    # The same fault for the office: the file does not fit where it is written.
    errno.EDQUOT: (
        "disk penuh (kuota disk pengguna habis)",
        "Kosongkan ruang disk lalu jalankan ulang perintah ini",
    ),
    errno.EFBIG: (
        "disk penuh (berkas melampaui batas ukuran berkas, misalnya 'ulimit -f' atau 4 GB pada "
        "flashdisk FAT32)",
        "Kosongkan ruang atau pindahkan workspace ke disk lain, lalu jalankan ulang perintah ini",
    ),
    errno.EROFS: (
        "folder itu hanya dapat dibaca (read-only)",
        "Pindahkan workspace ke disk yang dapat ditulisi",
    ),
    errno.EACCES: (
        "izin ditolak",
        "Periksa hak akses berkas atau folder itu, atau tutup aplikasi yang sedang membukanya",
    ),
    errno.EPERM: ("izin ditolak", "Periksa hak akses berkas atau folder itu"),
    errno.EISDIR: (
        "itu sebuah folder, padahal seharusnya berkas",
        "Ganti dengan berkas yang benar",
    ),
    errno.ENOTDIR: ("salah satu bagian jalurnya berupa berkas, padahal seharusnya folder", ""),
    errno.ELOOP: (
        "tautan simbolik (symlink) berputar pada dirinya sendiri",
        "Perbaiki atau hapus tautan itu",
    ),
    errno.ENOENT: ("berkas atau folder itu tidak ada", ""),
    errno.ENAMETOOLONG: ("nama jalurnya terlalu panjang", ""),
    errno.EIO: (
        "galat baca/tulis perangkat (disk mungkin rusak atau terlepas)",
        "Periksa disk",
    ),
}


def os_cause(err: OSError) -> str:
    """The cause of ``err`` in a few words of Bahasa Indonesia, to put in parentheses."""
    known = _OS_CAUSES.get(err.errno or 0)
    if known is not None:
        return known[0]
    return f"galat sistem operasi: {err.strerror or err}"


def os_reason(err: OSError) -> str:
    """The cause of ``err`` and what to do about it, without the final full stop."""
    known = _OS_CAUSES.get(err.errno or 0)
    if known is None:
        return f"galat sistem operasi ({err.strerror or err})"
    cause, advice = known
    return f"{cause}. {advice}" if advice else cause


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
