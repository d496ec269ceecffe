"""The Petunjuk sheet of a unit's workbook: its identity block and how to fill the workbook.

The identity block (label in column A, value in column B, labels exactly as the layout's
``identitas.isian``) is what the reader uses to know which unit and period a file belongs to,
whatever the file is called.
"""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.office.xlsx_write import fit_to_width, write_text
from pipeline.workspace.config import Config, Unit
from pipeline.workspace.layout import Layout
from pipeline.workspace.periode import BULAN, Periode

IDENTITY_ROW = 4
"""First row of the identity block."""
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")

NOTES = {
    "kode_unit": "Jangan diubah: menandai unit pemilik buku kerja.",
    "tahun": "Tahun anggaran, ditulis empat angka.",
    "bulan": "Angka 1–12: bulan terakhir yang dilaporkan. Kosong untuk buku kerja tahunan.",
}
# (whole-number validation bounds, message) for identity cells typed by hand.
BOUNDS = {
    "tahun": (2000, 2100, "Tahun anggaran ditulis empat angka."),
    "bulan": (1, 12, "Bulan pelaporan ditulis sebagai angka 1 sampai 12."),
}

ISTILAH = [
    "Polaritas naik: makin tinggi realisasi makin baik (misalnya jumlah layanan yang selesai).",
    "Polaritas turun: makin rendah realisasi makin baik (misalnya persentase aduan tertunda).",
    "Agregasi Triwulan: cara nilai bulanan dan triwulanan digabung menjadi capaian:",
    "   jumlah: dijumlahkan (kegiatan, peserta, nilai transaksi); isi realisasi bulan itu saja.",
    "   terakhir: nilai posisi akhir periode (persentase, data stok); isi posisi akhir bulan.",
    "   rata-rata: dirata-ratakan (indeks, nilai survei).",
    "   tren-naik / tren-turun: nilai bergerak naik / turun menuju target akhir tahun; "
    "yang dinilai posisi terakhir, sehingga penurunan kinerja tetap terlihat.",
    "   terbaik: nilai terbaik yang pernah dicapai sampai bulan ini (tertinggi untuk polaritas "
    "naik, terendah untuk polaritas turun); pilih hanya bila memang diminta.",
    "Frekuensi Pelaporan: seberapa sering realisasi indikator diukur; kosong berarti bulanan.",
    "   bulanan: realisasi diisi setiap bulan.",
    "   triwulanan: realisasi diisi pada Maret, Juni, September dan Desember.",
    "   semesteran: realisasi diisi pada Juni dan Desember.",
    "   tahunan: realisasi diisi pada Desember.",
    "   Bulan yang bukan jatuh tempo boleh dikosongkan (jangan tulis 0: 0 adalah realisasi). "
    "Capaian dihitung dari bulan jatuh tempo saja; di bulan lain dokumen memuat posisi bulan "
    "jatuh tempo terakhir, atau Belum Jatuh Tempo sebelum jatuh tempo pertama.",
]

