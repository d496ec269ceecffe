"""`sakip template` prefills a unit's workbook from its latest earlier workbook of the year."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli.main import cli
from pipeline.example import create_workspace


def test_april_template_carries_pk_and_first_quarter(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    out = tmp_path / "ukm-april.xlsx"
    result = CliRunner().invoke(
        cli,
        ["template", "-w", str(root), "--unit", "UKM", "--periode", "2024-04", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    identity = {r[0]: r[1] for r in wb["Petunjuk"].iter_rows(values_only=True) if r and r[0]}
    assert (identity["Kode Unit"], identity["Tahun"], identity["Bulan Pelaporan"]) == (
        "UKM",
        2024,
        4,
    )
    pk_codes = [r[0] for r in wb["PK"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert pk_codes and all(code.startswith("UKM-") for code in pk_codes)
    # The reporting frequency carries over with the PK: UKM-04 stays tahunan.
    header = [c.value for c in wb["PK"][1]]
    column = header.index("Frekuensi Pelaporan")
    frekuensi = {r[0]: r[column] for r in wb["PK"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert frekuensi["UKM-04"] == "tahunan" and frekuensi["UKM-01"] is None
    rows = [r for r in wb["Realisasi"].iter_rows(min_row=2, values_only=True) if r[0]]
    by_month: dict[str, list[object]] = {}
    for code, _name, month, value, *_rest in rows:
        if code != "UKM-04":  # tahunan: not due before December, left empty
            by_month.setdefault(month, []).append(value)
    assert set(by_month) == {"Januari", "Februari", "Maret", "April"}
    assert all(v is not None for v in by_month["Maret"])
    assert all(v is None for v in by_month["April"])
    assert len(by_month["April"]) == len(pk_codes) - 1


def test_april_template_asks_realisasi_of_iki_without_pk_indicator(tmp_path: Path) -> None:
    """The Sekretariat has two IKI that trace to no PK indicator of their satuan: their
    first quarter carries over, and April has a row each, keyed by NIP and IKI."""
    root = tmp_path / "ws"
    create_workspace(root)
    out = tmp_path / "sek-april.xlsx"
    result = CliRunner().invoke(
        cli,
        ["template", "-w", str(root), "--unit", "SEK", "--periode", "2024-04", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["Realisasi IKI"]
    assert [c.value for c in ws[1]][:5] == [
        "NIP",
        "Nama Pegawai",
        "Indikator Kinerja Individu",
        "Bulan",
        "Realisasi",
    ]
    rows = [r[:5] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    nips = {"19900412 201503 2 006", "19880919 201001 2 004"}
    assert {r[0] for r in rows} == nips  # the IKI traced to a PK indicator are not asked
    by_month: dict[str, list[object]] = {}
    for _nip, _name, _iki, month, value in rows:
        by_month.setdefault(month, []).append(value)
    assert by_month["Januari"] == [2, 1] and by_month["Maret"] == [1, 1]
    assert by_month["April"] == [None, None]
    petunjuk = "\n".join(str(c.value) for c in load_workbook(out)["Petunjuk"]["A"] if c.value)
    assert "Lembar Realisasi IKI" in petunjuk
    assert "terbaik: nilai terbaik yang pernah dicapai" in petunjuk


def test_a_value_rejected_last_month_is_carried_as_typed_and_flagged(tmp_path: Path) -> None:
    """The example UPT typed "1,250" in March (Realisasi D21, ambiguous): April's template
    keeps it as typed, marks the cell and says so; validating it again finds the same galat,
    never an empty month."""
    root = tmp_path / "ws"
    create_workspace(root)
    out = tmp_path / "upt-april.xlsx"
    result = CliRunner().invoke(
        cli,
        ["template", "-w", str(root), "--unit", "UPT", "--periode", "2024-04", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "1 isian yang belum sah pada buku kerja sebelumnya dibawa apa adanya" in result.output
    assert (
        "lembar Realisasi, sel D21" in result.output and "'1,250' bermakna ganda" in result.output
    )
    wb = load_workbook(out)
    sheet = wb["Realisasi"]
    flagged = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == "1,250"]
    assert len(flagged) == 1
    cell = flagged[0]
    assert cell.comment is not None and "bermakna ganda" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    month = sheet.cell(row=cell.row, column=3).value
    assert month == "Maret"
    # Filled in as April's workbook, the carried value is found again as what it is.
    folder = root / "inputs/2024/04"
    folder.mkdir(parents=True)
    out.rename(folder / out.name)
    check = CliRunner().invoke(cli, ["validate", "-w", str(root), "--periode", "2024-04", "--json"])
    import json

    findings = json.loads(check.stdout)["findings"]
    rules = {(f["rule"], f["cell"]) for f in findings if f["unit"] == "UPT"}
    assert ("ISIAN-ANGKA", cell.coordinate) in rules
    code = sheet.cell(row=cell.row, column=1).value
    assert not any(
        f["rule"] == "REAL-HILANG" and code in f["message"] and "Maret" in f["message"]
        for f in findings
    )


def test_template_without_earlier_galat_says_nothing_about_them(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    result = CliRunner().invoke(
        cli,
        [
            "template",
            "-w",
            str(root),
            "--unit",
            "UKM",
            "--periode",
            "2024-04",
            "--out",
            str(tmp_path / "u.xlsx"),
        ],
    )
    assert result.exit_code == 0
    assert "belum sah" not in result.output


def test_first_workbook_of_a_year_starts_from_last_years_pk(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    out = tmp_path / "ukm-januari-2025.xlsx"
    args = ["template", "-w", str(root), "--unit", "UKM", "--periode", "2025-01", "--out"]
    result = CliRunner().invoke(cli, [*args, str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Ditulis: {out}\n"
        "Buku kerja pertama tahun 2025: lembar PK, RAK dan IKI diisi dari buku kerja Maret "
        "2024. Minta unit memeriksa dan menyesuaikannya untuk tahun 2025: target tahunan, "
        "pembagian target per triwulan (RAK), rencana aksi, anggaran dan IKI pegawai. Lembar "
        "Realisasi dan Realisasi Anggaran dimulai kosong.\n"
        "Kirim kepada unit UKM; setelah diisi, simpan di inputs/2025/01/.\n"
    )
    wb = load_workbook(out)
    last_year = load_workbook(root / "inputs/2024/03/2024-03 Bidang Usaha Kecil dan Menengah.xlsx")
    codes = [r[0] for r in wb["PK"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert codes == [r[0] for r in last_year["PK"].iter_rows(min_row=2, values_only=True) if r[0]]
    realisasi = [r for r in wb["Realisasi"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert {r[2] for r in realisasi} == {"Januari"}  # only the new month, to be filled
    assert all(r[3] is None for r in realisasi)
    # A later month of 2025 prefills from 2025's own January, not from 2024.
    (root / "inputs/2025/01").mkdir(parents=True)
    out.rename(root / "inputs/2025/01" / out.name)
    later = CliRunner().invoke(
        cli, [*args[:-3], "--periode", "2025-02", "--out", str(tmp_path / "f.xlsx")]
    )
    assert later.exit_code == 0, later.output
    assert "Buku kerja pertama" not in later.output
