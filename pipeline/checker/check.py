"""Check returned PDFs: read each in a worker process, tell its type, confirm its sections."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.checker.extra import ExtraCheck
from pipeline.checker.reference import Archived, Reference
from pipeline.checker.result import CheckResult
from pipeline.checker.runner import Failure, run_isolated
from pipeline.checker.sections import DocumentSpec, load_document_specs, spec_for
from pipeline.workspace.paths import Workspace

AUTO = "auto"


@dataclass(frozen=True)
class CheckOptions:
    timeout: float = 60.0
    """Seconds to read one file; OCR adds ``ocr_timeout_per_page`` per scanned page."""
    max_mb: int = 200
    max_pages: int = 2000
    tesseract: str = "tesseract"
    ocr_lang: str = "ind"
    ocr_dpi: int = 300
    ocr_timeout_per_page: float = 120.0
    workers: int | None = None
    """Processes reading files at once; None: one per CPU core."""


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    doc_type: str = AUTO,
    workspace: Workspace | str | os.PathLike[str] | None = None,
    options: CheckOptions | None = None,
    extra_checks: Sequence[ExtraCheck] = (),
    progress: Callable[[str], None] | None = None,
) -> list[CheckResult]:
    """Check every PDF in ``paths`` (files, or folders searched recursively for ``*.pdf``).

    Never raises for a bad file: each one becomes a result with status ``unreadable``.
    ``progress(name)`` is called as each file is done (for a progress line).
    Raises :class:`~pipeline.errors.SakipError` only when it cannot proceed at all (a
    broken section spec, an unknown ``doc_type``).
    """
    options = options or CheckOptions()
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    specs = load_document_specs(ws)
    if doc_type != AUTO:
        spec_for(specs, doc_type)
    files = collect_pdfs(paths)
    from pipeline.checker import evaluate, read  # noqa: F401  (imported once, before forking)

    job = FileJob(tuple(specs.values()), doc_type, options, tuple(extra_checks), reference_of(ws))
    workers = options.workers or os.cpu_count() or 1
    outcomes = run_isolated(
        job,
        files,
        workers=min(workers, len(files)),
        timeout=options.timeout,
        on_done=(lambda i: progress(files[i].name)) if progress else None,
    )
    return [
        outcome if isinstance(outcome, CheckResult) else _failed(path, doc_type, outcome)
        for path, outcome in zip(files, outcomes, strict=True)
    ]


def reference_of(workspace: Workspace) -> Reference:
    """The verification codes the workspace's builds printed, for the workers."""
    from pipeline.archive.store import known_codes, output_kinds

    kinds = output_kinds(workspace)
    codes = {
        code: Archived(code, r.path, r.sha256, r.build_id, kinds.get(r.path, ""))
        for code, r in known_codes(workspace).items()
    }
    return Reference(workspace.root, codes)


def collect_pdfs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; folders expanded to their ``*.pdf`` files, recursively and sorted,
    skipping hidden files and folders. Each file once, in the order first named."""
    found: dict[Path, None] = {}
    for item in map(Path, paths):
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                relative = path.relative_to(item).parts
                if (
                    path.suffix.lower() == ".pdf"
                    and path.is_file()
                    and not any(part.startswith(".") for part in relative)
                ):
                    found.setdefault(path)
        else:
            found.setdefault(item)
    return list(found)


@dataclass(frozen=True)
class FileJob:
    """The work done for one file inside a worker process."""

    specs: tuple[DocumentSpec, ...]
    doc_type: str
    options: CheckOptions
    extra_checks: tuple[ExtraCheck, ...] = ()
    reference: Reference | None = None

    def __call__(self, path: Path, notify: Callable[[float], None]) -> CheckResult:
        from pipeline.checker.evaluate import evaluate
        from pipeline.checker.pdf import Limits, UnreadableError
        from pipeline.checker.read import OcrSettings, read_document

        opts = self.options
        chosen = None if self.doc_type == AUTO else self.doc_type
        limits = Limits(opts.max_mb, opts.max_pages)
        settings = OcrSettings(
            opts.tesseract, opts.ocr_lang, opts.ocr_dpi, opts.ocr_timeout_per_page
        )
        try:
            document = read_document(path, limits, settings, notify)
        except UnreadableError as err:
            return unreadable(path, chosen, str(err))
        return evaluate(path, document, self.specs, chosen, self.extra_checks, self.reference)


def unreadable(path: Path, doc_type: str | None, reason: str) -> CheckResult:
    return CheckResult(
        file=str(path),
        document_type=doc_type,
        status="unreadable",
        problems=(f"Berkas '{path.name}' {reason}",),
    )


def _failed(path: Path, doc_type: str, failure: Failure) -> CheckResult:
    chosen = None if doc_type == AUTO else doc_type
    if failure.kind == "timeout":
        reason = (
            f"tidak selesai dibaca dalam {failure.seconds:.0f} detik sehingga pembacaannya "
            "dihentikan; berkasnya mungkin rusak. Buka di penampil PDF lalu simpan atau cetak "
            "ulang sebagai PDF, atau naikkan batas waktu dengan opsi --timeout."
        )
    elif failure.kind == "crash":
        reason = (
            f"membuat pembaca PDF berhenti tiba-tiba (kode keluar {failure.detail}); berkasnya "
            "kemungkinan rusak. Simpan ulang sebagai PDF lalu periksa lagi."
        )
    else:
        reason = (
            f"tidak dapat diperiksa karena galat internal ({failure.detail}). Laporkan berkas "
            "ini kepada pengelola sakip."
        )
    return unreadable(path, chosen, reason)