LANGKAH = {
    "pk": [
        "Satu baris untuk satu indikator. Kode Indikator harus unik (misalnya {kode}-01) dan "
        "dipakai juga di lembar lain.",
        "Target Tahunan berupa angka, atau rentang seperti 70-75 bila target berupa rentang.",
        "Boleh Lebih dari 100%: pilih ya hanya bila realisasi persentase memang dapat "
        "melampaui 100.",
        "Frekuensi Pelaporan: pilih triwulanan, semesteran atau tahunan bila indikator tidak "
        "diukur setiap bulan (misalnya survei per triwulan atau nilai evaluasi tahunan); "
        "kosongkan untuk indikator bulanan.",
    ],
    "rak": [
        "Satu baris untuk setiap indikator di lembar PK, dengan Kode Indikator yang sama.",
        "Target TW I–IV sesuai target tahunan menurut agregasinya: jumlah: total keempat "
        "triwulan sama dengan target tahunan;",
        "   terakhir, tren-naik, tren-turun, terbaik: target TW IV sama dengan target tahunan; "
        "rata-rata: rata-rata keempat triwulan sama dengan target tahunan.",
        "Tulis rencana aksi setiap triwulan dan penanggung jawabnya.",
    ],
    "iki": [
        "Satu baris untuk satu indikator kinerja individu; NIP, nama dan jabatan sesuai "
        "sakip.yaml.",
        "Kepala unit dan pejabat struktural wajib mengisi Kode Indikator PK yang didukung "
        "indikatornya.",
        "IKI yang mengacu pada indikator PK dengan satuan yang sama memakai realisasi dan "
        "target triwulan indikator PK itu. IKI lainnya diisi realisasinya di lembar "
        "Realisasi IKI; isi Polaritas (bawaan naik), Agregasi Triwulan (bawaan jumlah) dan "
        "Frekuensi Pelaporan (bawaan bulanan) untuk IKI seperti ini.",
    ],
    "realisasi_iki": [
        "Satu baris untuk satu IKI per bulan, hanya untuk IKI yang tidak mengacu pada "
        "indikator PK (atau satuannya berbeda). Baris bulan berjalan sudah disiapkan: isi "
        "kolom Realisasi.",
        "NIP dan Indikator Kinerja Individu harus sama dengan lembar IKI.",
        "IKI triwulanan, semesteran atau tahunan (kolom Frekuensi Pelaporan di lembar IKI) "
        "diisi pada bulan jatuh temponya; baris bulan lain boleh dibiarkan kosong.",
    ],
    "realisasi": [
        "Satu baris untuk satu indikator per bulan. Baris bulan berjalan sudah disiapkan: "
        "isi kolom Realisasi.",
        "Indikator triwulanan, semesteran atau tahunan (kolom Frekuensi Pelaporan di lembar "
        "PK) diisi pada bulan jatuh temponya; baris bulan lain boleh dibiarkan kosong.",
        "Bukti Dukung: nama berkas atau tautan dokumen pendukung, misalnya Laporan kegiatan Maret.",
    ],
    "anggaran": [
        "Satu baris untuk satu indikator (program/kegiatan) per bulan: isi realisasi belanja "
        "bulan itu dalam rupiah.",
    ],
}


def write_petunjuk(
    ws: Worksheet, config: Config, layout: Layout, unit: Unit, periode: Periode | None
) -> None:
    """Fill ``ws`` as the Petunjuk sheet: title, identity block, then numbered instructions."""
    tahun = periode.tahun if periode else config.tahun
    bulan = periode.bulan if periode else None
    ws.title = layout.identitas.lembar
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 70
    ws.cell(row=1, column=1, value=f"Buku Kerja Kinerja {unit.nama}").font = Font(
        bold=True, size=14
    )
    ws.cell(row=2, column=1, value=config.instansi.nama).font = Font(italic=True)
    row = _identity(ws, layout, unit, tahun, bulan)
    lines = [("Petunjuk Pengisian", True), ("A. Umum", True)]
    lines += _numbered(_umum(layout, unit, tahun, bulan))
    lines += [("", False), ("B. Istilah", True), *((text, False) for text in ISTILAH)]
    for number, lembar in enumerate(layout.lembar):
        letter = chr(ord("C") + number)  # sections A and B come first
        wajib = ", ".join(k.judul for k in lembar.kolom if k.wajib)
        # The example code is the unit's own ("BID-01"), never another office's.
        own = [step.replace("{kode}", unit.kode) for step in LANGKAH.get(lembar.kunci, [])]
        steps = [*own, f"Kolom wajib diisi: {wajib}."]
        title = f"{letter}. Lembar {lembar.nama}" + (f": {lembar.judul}" if lembar.judul else "")
        lines += [("", False), (title, True), *_numbered(steps)]
    for offset, (text, bold) in enumerate(lines, start=row + 1):
        cell = ws.cell(row=offset, column=1)
        if text:
            write_text(cell, text)  # texts come from editable specs: never a formula
        if bold:
            cell.font = Font(bold=True)
    ws.protection = guard()
    fit_to_width(ws)


