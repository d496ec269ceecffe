"""Find each required section of a document type in a document's body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.checker.result import SectionResult
from pipeline.checker.sections import DocumentSpec, Section
from pipeline.checker.text import Body


@dataclass(frozen=True)
class SectionMatch:
    results: tuple[SectionResult, ...]
    problems: tuple[str, ...]
    """Out-of-order sections and too few occurrences; missing sections are in results."""

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.results if not r.found)


def match_sections(spec: DocumentSpec, body: Body) -> SectionMatch:
    """Look for every section of ``spec``. Sections with an ``urutan`` must follow each other:
    each is looked for after the previous one, never inside the text another one matched."""
    results: list[SectionResult] = []
    problems: list[str] = []
    cursor = 0
    claimed: list[tuple[int, int]] = []
    previous: SectionResult | None = None
    for section in spec.sections:
        spans = _spans(section, body)
        if section.ordered:
            spans = [s for s in spans if not any(_overlap(s, c) for c in claimed)]
        if not spans:
            results.append(SectionResult(section.name, False))
            continue
        first = spans[0]
        if section.ordered:
            after = [s for s in spans if s[0] >= cursor]
            if after:
                first = after[0]
                cursor = first[1]
                claimed.append(first)
            elif previous is not None:
                problems.append(
                    f"bagian '{section.name}' (halaman {body.page_at(first[0])}) berada sebelum "
                    f"bagian '{previous.name}' (halaman {previous.page}); susun ulang dokumen "
                    "sesuai urutan bakunya."
                )
        result = SectionResult(section.name, True, body.page_at(first[0]))
        if len(spans) < section.min_count:
            result = SectionResult(section.name, False)
            problems.append(
                f"bagian '{section.name}' hanya ditemukan {len(spans)} kali, seharusnya paling "
                f"sedikit {section.min_count} kali."
            )
        elif section.ordered and first in claimed:
            previous = result
        results.append(result)
    return SectionMatch(tuple(results), tuple(problems))


def _spans(section: Section, body: Body) -> list[tuple[int, int]]:
    """Non-overlapping matches of any of the section's patterns, in text order, read both
    with line breaks and with them glued (words broken inside narrow table cells)."""
    found = sorted(
        {
            (m.start(), m.end())
            for pattern in section.patterns
            for m in _finditer(pattern, body.text)
        }
        | {
            (body.original(m.start()), body.original(m.end() - 1) + 1)
            for pattern in section.patterns
            for m in _finditer(pattern, body.glued)
        }
    )
    spans: list[tuple[int, int]] = []
    for span in found:
        if not spans or span[0] >= spans[-1][1]:
            spans.append(span)
    return spans


def _finditer(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text) if m.end() > m.start()]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
