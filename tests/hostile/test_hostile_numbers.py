"""Numbers beyond reason in a unit's cells are findings, never values (NaN, infinity, 1e308)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_inputs import REALISASI, clean, rewrite
from sakip_run import assert_clear, inputs_digest, run, workspace
from workbooks import bkp_sheets


def _cells(ws: Path, values: dict[str, str]) -> None:
    """Realisasi cells D2, D3... replaced by raw XML numbers ("NaN", "1e400") as stored."""
    path = clean(ws / "inputs/2024/03/bkp.xlsx")

    def change(xml: bytes) -> bytes:
        for ref, text in values.items():
            start = xml.index(f'<c r="{ref}"'.encode())
            end = xml.index(b"</c>", start)
            xml = xml[:start] + f'<c r="{ref}" t="n"><v>{text}</v>'.encode() + xml[end:]
        return xml

    rewrite(path, REALISASI, change)


@pytest.mark.parametrize(
    ("stored", "fragment"),
    [
        ("NaN", "bukan angka (NaN)"),
        ("1e400", "terlalu besar"),
        ("-1e400", "terlalu besar"),
        ("1.7e308", "terlalu besar"),
        ("2e15", "terlalu besar"),
    ],
)
def test_a_number_beyond_reason_is_a_finding(tmp_path: Path, stored: str, fragment: str) -> None:
    ws = workspace(tmp_path)
    _cells(ws, {"D2": stored})
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    found = [f for f in outcome.json()["findings"] if f["rule"] == "ISIAN-ANGKA"]
    assert [(f["unit"], f["sheet"], f["cell"]) for f in found] == [("BKP", "Realisasi", "D2")]
    assert fragment in found[0]["message"]


def test_huge_values_in_two_months_of_a_summed_indicator_still_give_every_report(
    tmp_path: Path,
) -> None:
    """BKP-2 sums its months: 1.7e308 twice once overflowed and stopped the validation."""
    ws = workspace(tmp_path)
    _cells(ws, {"D5": "1.7e308", "D6": "1.7e308"})  # BKP-2, months 1 and 2
    before = inputs_digest(ws)
    outcome = run(ws, "rekap", "--periode", "2024-03")
    assert_clear(outcome, before, ws)
    assert list((ws / "outputs/2024/03").glob("Rekapitulasi*.xlsx"))
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    found = [f["cell"] for f in outcome.json()["findings"] if f["rule"] == "ISIAN-ANGKA"]
    assert found == ["D5", "D6"]


def test_a_year_is_written_as_a_year(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    clean(ws / "inputs/2024/03/bkp.xlsx", tahun=2023, sheets=bkp_sheets())
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    (found,) = [f for f in outcome.json()["findings"] if f["rule"] == "BERKAS-TAHUN"]
    assert "tahun 2023," in found["message"]
    assert "2023.0" not in outcome.text


def test_words_in_a_number_cell_are_not_a_number(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    sheets = bkp_sheets()
    sheets["Realisasi"][0][3] = "belum ada"
    clean(ws / "inputs/2024/03/bkp.xlsx", sheets=sheets)
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    (found,) = [f for f in outcome.json()["findings"] if f["rule"] == "ISIAN-ANGKA"]
    assert found["cell"] == "D2"
    assert "'belum ada' bukan angka (berisi huruf)" in found["message"]
    assert "ribuan" not in found["message"] and "spasi" not in found["message"]
