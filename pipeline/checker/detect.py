"""Tell a document's type from its title."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.checker.sections import DocumentSpec

TITLE_PAGES = 3


def detect_type(pages: Sequence[list[str]], specs: Iterable[DocumentSpec]) -> DocumentSpec | None:
    """The type whose title pattern appears earliest in the first pages; a longer match wins a
    tie. "Rencana Aksi Perjanjian Kinerja" is a RAK because its title starts with "rencana
    aksi", although it also names the PK."""
    text = "\n".join("\n".join(lines) for lines in pages[:TITLE_PAGES])
    best: tuple[int, int, DocumentSpec] | None = None
    for spec in specs:
        for pattern in spec.detect:
            match = pattern.search(text)
            if match is None:
                continue
            key = (match.start(), -len(match.group()))
            if best is None or key < best[:2]:
                best = (*key, spec)
    return best[2] if best else None