def guard() -> SheetProtection:
    """Sheet protection without a password: a guard against accidental edits of the headers,
    not a lock. Formatting, inserting/deleting rows, sorting and filtering stay allowed
    (in OOXML a False attribute means "not protected")."""
    return SheetProtection(
        sheet=True,
        formatCells=False,
        formatColumns=False,
        formatRows=False,
        insertRows=False,
        deleteRows=False,
        sort=False,
        autoFilter=False,
    )


def _identity(ws: Worksheet, layout: Layout, unit: Unit, tahun: int, bulan: int | None) -> int:
    values: dict[str, object] = {
        "kode_unit": unit.kode,
        "nama_unit": unit.nama,
        "tahun": tahun,
        "bulan": bulan,
    }
    row = IDENTITY_ROW
    for row, isian in enumerate(layout.identitas.isian, start=IDENTITY_ROW):
        ws.cell(row=row, column=1, value=isian.label).font = Font(bold=True)
        cell = ws.cell(row=row, column=2)
        value = values.get(isian.kunci)
        if isinstance(value, str):
            write_text(cell, value)
        else:
            cell.value = value
        cell.protection = Protection(locked=False)
        cell.fill = INPUT_FILL
        cell.number_format = "0" if isian.kunci in BOUNDS else "@"
        if isian.kunci in NOTES:
            ws.cell(row=row, column=3, value=NOTES[isian.kunci]).font = Font(italic=True)
        if isian.kunci in BOUNDS:
            low, high, message = BOUNDS[isian.kunci]
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1=str(low),
                formula2=str(high),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=isian.label,
                error=message,
            )
            dv.add(cell.coordinate)
            ws.add_data_validation(dv)
    return row + 1


def _umum(layout: Layout, unit: Unit, tahun: int, bulan: int | None) -> list[str]:
    periode = f"tahun {tahun}" + (f", bulan pelaporan {BULAN[bulan - 1]}" if bulan else "")
    folder = f"inputs/{tahun}/{bulan:02d}/" if bulan else f"inputs/{tahun}/<bulan>/"
    pilihan = [
        k.judul for lembar in layout.lembar for k in lembar.kolom if k.jenis in ("pilihan", "bulan")
    ]
    dropdowns = ", ".join(dict.fromkeys(pilihan))
    return [
        f"Buku kerja ini milik {unit.nama} ({unit.kode}) untuk {periode}. Periksa identitas "
        "di atas; jangan diubah kecuali keliru.",
        "Isi setiap lembar mulai baris 2, satu baris untuk satu data. Baris judul dilindungi "
        "tanpa kata sandi: pengaman, bukan kunci.",
        "Jangan mengganti nama lembar, mengubah judul kolom, atau menyisipkan kolom; data "
        "dibaca menurut judul kolom.",
        'Sel kosong berarti "belum diisi". Angka 0 adalah nilai yang dilaporkan: isi 0 hanya '
        "bila hasilnya memang nol.",
        "Tulis angka dengan format Indonesia: titik pemisah ribuan dan koma desimal, misalnya "
        '1.250.000 dan 85,5, tanpa "Rp" atau "%".',
        f"Kolom {dropdowns} diisi dengan memilih dari daftar (klik panah di sisi sel).",
        f"Simpan sebagai Buku Kerja Excel (.xlsx), bukan .xls atau .csv, di folder {folder} "
        "workspace. Nama berkas bebas.",
    ]


def _numbered(steps: list[str]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    number = 0
    for step in steps:
        if step.startswith("   "):  # continuation of the previous step
            out.append((f"   {step.strip()}", False))
        else:
            number += 1
            out.append((f"{number}. {step}", False))
    return out
