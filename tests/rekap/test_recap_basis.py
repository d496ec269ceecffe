"""The recap and the documents' indicator rows on the example office: each capaian with the
target it was computed against, trends at their last position, shared codes kept apart, and
the LKI on the Form Pengukuran's basis."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.documents.indicators import iki_rows, indicators, programs, sebaran
from pipeline.documents.model import Indikator
from pipeline.documents.people import nip_key
from pipeline.example import create_workspace
from pipeline.rekap.recap import Rekap, RekapRow, build_rekap
from pipeline.validate.capaian import capaian
from pipeline.validate.period import Validation, validate_period
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

MARCH = Periode(2024, 3)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Validation, Rekap]:
    root = tmp_path_factory.mktemp("kantor") / "contoh"
    create_workspace(root)
    workspace = Workspace.open(root)
    validation = validate_period(workspace, MARCH)
    # The UPT (held back for galat) is recapped too, as with --force: its rows are examined.
    return validation, build_rekap(workspace, validation, force=True)


def _rows(rekap: Rekap, unit: str) -> dict[str, RekapRow]:
    return {r.kunci: r for r in rekap.rows if r.unit == unit}


def test_every_capaian_is_the_formula_on_its_own_target(example: tuple[Validation, Rekap]) -> None:
    _validation, rekap = example
    for row in rekap.rows:
        if row.belum_jatuh_tempo:  # UKM-04, tahunan: nothing to compute before December
            assert row.capaian_tw.nilai is row.capaian_tahunan.nilai is None, row.kunci
            continue
        polaritas = "turun" if row.polaritas == "turun" else "naik"
        to_date = capaian(row.target_sd_tw, row.realisasi_sd_bulan, polaritas)
        annual = capaian(row.target, row.realisasi_sd_bulan, polaritas)
        assert row.capaian_tw == to_date, row.kunci
        assert row.capaian_tahunan == annual, row.kunci


def test_trends_report_the_last_month(example: tuple[Validation, Rekap]) -> None:
    bkp = _rows(example[1], "BKP")
    # BKP-04 (tren-turun) 11,8; 11,5; 11,2: March's 11,2 against TW I's 11.
    assert bkp["BKP-04"].realisasi_sd_bulan == 11.2
    assert bkp["BKP-04"].target_sd_tw == 11
    assert bkp["BKP-04"].capaian_tw.nilai == 98.18  # (2 × 11 − 11,2) / 11
    # BKP-03: a range per quarter; 71,4 passes TW I's upper bound 65.
    assert bkp["BKP-03"].target_sd_tw == (60, 65)
    assert bkp["BKP-03"].capaian_tw.nilai == 109.85
    assert "batas atas 65 dari rentang target 60–65" in bkp["BKP-03"].capaian_tw.catatan
    assert bkp["BKP-03"].capaian_tahunan.nilai == 100.0  # inside 70–75


def test_two_indicators_sharing_a_code_stay_two_rows(example: tuple[Validation, Rekap]) -> None:
    validation, rekap = example
    upt = _rows(rekap, "UPT")
    kelas, modul = upt["UPT-03"], upt["UPT-03#2"]
    assert (kelas.kode, modul.kode) == ("UPT-03", "UPT-03")
    assert kelas.indikator.startswith("Jumlah kelas") and modul.indikator.startswith("Jumlah modul")
    assert (kelas.realisasi_sd_bulan, kelas.target_sd_tw, kelas.capaian_tw.nilai) == (5, 4, 125)
    assert (modul.realisasi_sd_bulan, modul.target_sd_tw, modul.capaian_tw.nilai) == (2, 2, 100)
    assert any("kode UPT-03 dipakai oleh 2 indikator" in n for n in rekap.notes)
    finding = next(f for f in validation.report.findings if f.rule == "PK-GANDA")
    assert "baris 4: Jumlah kelas" in finding.message and "baris 5: Jumlah modul" in finding.message
    assert not [f for f in validation.report.findings if f.rule == "REAL-GANDA"]
    items = indicators(validation.units["UPT"], {r.kunci: r for r in upt.values()}, triwulan=1)
    assert [i.kode for i in items].count("UPT-03") == 2
    assert [(i.target_capaian, i.capaian) for i in items if i.kode == "UPT-03"] == [
        (4, 125.0),
        (2, 100.0),
    ]


def test_document_rows_carry_their_basis(example: tuple[Validation, Rekap]) -> None:
    validation, rekap = example
    ukm = {r.kunci: r for r in rekap.rows if r.unit == "UKM"}
    quarter = indicators(validation.units["UKM"], ukm, triwulan=1)
    annual = indicators(validation.units["UKM"], ukm, annual=True, skala=[(0, "x")])
    first_q, first_y = quarter[0], annual[0]
    # "TW" and its numeral never part in a document header (a no-break space).
    assert (first_q.basis, first_q.target_capaian) == ("Target s.d. TW\u00a0I", 80)
    assert (first_y.basis, first_y.target_capaian) == ("Target Tahunan", 480)
    # 18 + 26 + 31 = 75 against each: 93,75 % and 15,63 %.
    assert (first_q.capaian, first_y.capaian) == (93.75, 15.63)


def test_sebaran_follows_the_scale_not_the_alphabet() -> None:
    skala = [(0, "Sangat Rendah"), (91, "Sangat Tinggi"), (51, "Rendah"), (76, "Tinggi")]

    def item(kategori: str) -> Indikator:
        return Indikator(1, "K", "", "", "", 1, "naik", "", None, [], [], "", kategori=kategori)

    labels = ["Rendah", "Sangat Tinggi", "Tidak Dapat Dievaluasi", "Tinggi", "Sangat Tinggi"]
    counts = [(s.kategori, s.jumlah) for s in sebaran([item(k) for k in labels], skala)]
    assert counts == [
        ("Sangat Tinggi", 2),
        ("Tinggi", 1),
        ("Rendah", 1),
        ("Tidak Dapat Dievaluasi", 1),
    ]


def test_lki_rates_on_the_target_to_date(example: tuple[Validation, Rekap]) -> None:
    validation, rekap = example
    config = validation.config
    bkp = {r.kunci: r for r in rekap.rows if r.unit == "BKP"}
    rows = iki_rows(validation.units["BKP"], nip_key("19740603 199903 1 005"), bkp, config, MARCH)
    # BKP-01: 65,5 against TW I's 65, not the annual 68.
    assert [(r.target_capaian, r.realisasi, r.capaian) for r in rows] == [
        (65, 65.5, 100.77),
        (11, 11.2, 98.18),
    ]
    assert rows[0].kategori == "Sangat Tinggi"


def test_lki_of_an_iki_without_pk_indicator_reads_its_own_sheet(
    example: tuple[Validation, Rekap],
) -> None:
    validation, rekap = example
    sek = {r.kunci: r for r in rekap.rows if r.unit == "SEK"}
    sheets, config = validation.units["SEK"], validation.config
    # Rekapitulasi data kinerja: 1 report a month, 12 a year (jumlah): 3 against 12 × 1/4.
    (row,) = iki_rows(sheets, nip_key("19880919 201001 2 004"), sek, config, MARCH)
    assert (row.realisasi, row.target_capaian, row.capaian) == (3, 3, 100.0)
    assert "× 1/4" in row.catatan
    # Its satuan (dokumen) differs from SEK-02's (%): its own realisasi 2 + 0 + 1.
    (docs,) = iki_rows(sheets, nip_key("19900412 201503 2 006"), sek, config, MARCH)
    assert (docs.realisasi, docs.target_capaian, docs.capaian) == (3, 2.25, 133.33)


def test_lki_says_when_the_own_realisasi_is_missing(example: tuple[Validation, Rekap]) -> None:
    validation, _rekap = example
    sheets = validation.units["SEK"]
    kept = sheets.rows["realisasi_iki"]
    sheets.rows["realisasi_iki"] = []
    try:
        (row,) = iki_rows(sheets, nip_key("19880919 201001 2 004"), {}, validation.config, MARCH)
    finally:
        sheets.rows["realisasi_iki"] = kept
    assert (row.realisasi, row.capaian, row.target_capaian) == (None, None, 3)
    assert row.catatan == "Realisasi belum diisi di lembar Realisasi IKI."


def test_computed_figures_hold_what_is_printed(example: tuple[Validation, Rekap]) -> None:
    """A mean is rounded half up to the two decimals printed, so a capaian recomputed by hand
    from the Form Pengukuran's figures is the one printed beside them."""
    _validation, rekap = example
    sek = _rows(rekap, "SEK")
    # SEK-04 (rata-rata, turun): (8,3 + 12,5 + 9,1) / 3 = 9,9666… printed and held as 9,97.
    assert sek["SEK-04"].realisasi_sd_bulan == 9.97
    assert sek["SEK-04"].capaian_tw == capaian(sek["SEK-04"].target_sd_tw, 9.97, "turun")
    for row in rekap.rows:
        for value in (row.realisasi_sd_bulan, row.target_sd_tw):
            if isinstance(value, float):
                assert round(value, 2) == value, (row.kunci, value)


