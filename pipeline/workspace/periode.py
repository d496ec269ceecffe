"""A reporting period (tahun, bulan) and its names in Bahasa Indonesia."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import PeriodeError

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAWI = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    bulan: int

    @classmethod
    def parse(cls, text: str) -> Periode:
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise PeriodeError(
                f"'{text}' bukan periode yang sah. Tulis tahun dan bulan sebagai TTTT-BB, "
                "misalnya 2024-03 untuk Maret 2024."
            )
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.tahun:04d}-{self.bulan:02d}"

    @property
    def nama(self) -> str:
        """'Maret 2024'."""
        return f"{BULAN[self.bulan - 1]} {self.tahun}"

    @property
    def triwulan(self) -> int:
        return (self.bulan - 1) // 3 + 1

    @property
    def folder(self) -> str:
        return f"{self.tahun:04d}/{self.bulan:02d}"

    def previous(self) -> Periode | None:
        return Periode(self.tahun, self.bulan - 1) if self.bulan > 1 else None

    def next(self) -> Periode:
        """The month after, into the next year after December."""
        return Periode(self.tahun + (self.bulan == 12), self.bulan % 12 + 1)
