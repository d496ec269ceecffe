"""A document audit: the example office built for a month inside a quarter (February 2024)
and for a quarter's last month (March 2024), every docx read back as Word stores it, and
checked for what the Kasubbag and the Sekretaris would return it for. The checks live in
tests/document_audit.py, which bench/audit_province.py runs on the province as well."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from document_audit import (
    Document,
    Finding,
    W,
    capaian_agrees,
    capaian_audit,
    capaian_rows,
    check_di_once,
    check_doubled_words,
    check_empty_labels,
    check_held_named,
    check_held_without_document,
    check_number_widths,
    check_printed_keys,
    check_signature_kept,
    check_tables_fit_page,
    doubled_words,
)

from pipeline.cli.main import cli
from pipeline.example import create_workspace

PERIODS = ("2024-02", "2024-03")
UPT = {"UPT": "UPT Balai Pelatihan Koperasi dan UMKM"}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("audit") / "ws"
    create_workspace(root)
    runner = CliRunner()
    held: dict[str, set[str]] = {}
    builds: dict[str, str] = {}
    for periode in PERIODS:
        checked = runner.invoke(cli, ["validate", "-w", str(root), "-p", periode, "--json"])
        units = json.loads(checked.stdout)["units"]
        held[periode] = {u["code"] for u in units if u["status"] != "lengkap"}
        built = runner.invoke(cli, ["build", "-w", str(root), "-p", periode])
        builds[periode] = built.output
    docs = [Document(p) for p in sorted((root / "outputs/2024").rglob("*.docx"))]
    return {"root": root, "held": held, "builds": builds, "docs": docs}


def _documents(office: dict[str, object]) -> list[Document]:
    docs = office["docs"]
    assert isinstance(docs, list)
    assert len(docs) > 50, "the example office's builds made too few documents"
    return docs


def _lines(found: list[Finding]) -> str:
    return "\n".join(map(str, found))


def test_the_audit_sees_a_doubled_word() -> None:
    assert doubled_words("Pengukuran Triwulan Triwulan I 2024") == ["Triwulan Triwulan"]
    assert doubled_words("Hasil Pengukuran triwulan Triwulan I") == ["triwulan Triwulan"]
    assert doubled_words("masing-masing unit, unit kerja; 2024 2024 Rp1 Rp1") == []


def test_no_word_is_doubled(office: dict[str, object]) -> None:
    found = [f for doc in _documents(office) for f in check_doubled_words(doc)]
    assert not found, _lines(found)


def test_di_stands_once_before_the_place(office: dict[str, object]) -> None:
    found = [f for doc in _documents(office) for f in check_di_once(doc)]
    assert not found, _lines(found)


def test_no_label_stands_without_its_value(office: dict[str, object]) -> None:
    found = [f for doc in _documents(office) for f in check_empty_labels(doc)]
    found += [f for doc in _documents(office) for f in check_printed_keys(doc)]
    assert not found, _lines(found)


def test_the_audit_sees_an_empty_label_and_a_printed_key(office: dict[str, object]) -> None:
    # The kop of a workspace without telepon, laman and surel, as the province printed it.
    letter = next(d for d in _documents(office) if d.name.startswith("Surat "))
    doc = Document(letter.path)
    texts = [t for t in doc.paragraphs if "Telepon" in t or "Laman:" in t]
    assert len(texts) == 2 and not check_empty_labels(doc), texts
    doc.paragraphs[:] = ["Jalan Contoh 1, Telepon ", "Laman:   Pos-el: ", "kepala_dinas,"]
    assert len(check_empty_labels(doc)) == 2
    assert [f.what.split("'")[1] for f in check_printed_keys(doc)] == ["kepala_dinas"]
    doc.paragraphs[:] = ["Laman: a.go.id  Pos-el: pos_el@a.go.id", "Kepala Dinas,"]
    assert not check_empty_labels(doc) and not check_printed_keys(doc)


def test_number_columns_are_wide_enough(office: dict[str, object]) -> None:
    """By the width model of office/docx_table.py: no table column is narrower than the
    widest number printed in it (a number broken over two lines misreads)."""
    found = [f for doc in _documents(office) for f in check_number_widths(doc)]
    assert not found, _lines(found)


def test_tables_stay_within_the_page(office: dict[str, object]) -> None:
    found = [f for doc in _documents(office) for f in check_tables_fit_page(doc)]
    assert not found, _lines(found)


def test_the_audit_sees_a_narrow_column_and_a_table_past_the_margin(
    office: dict[str, object],
) -> None:
    # A Form Pengukuran read again, its first table's columns planted 1 mm and 300 mm wide.
    form = next(d for d in _documents(office) if d.name.startswith("Form Pengukuran"))
    for width, check in (("57", check_number_widths), ("17000", check_tables_fit_page)):
        doc = Document(form.path)
        assert not check(doc)
        table = next(t for t in doc.parts[0].iter(f"{W}tbl"))
        for col in table.iter(f"{W}gridCol"):
            col.set(f"{W}w", width)
        assert check(doc), (width, check.__name__)


def test_a_held_unit_gets_no_document_and_is_named(office: dict[str, object]) -> None:
    root, held, builds = office["root"], office["held"], office["builds"]
    assert isinstance(root, Path) and isinstance(held, dict) and isinstance(builds, dict)
    assert held == {"2024-02": {"UPT"}, "2024-03": {"UPT"}}, "the example holds the UPT back"
    docs = _documents(office)
    assert not [f for doc in docs for f in check_held_without_document(doc, UPT)]
    # Every compilation that leaves it out names it, with the reason.
    compilations = [doc for doc in docs if doc.is_compilation()]
    assert len(compilations) >= 7
    silent = [f for doc in compilations for f in check_held_named(doc, UPT)]
    assert not silent, _lines(silent)
    for periode in PERIODS:
        # The build says so, and the compliance report names the unit with its status.
        assert "Unit UPT tidak dibuatkan dokumen" in builds[periode]
        report = root / "outputs/2024" / periode[5:] / f"Laporan Kepatuhan {periode}.xlsx"
        cells = {
            str(value)
            for ws in openpyxl.load_workbook(report, read_only=True).worksheets
            for row in ws.iter_rows(values_only=True)
            for value in row
            if value
        }
        assert UPT["UPT"] in cells and "Belum lengkap" in " ".join(cells)


def test_the_audit_sees_a_held_unit_left_unnamed(office: dict[str, object]) -> None:
    # A unit the compilations do not name, and a document named after the held UPT.
    docs = _documents(office)
    compilation = next(doc for doc in docs if doc.is_compilation())
    assert check_held_named(compilation, {"U99": "Unit Kerja 99"})
    own = next(doc for doc in docs if doc.name.endswith(" Sekretariat.docx"))
    assert check_held_without_document(own, {"SEKRETARIAT": "Sekretariat"}), own.name


def test_quarter_documents_only_at_the_quarter_end(office: dict[str, object]) -> None:
    root = office["root"]
    assert isinstance(root, Path)
    assert not list((root / "outputs/2024/02").rglob("*Triwulan*.docx"))
    assert list((root / "outputs/2024/03").rglob("Form Pengukuran Kinerja Triwulan I*.docx"))


def test_no_document_for_an_empty_period(office: dict[str, object]) -> None:
    root = office["root"]
    assert isinstance(root, Path)
    result = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-05"])
    assert result.exit_code != 0
    assert not (root / "outputs/2024/05").exists() or not list(
        (root / "outputs/2024/05").rglob("*.docx")
    )


def test_the_audit_sees_a_capaian_on_another_basis() -> None:
    # Form Pengukuran TW II as issue 12 found it: 115 against 140 printed, 52,27% computed
    # against the cumulative 220.
    assert capaian_agrees("140", "115", "52,27%") is False
    assert capaian_agrees("220", "115", "52,27%") is True
    assert capaian_agrees("12", "9,97", "116,94%") is True  # turun, from 9,967 unrounded
    assert capaian_agrees("70–75", "66,7", "95,29%") is True  # against the lower bound
    assert capaian_agrees("-", "115", "-") is None


def test_the_audit_reads_a_table_under_a_row_naming_its_unit() -> None:
    """Lampiran 2 of the LKjIP heads each unit's table with its name: the column headers
    are the second row, and the capaian below them are checked all the same."""
    from lxml import etree

    ns = W.strip("{}")
    span = (
        '<w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr>'
        "<w:p><w:r><w:t>Unit 01</w:t></w:r></w:p></w:tc>"
    )

    def row(*cells: str) -> str:
        return (
            "<w:tr>"
            + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in cells)
            + "</w:tr>"
        )

    table = etree.fromstring(
        f'<w:tbl xmlns:w="{ns}"><w:tr>{span}</w:tr>'
        + row("No.", "Target s.d. TW II", "Realisasi", "Capaian")
        + row("1", "140", "115", "52,27%")
        + "</w:tbl>"
    )
    assert capaian_rows(table) == [("Target s.d. TW II", "140", "115", "52,27%")]


def test_each_capaian_follows_from_its_printed_target_and_realisasi(
    office: dict[str, object],
) -> None:
    found, checked = [], 0
    for doc in _documents(office):
        wrong, rows = capaian_audit(doc)
        found += wrong
        checked += rows
    assert checked > 100, f"only {checked} rows with target, realisasi and capaian"
    assert not found, _lines(found)


def test_no_signature_block_follows_a_table_on_its_own(office: dict[str, object]) -> None:
    """A signature block right under a table (spacers between) is carried inside the
    table's last row, which may not break across pages (see
    tests/documents/test_signature_pages.py for the pages LibreOffice prints)."""
    found = [f for doc in _documents(office) for f in check_signature_kept(doc)]
    assert not found, _lines(found)


def test_rebuilding_february_leaves_the_annual_documents(office: dict[str, object]) -> None:
    root = office["root"]
    assert isinstance(root, Path)
    annual = root / "outputs/2024/tahunan"
    before = {p: p.read_bytes() for p in annual.rglob("*.docx")}
    built = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-02", "--json"])
    manifest = json.loads(built.stdout)
    kept = [o for o in manifest["outputs"] if "/tahunan/" in o["path"]]
    assert kept and all(o["reused"] for o in kept)
    assert {p: p.read_bytes() for p in annual.rglob("*.docx")} == before