def test_program_keterangan_is_what_the_pk_says(example: tuple[Validation, Rekap]) -> None:
    validation, rekap = example
    items = indicators(validation.units["SEK"], _rows(rekap, "SEK"), triwulan=1)
    # The example's PK rows leave Keterangan empty: no source of funds is made up.
    assert {p.keterangan for p in programs(items)} == {""}
    noted = [replace(items[0], keterangan="APBD Perubahan"), *items[1:]]
    assert programs(noted)[0].keterangan == "APBD Perubahan"


def test_a_tahunan_indicator_is_not_due_in_march(example: tuple[Validation, Rekap]) -> None:
    """UKM-04 (tahunan, the year-end evaluation) and SEK-05 (triwulanan, the quarterly
    survey) in the example: no figures before December for the one, March's survey for the
    other; neither is ever scored 0,00 % Sangat Rendah for the empty months."""
    validation, rekap = example
    ukm, sek = _rows(rekap, "UKM"), _rows(rekap, "SEK")
    tahunan = ukm["UKM-04"]
    assert (tahunan.frekuensi, tahunan.belum_jatuh_tempo, tahunan.kategori) == (
        "tahunan",
        True,
        "Belum Jatuh Tempo",
    )
    assert tahunan.realisasi_bulan == [None, None, None]
    # The IKM survey of the first quarter: 80,9 against TW I's 80 = 101,125, so 101,13.
    survey = sek["SEK-05"]
    assert (survey.frekuensi, survey.realisasi_sd_bulan, survey.target_sd_tw) == (
        "triwulanan",
        80.9,
        80,
    )
    assert survey.capaian_tw.nilai == 101.13 and survey.catatan_posisi == ""
    items = indicators(validation.units["UKM"], ukm, annual=True, skala=[(0, "Sangat Rendah")])
    row = next(i for i in items if i.kode == "UKM-04")
    assert (row.realisasi, row.capaian, row.kategori) == (None, None, "Belum Jatuh Tempo")
    assert "belum jatuh tempo" in row.capaian_catatan
    assert [s.kategori for s in sebaran(items, [(0, "Sangat Rendah")])] == ["Sangat Rendah"]
    # The Analis whose IKI traces to UKM-04 reads the same in her LKI.
    (iki,) = iki_rows(
        validation.units["UKM"], nip_key("19850815 201001 2 005"), ukm, validation.config, MARCH
    )
    assert (iki.realisasi, iki.capaian, iki.kategori) == (None, None, "Belum Jatuh Tempo")
    assert iki.catatan.startswith("Indikator tahunan: belum jatuh tempo")
