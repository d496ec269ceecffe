"""Workbooks beyond a bound are findings naming file and sheet, read by no library first."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_inputs import REALISASI, add_rows, clean, far_cell, long_text, padding, rewrite
from sakip_run import ROOT, assert_clear, inputs_digest, run, workspace

SharedStrings = "xl/sharedStrings.xml"


def _validate(ws: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    report = outcome.json()
    return report["findings"], {u["code"]: u["status"] for u in report["units"]}


def _limits(ws: Path, **batas: int) -> None:
    """A workspace copy of buku-kerja.yaml with some limits lowered (to test them cheaply)."""
    text = (ROOT / "sop_specs/validasi/buku-kerja.yaml").read_text(encoding="utf-8")
    for key, value in batas.items():
        text, count = re.subn(rf"(?m)^  {key}: \d+", f"  {key}: {value}", text)
        assert count == 1, key
    target = ws / "sop_specs/validasi/buku-kerja.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")


def _book(ws: Path, *changes: tuple[str, Callable[[bytes], bytes]]) -> Path:
    path = clean(ws / "inputs/2024/03/bkp.xlsx")
    for part, change in changes:
        rewrite(path, part, change, level=1)
    return path


def _one(findings: list[dict[str, str]], rule: str) -> dict[str, str]:
    found = [f for f in findings if f["rule"] == rule]
    assert len(found) == 1, [f["rule"] for f in findings]
    return found[0]


@pytest.mark.parametrize("ref", ["XFD1048576", "XFD5000", "A200000", "XFEXFEA1"])
def test_a_far_cell_is_a_finding_not_an_abort(tmp_path: Path, ref: str) -> None:
    ws = workspace(tmp_path)
    _book(ws, (REALISASI, far_cell(ref)))
    findings, status = _validate(ws)
    found = _one(findings, "LEMBAR-TERLALU-LUAS")
    assert (found["file"], found["sheet"], found["cell"]) == ("bkp.xlsx", "Realisasi", ref)
    assert "Hapus isi sel di luar tabel" in found["message"]
    assert status["BKP"] == "tidak_menyerahkan"


def test_a_small_package_inflating_to_hundreds_of_megabytes(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = _book(ws, (REALISASI, padding(200 * 1024 * 1024)))
    assert path.stat().st_size < 2_000_000
    findings, _status = _validate(ws)
    found = _one(findings, "BERKAS-TERLALU-BESAR")
    assert found["sheet"] == "Realisasi"
    assert "lembar Realisasi berukuran 200,0 MB setelah diekstrak" in found["message"]


def test_the_whole_package_and_the_count_of_parts_are_bounded(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    _limits(ws, ukuran_paket_mb=1, jumlah_bagian=50)
    _book(ws, ("xl/media/image1.png", lambda _: b"\0" * 1_500_000))
    findings, _status = _validate(ws)
    assert (
        "isinya 1,5 MB setelah diekstrak (batas 1 MB)"
        in _one(findings, "BERKAS-TERLALU-BESAR")["message"]
    )
    path = clean(ws / "inputs/2024/03/bkp.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        for i in range(60):
            zf.writestr(f"customXml/item{i}.xml", b"<a/>")
    findings, _status = _validate(ws)
    assert re.search(
        r"berisi 7\d bagian \(batas 50\)", _one(findings, "BERKAS-TERLALU-BESAR")["message"]
    )


def test_cells_of_all_sheets_read_are_bounded_together(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    _limits(ws, sel=60)
    _book(ws)
    findings, _status = _validate(ws)
    found = _one(findings, "LEMBAR-TERLALU-LUAS")
    # Petunjuk 6 x 2 and PK 4 x 11 fit in 60 cells; RAK (4 x 11) on top of them does not.
    assert found["sheet"] == "RAK"


def test_a_shared_string_shown_in_many_cells_counts_once_per_cell(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    sst = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        b'main" count="1" uniqueCount="1"><si><t>' + b"x" * 30_000 + b"</t></si></sst>"
    )
    rel = (
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    cells = b"".join(
        b'<row r="%d"><c r="E%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(20, 5020)
    )
    _book(
        ws,
        (SharedStrings, lambda _: sst),
        ("xl/_rels/workbook.xml.rels", lambda x: x.replace(b"</Relationships>", rel)),
        (REALISASI, lambda x: add_rows(x, cells)),
    )
    findings, _status = _validate(ws)
    found = _one(findings, "BERKAS-TERLALU-BESAR")
    assert found["sheet"] == "Realisasi"
    assert "lembar yang dibaca sampai lembar Realisasi berisi 143," in found["message"]


@pytest.mark.parametrize("length", [40_000, 20_000_000])
def test_a_very_long_text_is_reported_and_cut(tmp_path: Path, length: int) -> None:
    ws = workspace(tmp_path)
    _book(ws, (REALISASI, long_text("E30", length)))
    findings, status = _validate(ws)
    found = _one(findings, "TEKS-TERLALU-PANJANG")
    assert (found["unit"], found["sheet"], found["cell"]) == ("BKP", "Realisasi", "E30")
    assert f"{length:,}".replace(",", ".") in found["message"]
    assert status["BKP"] == "belum_lengkap"


def test_a_workbook_at_the_limits_stays_under_the_memory_bound(tmp_path: Path) -> None:
    """The largest Realisasi sheet the default limits let through: ~48 MB of text cells."""
    ws = workspace(tmp_path)
    letters = [_letter(c) for c in range(6, 200)]

    def rows(xml: bytes) -> bytes:
        return add_rows(
            xml,
            b"".join(
                b'<row r="%d">' % r
                + b"".join(
                    b'<c r="%s%d" t="inlineStr"><is><t>teks %010d %s</t></is></c>'
                    % (c, r, r, c * 8)
                    for c in letters
                )
                + b"</row>"
                for r in range(20, 3150)
            ),
        )

    _book(ws, (REALISASI, rows))
    before = inputs_digest(ws)
    outcome = run(ws, "validate", "--periode", "2024-03", "--json")
    assert_clear(outcome, before, ws)
    assert outcome.peak_mib > 150  # measured: the sheet was really read
    assert outcome.code == 1
    assert not [f for f in outcome.json()["findings"] if "TERLALU" in f["rule"]]


def _letter(number: int) -> bytes:
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text.encode()
