"""Build unit workbooks for tests with openpyxl, written the way people write them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

PK_HEADER = [
    "Kode Indikator",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Target Tahunan",
    "Polaritas",
    "Agregasi Triwulan",
    "Boleh Lebih dari 100%",
    "Program/Kegiatan",
    "Anggaran (Rp)",
    "Keterangan",
]
RAK_HEADER = [
    "Kode Indikator",
    "Indikator Kinerja",
    "Target TW I",
    "Target TW II",
    "Target TW III",
    "Target TW IV",
    "Rencana Aksi TW I",
    "Rencana Aksi TW II",
    "Rencana Aksi TW III",
    "Rencana Aksi TW IV",
    "Penanggung Jawab",
]
IKI_HEADER = [
    "NIP",
    "Nama Pegawai",
    "Jabatan",
    "Sasaran Kinerja",
    "Indikator Kinerja Individu",
    "Formulasi Perhitungan",
    "Sumber Data",
    "Satuan",
    "Target",
    "Kode Indikator PK",
]
REAL_HEADER = [
    "Kode Indikator",
    "Indikator Kinerja",
    "Bulan",
    "Realisasi",
    "Keterangan",
    "Bukti Dukung",
]
ANG_HEADER = ["Kode Indikator", "Program/Kegiatan", "Bulan", "Realisasi (Rp)"]
REAL_IKI_HEADER = ["NIP", "Nama Pegawai", "Indikator Kinerja Individu", "Bulan", "Realisasi"]


class Formula:
    """A cell written as a formula (openpyxl stores no cached value, as scripts do)."""

    def __init__(self, text: str) -> None:
        self.text = text


def bkp_sheets(months: int = 3) -> dict[str, list[list[Any]]]:
    """A clean BKP workbook (unit of the example config) with ``months`` months of data."""
    pk = [
        [
            "BKP-1",
            "Meningkatnya kualitas kelembagaan koperasi",
            "Persentase koperasi aktif",
            "%",
            62,
            "naik",
            "terakhir",
            "tidak",
            "Program Pengawasan Koperasi",
            450_000_000,
            "",
        ],
        [
            "BKP-2",
            "Meningkatnya kualitas kelembagaan koperasi",
            "Jumlah koperasi yang dinilai kesehatannya",
            "koperasi",
            120,
            "naik",
            "jumlah",
            "tidak",
            "Penilaian Kesehatan KSP/USP",
            300_000_000,
            "",
        ],
        [
            "BKP-3",
            "Menurunnya koperasi bermasalah",
            "Persentase koperasi bermasalah",
            "%",
            8,
            "turun",
            "terakhir",
            "tidak",
            "Pengawasan Koperasi",
            150_000_000,
            "",
        ],
    ]
    rak = [
        ["BKP-1", "", 58, 60, 61, 62, "a", "b", "c", "d", "Kabid"],
        ["BKP-2", "", 20, 35, 35, 30, "a", "b", "c", "d", "Kabid"],
        ["BKP-3", "", 10, 9, 8.5, 8, "a", "b", "c", "d", "Kabid"],
    ]
    iki = [
        [
            "19740603 199903 1 005",
            "Ir. Syamsul Bahri Lagarusu, M.Si.",
            "Kepala Bidang",
            "Kelembagaan koperasi meningkat",
            "Persentase koperasi aktif",
            "aktif/total x 100",
            "Laporan RAT",
            "%",
            62,
            "BKP-1",
        ],
        [
            "19860228 201101 2 003",
            "Fitriani Rauf, S.H.",
            "Pengawas Koperasi Ahli Muda",
            "Koperasi dinilai",
            "Jumlah koperasi dinilai",
            "jumlah",
            "BA penilaian",
            "koperasi",
            60,
            "BKP-2",
        ],
        [
            "19891130 201403 1 001",
            "Abdul Gafur Lapasere, S.E.",
            "Penyuluh Koperasi",
            "Koperasi disuluh",
            "Jumlah koperasi disuluh",
            "jumlah",
            "Laporan",
            "koperasi",
            40,
            "",
        ],
    ]
    real: list[list[Any]] = []
    ang: list[list[Any]] = []
    values = {"BKP-1": [59, 59.5, 60.2], "BKP-2": [6, 7, 8], "BKP-3": [9.5, 9.2, 9.0]}
    for code, series in values.items():
        for m in range(months):
            real.append([code, "", m + 1, series[m], "", f"bukti-{m + 1}.pdf"])
            ang.append([code, "", m + 1, 10_000_000])
    # The Penyuluh's IKI traces to no PK indicator: its realisasi is on a sheet of its own.
    own = [
        ["19891130 201403 1 001", "", "Jumlah koperasi disuluh", m + 1, [3, 4, 2][m]]
        for m in range(months)
    ]
    return {
        "PK": pk,
        "RAK": rak,
        "IKI": iki,
        "Realisasi": real,
        "Realisasi IKI": own,
        "Realisasi Anggaran": ang,
    }


HEADERS = {
    "PK": PK_HEADER,
    "RAK": RAK_HEADER,
    "IKI": IKI_HEADER,
    "Realisasi": REAL_HEADER,
    "Realisasi IKI": REAL_IKI_HEADER,
    "Realisasi Anggaran": ANG_HEADER,
}


def write_unit_workbook(
    path: Path,
    unit: str = "BKP",
    tahun: Any = 2024,
    bulan: Any = 3,
    sheets: dict[str, list[list[Any]]] | None = None,
    headers: dict[str, list[str]] | None = None,
    header_row: int = 1,
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Petunjuk"
    ws["A1"] = "Petunjuk pengisian"
    ws["A3"], ws["B3"] = "Kode Unit", unit
    ws["A4"], ws["B4"] = "Nama Unit", "Bidang"
    ws["A5"], ws["B5"] = "Tahun", tahun
    ws["A6"], ws["B6"] = "Bulan Pelaporan", bulan
    data = sheets if sheets is not None else bkp_sheets()
    for name, rows in data.items():
        sheet = wb.create_sheet(name)
        header = (headers or {}).get(name, HEADERS.get(name, []))
        for c, text in enumerate(header, start=1):
            sheet.cell(header_row, c, text)
        for r, row in enumerate(rows, start=header_row + 1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, Formula):
                    sheet.cell(r, c).value = value.text  # stored without a cached value
                elif value is not None and value != "":
                    cell = sheet.cell(r, c)
                    cell.value = value
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
