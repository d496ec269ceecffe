"""Generate a province-scale period for benchmarks: 40 units x 50 indicators x 12 months,
20 staff with IKI per unit, the first indicator of units 1-10 an IKU Dinas. Deterministic
(seeded), written with openpyxl.

    .venv/bin/python bench/gen_province.py bench/out/provinsi
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml
from openpyxl import Workbook

UNITS = 40
INDICATORS = 50
STAFF = 20
IKU_UNITS = 10  # units whose first indicator is an IKU Dinas
YEAR, MONTH = 2024, 12
# The dinas' officials, by their key in sakip.yaml, with the jabatan the documents print.
OFFICIALS = {
    "kepala_dinas": "Kepala Dinas",
    "sekretaris": "Sekretaris",
    "kasubbag_program": "Kepala Sub Bagian Program",
}


def _nip(unit: int, person: int) -> str:
    return f"1980{unit:02d}{person:02d} 200501 1 {unit * 100 + person:03d}"[:21]


def config(units: int) -> dict[str, object]:
    def person(unit: int, i: int, jabatan: str) -> dict[str, str]:
        return {
            "nama": f"Pegawai {unit:02d}-{i:02d}",
            "nip": _nip(unit, i),
            "pangkat": "Penata (III/c)",
            "jabatan": jabatan,
        }

    return {
        "instansi": {
            "pemerintah": "Pemerintah Provinsi Contoh",
            "nama": "Dinas Contoh",
            "alamat": "Jalan Contoh 1",
            "kota": "Palu",
        },
        "tahun": YEAR,
        "pejabat": {
            key: person(0, i, jabatan)
            for i, (key, jabatan) in enumerate(OFFICIALS.items(), start=1)
        },
        "unit": [
            {
                "kode": f"U{u:02d}",
                "nama": f"Unit Kerja {u:02d}",
                "jenis": "bidang",
                "kepala": person(u, 0, f"Kepala Unit {u:02d}"),
                "pegawai": [
                    {**person(u, i, "Analis"), "jenis": "fungsional"} for i in range(1, STAFF)
                ],
            }
            for u in range(1, units + 1)
        ],
        "satuan": ["%", "orang", "koperasi", "dokumen"],
    }


def workbook(path: Path, unit: int, rng: random.Random, month: int = MONTH) -> None:
    """Unit ``unit``'s workbook reported in ``month`` (its rows up to that month; December's
    draws from ``rng`` are the same whatever month is written)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Petunjuk"
    for r, (label, value) in enumerate(
        [
            ("Kode Unit", f"U{unit:02d}"),
            ("Nama Unit", f"Unit {unit}"),
            ("Tahun", YEAR),
            ("Bulan Pelaporan", month),
        ],
        start=3,
    ):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
    pk = wb.create_sheet("PK")
    pk.append(
        [
            "Kode Indikator",
            "Sasaran Strategis",
            "Indikator Kinerja",
            "Satuan",
            "Target Tahunan",
            "Polaritas",
            "Agregasi Triwulan",
            "Boleh Lebih dari 100%",
            "IKU Dinas",
            "Program/Kegiatan",
            "Anggaran (Rp)",
            "Keterangan",
        ]
    )
    rak = wb.create_sheet("RAK")
    rak.append(
        [
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
    )
    real = wb.create_sheet("Realisasi")
    real.append(
        ["Kode Indikator", "Indikator Kinerja", "Bulan", "Realisasi", "Keterangan", "Bukti Dukung"]
    )
    ang = wb.create_sheet("Realisasi Anggaran")
    ang.append(["Kode Indikator", "Program/Kegiatan", "Bulan", "Realisasi (Rp)"])
    codes = []
    for i in range(1, INDICATORS + 1):
        code = f"U{unit:02d}-{i:02d}"
        codes.append(code)
        percent = i % 3 == 0
        target = 80 if percent else 12 * rng.randint(5, 50)
        pk.append(
            [
                code,
                f"Sasaran {i % 5 + 1}",
                f"Indikator kinerja nomor {i}",
                "%" if percent else "orang",
                target,
                "naik",
                "terakhir" if percent else "jumlah",
                "tidak",
                # The dinas-level indicators (IKU) of the PK Kepala Dinas and the LKjIP's
                # Ikhtisar: the first indicator of the first IKU_UNITS units.
                "ya" if i == 1 and unit <= IKU_UNITS else "tidak",
                f"Kegiatan {i}",
                12_000_000 * rng.randint(1, 9),
                "",
            ]
        )
        tw = [target] * 4 if percent else [target // 4] * 4
        rak.append([code, "", *tw, "aksi 1", "aksi 2", "aksi 3", "aksi 4", "Kepala"])
        for m in range(1, 13):
            value = round(rng.uniform(60, 95), 1) if percent else rng.randint(1, target // 10)
            spent = 1_000_000 * rng.randint(1, 9) // 12 * 10
            if m <= month:
                real.append([code, "", m, value, "", f"bukti-{m}.pdf"])
                ang.append([code, "", m, spent])
    iki = wb.create_sheet("IKI")
    iki.append(
        [
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
    )
    # Counted in "dokumen", these IKI trace to no PK indicator of their satuan: each pegawai
    # reports them month by month on the Realisasi IKI sheet.
    own = wb.create_sheet("Realisasi IKI")
    own.append(["NIP", "Nama Pegawai", "Indikator Kinerja Individu", "Bulan", "Realisasi"])
    for p in range(STAFF):
        iki.append(
            [
                _nip(unit, p),
                f"Pegawai {unit:02d}-{p:02d}",
                "Analis",
                "Kinerja",
                "Indikator individu",
                "jumlah",
                "laporan",
                "dokumen",
                12,
                codes[p % len(codes)],
            ]
        )
        for m in range(1, month + 1):
            own.append([_nip(unit, p), "", "Indikator individu", m, rng.randint(0, 2)])
    wb.save(path)


def generate(root: Path, units: int = UNITS, month: int = MONTH) -> Path:
    folder = root / "inputs" / f"{YEAR}" / f"{month:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "sakip.yaml").write_text(yaml.safe_dump(config(units), allow_unicode=True))
    rng = random.Random(2024)
    for u in range(1, units + 1):
        workbook(folder / f"unit-{u:02d}.xlsx", u, rng, month)
    return root


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/provinsi")
    generate(out)
    print(f"Periode provinsi ditulis ke {out}")
