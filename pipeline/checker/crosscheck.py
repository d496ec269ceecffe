"""Compare a returned PK with what the build made for the period (``sakip check --periode``).

For each Perjanjian Kinerja the build of the period makes, the expected facts are the year,
the unit, the names and NIP of both parties and each indikator's target. A returned PK is
matched to the built one whose PIHAK PERTAMA it names; every fact that differs is a finding.
Runs inside the checker's worker process, so it holds plain, picklable data only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.checker.extra import ReadDocument
from pipeline.checker.text import normalize_page


@dataclass(frozen=True)
class ExpectedPk:
    title: str
    output: str
    """The built document's path relative to the workspace."""
    tahun: int
    unit: str
    parties: tuple[tuple[str, str, str], ...]
    """(role, nama, nip) of PIHAK PERTAMA and PIHAK KEDUA."""
    targets: tuple[tuple[str, str], ...]
    """(indikator, target as printed) of the lampiran table."""


def _norm(text: str) -> str:
    return " ".join(" ".join(normalize_page(text)).split())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True)
class PkCrossCheck:
    expected: tuple[ExpectedPk, ...]
    periode: str

    def matched(self, document: ReadDocument) -> ExpectedPk | None:
        if document.spec.id != "pk":
            return None
        text = _text(document)
        candidates = [e for e in self.expected if _norm(e.parties[0][1]) in text]
        # The Kepala Dinas is PIHAK PERTAMA of the office's PK and PIHAK KEDUA of every unit's:
        # the built PK that agrees with the most facts of the file is the one it answers.
        return max(candidates, key=lambda e: _score(e, text), default=None)

    def __call__(self, document: ReadDocument) -> list[str]:
        if document.spec.id != "pk":
            return []
        found = self.matched(document)
        if found is None:
            return [
                f"tidak cocok dengan Perjanjian Kinerja mana pun hasil build periode "
                f"{self.periode}: nama PIHAK PERTAMA tidak dikenali. Periksa berkasnya atau "
                "jalankan 'sakip build' untuk periode itu lebih dulu."
            ]
        return _differences(found, _text(document))


def _score(expected: ExpectedPk, text: str) -> int:
    facts = [nama for _role, nama, _nip in expected.parties] + [i for i, _t in expected.targets]
    facts.append(expected.unit)
    return sum(_norm(fact) in text for fact in facts) - len(expected.targets) // 4


def _text(document: ReadDocument) -> str:
    return " ".join(" ".join(line for page in document.pages for line in page).split())


def _differences(expected: ExpectedPk, text: str) -> list[str]:
    problems = []
    if not re.search(rf"\b{expected.tahun}\b", text):
        problems.append(f"tahun {expected.tahun} tidak tercantum (dokumen ini untuk tahun lain?).")
    if _norm(expected.unit) not in text:
        problems.append(
            f"unit '{expected.unit}' tidak tercantum; periksa apakah berkasnya tertukar."
        )
    digits = _digits(text)
    for role, nama, nip in expected.parties:
        if _norm(nama) not in text:
            problems.append(f"nama {role} tidak sama dengan data: seharusnya '{nama}'.")
        if nip and _digits(nip) not in digits:
            problems.append(f"NIP {role} tidak sama dengan data: seharusnya {nip}.")
    for indikator, target in expected.targets:
        where = text.find(_norm(indikator))
        if where < 0:
            problems.append(f"indikator '{indikator}' tidak ada di tabel lampiran.")
            continue
        nearby = text[where + len(_norm(indikator)) : where + len(_norm(indikator)) + 80]
        if _norm(target) not in nearby:
            problems.append(
                f"target indikator '{indikator}' pada tabel PK tidak sama dengan data sumber "
                f"(seharusnya {target}). Perbaiki dokumennya atau buku kerja unitnya."
            )
    return problems
