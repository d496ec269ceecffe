"""Turn one document's page texts into a result: type, sections, status and problems.

A file is ``unverifiable`` rather than ``incomplete`` whenever a section might stand on a
page that could not be read (a scan without OCR): lack of text never counts as missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.checker.detect import detect_type
from pipeline.checker.extra import ExtraCheck, ReadDocument
from pipeline.checker.match import match_sections
from pipeline.checker.read import DocumentText
from pipeline.checker.reference import Archived, Difference, Reference, located_differences
from pipeline.checker.result import CheckResult, SectionResult, Status
from pipeline.checker.sections import DocumentSpec
from pipeline.checker.text import body_pages, make_body, normalize_page


def evaluate(
    path: Path,
    document: DocumentText,
    specs: Sequence[DocumentSpec],
    chosen: str | None,
    extra_checks: Sequence[ExtraCheck] = (),
    reference: Reference | None = None,
) -> CheckResult:
    """The file's sections (:func:`_sections`), then what a returned document must also be:
    finished (no placeholder left), signed, and the document it says it is.

    The verification code, when it names an archived document, also names the type: a
    built PK is checked as a PK whatever its title says, and a letter (surat, undangan, SK,
    daftar hadir) whose kind no type lists is checked without required sections."""
    archived: Archived | None = None
    notes: list[str] = []
    if reference is not None and document.codes:
        archived, notes = reference.match(document.codes)
    kind_spec = _spec_of_kind(specs, archived)
    if chosen is None and archived is not None and kind_spec is None and _kinds_listed(specs):
        result = _other(path, document, archived)
    else:
        by_code = kind_spec.id if chosen is None and kind_spec is not None else None
        result = _sections(path, document, specs, chosen or by_code, extra_checks)
    if result.document_type is None:
        return result
    label = f"Berkas '{path.name}'"
    unfinished = placeholder_pages(document.pages)
    problems = [f"{label}: {p}" for p in placeholders(document.pages)]
    problems += [f"{label}: {p}" for p in unsigned(document)]
    changed: list[Difference] = []
    matched = None
    if reference is not None and document.codes:
        problems += [f"{label}: {note}" for note in notes]
        if archived is not None:
            matched = archived.to_json()
            lines, why = reference.archived_lines(archived)
            if lines is None:
                problems.append(f"{label}: {why}")
            else:
                pages = [normalize_page(text) for text in document.pages]
                numbers_only = bool(document.ocr_pages)
                changed = located_differences(archived, lines, pages, numbers_only)
                problems += [f"{label}: {d.text}" for d in changed]
    status = result.status
    if problems and status == "complete":
        status = "incomplete"
    return replace(
        result,
        status=status,
        problems=(*result.problems, *problems),
        matched=matched,
        answers=matched["path"] if matched else result.answers,
        signatures=tuple(
            {"page": b.page, "nama": b.nama, "signed": b.signed, "by": b.by}
            for b in document.signatures
        ),
        tte=document.signers,
        unfinished=tuple(sorted({p for pages in unfinished.values() for p in pages})),
        changed=tuple((d.page, d.note) for d in changed),
    )


def _spec_of_kind(specs: Sequence[DocumentSpec], archived: Archived | None) -> DocumentSpec | None:
    if archived is None or not archived.kind:
        return None
    return next((s for s in specs if archived.kind in s.kinds), None)


def _kinds_listed(specs: Sequence[DocumentSpec]) -> bool:
    """Whether the types say which built kinds they check (a workspace's own older bagian
    files may not: then the title tells the type, as before)."""
    return any(s.kinds for s in specs)


def _other(path: Path, document: DocumentText, archived: Archived) -> CheckResult:
    """A built document of a kind no type lists (a letter): no required sections; it is
    complete unless pages could not be read, and evaluate() adds what it must also be."""
    label = f"Berkas '{path.name}'"
    unread = _unread_note(document)
    return CheckResult(
        file=str(path),
        document_type=archived.kind or None,
        status="unverifiable" if unread else "complete",
        title=Path(archived.path).stem,
        pages=len(document.pages),
        ocr_pages=document.ocr_pages,
        problems=(f"{label}: {unread}",) if unread else (),
    )


PLACEHOLDERS = ("[diisi tim penyusun", "{{", "{%")


def placeholder_pages(pages: Sequence[str]) -> dict[str, list[int]]:
    """Each placeholder mark left in (an unfinished document) and the pages it stands on."""
    found: dict[str, list[int]] = {}
    for number, text in enumerate(pages, start=1):
        lowered = text.lower()
        for mark in PLACEHOLDERS:
            if mark in lowered:
                found.setdefault(mark, []).append(number)
    return found


def placeholders(pages: Sequence[str]) -> list[str]:
    """A problem for each placeholder left in (an unfinished document), naming its pages."""
    found = placeholder_pages(pages)
    shown = {"[diisi tim penyusun": "[Diisi Tim Penyusun …]"}
    return [
        f"masih memuat isian yang belum dikerjakan '{shown.get(mark, mark)}' pada halaman "
        f"{page_list(numbers)}. Lengkapi isinya lalu periksa lagi."
        for mark, numbers in found.items()
    ]


def unsigned(document: DocumentText) -> list[str]:
    """One problem naming everyone whose signature block is blank (each once)."""
    names: dict[str, list[int]] = {}
    for block in document.signatures:
        if not block.signed:
            names.setdefault(block.who, []).append(block.page)
    if not names:
        return []
    who = "; ".join(f"{name} (halaman {page_list(pages)})" for name, pages in names.items())
    return [
        f"belum ditandatangani: {who}. Tanda tangani dokumennya (atau bubuhkan TTE) lalu "
        "periksa lagi."
    ]


def _sections(
    path: Path,
    document: DocumentText,
    specs: Sequence[DocumentSpec],
    chosen: str | None,
    extra_checks: Sequence[ExtraCheck] = (),
) -> CheckResult:
    label = f"Berkas '{path.name}'"
    pages = [normalize_page(text) for text in document.pages]
    spec = next((s for s in specs if s.id == chosen), None) or detect_type(pages, specs)
    base = CheckResult(
        file=str(path),
        document_type=spec.id if spec else None,
        status="unverifiable",
        title=spec.title if spec else None,
        pages=len(pages),
        ocr_pages=document.ocr_pages,
    )
    unread = _unread_note(document)
    if spec is None:
        problems = [f"{label}: {unread}"] if unread else []
        if not unread or any(pages):
            problems.append(f"{label}: {_no_type_note(pages, specs)}")
        return _with(base, problems=problems)

    body = body_pages(pages)
    found = match_sections(spec, make_body(body))
    problems = [f"{label}: {p}" for p in found.problems]
    if not found.missing and not found.problems:
        document_view = ReadDocument(path, spec, tuple(tuple(lines) for lines in body))
        extra = [f"{label}: {m}" for check in extra_checks for m in check(document_view)]
        result = _with(base, "incomplete" if extra else "complete", found.results, (), extra)
        return replace(result, answers=_answers(extra_checks, document_view))
    if unread:
        problems.append(f"{label}: {unread}")
        return _with(base, "unverifiable", found.results, (), problems)
    problems += _incomplete_notes(label, spec, found.missing, document, pages, specs, chosen)
    return _with(base, "incomplete", found.results, found.missing, problems)


def _incomplete_notes(
    label: str,
    spec: DocumentSpec,
    missing: Sequence[str],
    document: DocumentText,
    pages: Sequence[list[str]],
    specs: Sequence[DocumentSpec],
    chosen: str | None,
) -> list[str]:
    """What to do about an incomplete file: the missing sections, a hint when OCR read the
    pages, and a hint when the title names another type than ``--type`` did."""
    notes: list[str] = []
    if missing:
        notes.append(
            f"{label}: bagian wajib {spec.title} belum ditemukan: {', '.join(missing)}. "
            "Lengkapi dokumennya lalu periksa lagi."
        )
        if document.ocr_pages:
            notes.append(
                f"{label}: halaman {page_list(document.ocr_pages)} dibaca dengan OCR; bila "
                "bagian tersebut sebenarnya ada, pindai ulang dengan lebih jelas (300 dpi) lalu "
                "periksa lagi."
            )
    titled = detect_type(pages, specs) if chosen else None
    if titled is not None and titled.id != spec.id:
        notes.append(
            f"{label}: judulnya menunjukkan {titled.title} ({titled.id}), bukan {spec.title}; "
            f"periksa pilihan --type (coba --type {titled.id} atau --type auto)."
        )
    return notes


def _answers(extra_checks: Sequence[ExtraCheck], document: ReadDocument) -> str | None:
    for check in extra_checks:
        matched = getattr(check, "matched", None)
        found = matched(document) if matched else None
        if found is not None:
            return str(getattr(found, "output", found))
    return None


def _with(
    base: CheckResult,
    status: Status = "unverifiable",
    sections: Sequence[SectionResult] = (),
    missing: Sequence[str] = (),
    problems: Sequence[str] = (),
) -> CheckResult:
    return replace(
        base,
        status=status,
        sections=tuple(sections),
        missing=tuple(missing),
        problems=tuple(problems),
    )


def _unread_note(document: DocumentText) -> str | None:
    if not document.unread:
        return None
    pages = page_list(page for page, _ in document.unread)
    if document.ocr_missing:
        return (
            f"halaman {pages} berupa pindaian tanpa lapisan teks dan belum dapat dibaca: "
            f"{document.ocr_missing}"
        )
    reasons = "; ".join(f"halaman {page}: {reason}" for page, reason in document.unread)
    return (
        f"halaman {pages} tidak dapat dibaca ({reasons}). Pindai ulang halaman tersebut dengan "
        "lebih jelas (300 dpi) atau ekspor ulang sebagai PDF, lalu periksa lagi."
    )


def _no_type_note(pages: Sequence[list[str]], specs: Sequence[DocumentSpec]) -> str:
    if not any(pages):
        return (
            "tidak berisi teks yang dapat dibaca sehingga jenisnya tidak dapat dikenali. "
            "Pastikan berkasnya benar, atau sebutkan jenisnya dengan opsi --type."
        )
    titles = ", ".join(f"{s.title} ({s.id})" for s in specs)
    return (
        f"jenis dokumen tidak dapat dikenali dari judulnya (yang dikenal: {titles}). "
        "Sebutkan jenisnya dengan opsi --type, misalnya --type pk."
    )


def page_list(pages: Iterable[int]) -> str:
    """Page numbers as a person writes them: 1–3, 5."""
    runs: list[list[int]] = []
    for number in sorted(set(pages)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
