"""Defaults used when a workspace does not say otherwise."""

from __future__ import annotations

DEFAULT_INSTANSI = {
    "pemerintah": "Pemerintah Provinsi Sulawesi Tengah",
    "nama": "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sulawesi Tengah",
    "alamat": "Jalan Prof. Moh. Yamin, Palu",
    "kota": "Palu",
}
