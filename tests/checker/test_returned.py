"""Returned documents round-trip: build -> PDF (LibreOffice, one batch) -> signed on purpose
-> `sakip check` says complete and which built document it answers; unsigned -> incomplete
naming who; a figure changed -> the difference named; a placeholder left -> its page. The
six kinds with required sections, and the SK Tim (a Keputusan Kepala Dinas, checked as a
letter: signed, unchanged)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest_tools import require_tool
from signing import sign

from pipeline.cli.main import cli
from pipeline.example import create_workspace, write_example_inputs

ANNUAL = "outputs/2024/tahunan"
MONTH = "outputs/2024/03"
KINDS = {
    "pk": f"{ANNUAL}/pk/Perjanjian Kinerja 2024 Bidang Usaha Kecil dan Menengah.docx",
    "rak": f"{ANNUAL}/rak/Rencana Aksi Kinerja 2024 Sekretariat.docx",
    "iki": f"{ANNUAL}/iki/IKI 2024 Abdul Gafur Lapasere, S.E.docx",
    "pengukuran": f"{MONTH}/pengukuran/Form Pengukuran Kinerja Triwulan I 2024 Sekretariat.docx",
    "lki": f"{MONTH}/lki/Laporan Kinerja Individu Maret 2024 Fitriani Rauf, S.H.docx",
    "lkjip": f"{MONTH}/lkjip/Draft LKjIP 2024 (s.d. Maret 2024).docx",
}
EDITED_FIGURE = ("Rp9.850.000.000", "Rp9.580.000.000")
SK = f"{ANNUAL}/lkjip/SK Tim Penyusun LKjIP 2024.docx"
"""Made by January 2025's build, with the final LKjIP 2024 (from December's workbooks)."""
EDITED_NIP = ("NIP 19740603 199903 1 005", "NIP 19740603 199903 1 008")
"""A member of the team (Kepala Bidang Kelembagaan), one digit of the NIP changed."""


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The workspace and a folder of returned PDFs: each kind and the SK Tim signed
    ("<kind>.pdf"), the PK and the SK unsigned, the RAK with one figure and the SK with one
    member's NIP changed after the build (signed)."""
    require_tool("soffice")
    from pipeline.office.pdf_convert import convert_to_pdf

    base = tmp_path_factory.mktemp("kembali")
    root = base / "ws"
    create_workspace(root)
    build = CliRunner().invoke(cli, ["build", "-w", str(root), "--periode", "2024-03"])
    assert build.exit_code in (0, 1), build.output
    write_example_inputs(root, [(2024, 12), (2025, 1)])
    args = ["build", "-w", str(root), "--periode", "2025-01", "--sop", "lkjip"]
    build = CliRunner().invoke(cli, args)
    assert build.exit_code in (0, 1), build.output
    work = base / "pdf"
    work.mkdir()
    docs = []
    for kind, relative in {**KINDS, "sk": SK}.items():
        docs.append(work / f"{kind}.docx")
        shutil.copy(root / relative, docs[-1])
    for name, source, change in (
        ("rak-diubah", KINDS["rak"], EDITED_FIGURE),
        ("sk-diubah", SK, EDITED_NIP),
    ):
        docs.append(work / f"{name}.docx")
        _replace_in_docx(root / source, docs[-1], *change)
    converted = convert_to_pdf(docs)
    assert all(c.pdf is not None for c in converted), [c.problem for c in converted]
    out = base / "kembali"
    out.mkdir()
    for doc in docs:
        assert sign(doc.with_suffix(".pdf"), out / f"{doc.stem}.pdf") > 0
    shutil.copy(work / "pk.pdf", out / "pk-belum-ttd.pdf")
    shutil.copy(work / "sk.pdf", out / "sk-belum-ttd.pdf")
    return root, out


def _replace_in_docx(source: Path, target: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            dst.writestr(item, data)


def _check(root: Path, *files: Path) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["check", *map(str, files), "-w", str(root), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "lkjip"])
def test_signed_return_is_complete_and_matched(returned: tuple[Path, Path], kind: str) -> None:
    root, folder = returned
    [data] = _check(root, folder / f"{kind}.pdf")
    assert (data["document_type"], data["status"]) == (kind, "complete"), data["problems"]
    matched = data["matched"]
    assert matched["path"] == KINDS[kind]
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", matched["code"])
    import hashlib

    assert matched["sha256"] == hashlib.sha256((root / KINDS[kind]).read_bytes()).hexdigest()
    assert isinstance(matched["build_id"], int)
    assert data["signatures"] and all(s["signed"] for s in data["signatures"])


def test_unsigned_return_names_who_has_not_signed(returned: tuple[Path, Path]) -> None:
    root, folder = returned
    [data] = _check(root, folder / "pk-belum-ttd.pdf")
    assert data["status"] == "incomplete"
    assert data["matched"]["path"] == KINDS["pk"]
    [problem] = [p for p in data["problems"] if "belum ditandatangani" in p]
    assert "Pihak Pertama, Kepala Bidang Usaha Kecil dan Menengah" in problem
    assert "Arifin Lamakarate" in problem
    assert "Pihak Kedua" in problem


def test_a_changed_figure_is_reported(returned: tuple[Path, Path]) -> None:
    root, folder = returned
    [data] = _check(root, folder / "rak-diubah.pdf")
    assert data["status"] == "incomplete"
    assert data["matched"]["path"] == KINDS["rak"]
    [problem] = [p for p in data["problems"] if "berbeda dengan dokumen arsip" in p]
    assert "jumlah rupiah" in problem
    # Figures are compared without their dots; one broken across lines of a narrow cell is
    # shown as read.
    assert "9850000000" in problem and "958000000" in problem


def test_the_sk_tim_signed_is_complete_and_matched(returned: tuple[Path, Path]) -> None:
    root, folder = returned
    signed, unsigned = _check(root, folder / "sk.pdf", folder / "sk-belum-ttd.pdf")
    for data in (signed, unsigned):
        assert data["document_type"] == "lkjip-sk"
        assert data["matched"]["path"] == SK
        assert not [p for p in data["problems"] if "berbeda dengan dokumen arsip" in p]
    assert signed["status"] == "complete", signed["problems"]
    # Signed where it is ditetapkan and again under the Lampiran (the team's list).
    assert [s["signed"] for s in signed["signatures"]] == [True, True]
    assert all("Lamarauna" in s["nama"] for s in signed["signatures"])
    assert unsigned["status"] == "incomplete"
    [problem] = unsigned["problems"]
    assert "belum ditandatangani" in problem and "Andi Rahmat Lamarauna" in problem


def test_a_changed_nip_in_the_sk_tim_is_reported(returned: tuple[Path, Path]) -> None:
    root, folder = returned
    [data] = _check(root, folder / "sk-diubah.pdf")
    assert data["matched"]["path"] == SK
    assert data["status"] == "incomplete"
    [problem] = [p for p in data["problems"] if "berbeda dengan dokumen arsip" in p]
    assert "NIP '005' menjadi '008'" in problem
    assert "lagarusu" in problem  # the member whose NIP it is


def test_placeholders_left_in_make_the_lkjip_incomplete_naming_pages(
    returned: tuple[Path, Path],
) -> None:
    root, folder = returned
    [data] = _check(root, folder / "lkjip.pdf")
    assert data["matched"]["path"] == KINDS["lkjip"]
    assert data["status"] == "incomplete"
    [problem] = [p for p in data["problems"] if "[Diisi Tim Penyusun" in p]
    assert re.search(r"pada halaman \d", problem)
    assert not [p for p in data["problems"] if "berbeda dengan dokumen arsip" in p]


def test_a_scan_is_named_by_its_qr_code(returned: tuple[Path, Path], tmp_path: Path) -> None:
    """A scan has no text layer: OCR reads the page and the QR code names the document."""
    import pypdfium2 as pdfium

    require_tool("tesseract")
    root, folder = returned
    source = pdfium.PdfDocument(folder / "lki.pdf")
    image = source[0].render(scale=200 / 72, grayscale=True).to_pil()
    scan = tmp_path / "pindaian.pdf"
    image.save(scan, "PDF", resolution=200)
    [typed] = _check(root, folder / "lki.pdf")
    [data] = _check(root, scan)
    assert data["matched"] == typed["matched"]
    assert data["matched"]["path"] == KINDS["lki"]


def test_a_chapter_left_out_is_missing_though_the_sistematika_names_it(
    returned: tuple[Path, Path], tmp_path: Path
) -> None:
    """Bab I's Sistematika Penyajian and the Daftar Isi name every chapter; a returned LKjIP
    without Bab II's pages still lacks Bab II."""
    import pypdfium2 as pdfium

    root, folder = returned
    source = pdfium.PdfDocument(folder / "lkjip.pdf")
    texts = [source[i].get_textpage().get_text_range() for i in range(len(source))]

    def opening(bab: str) -> int:
        return next(i for i, t in enumerate(texts) if re.search(rf"^\s*{bab}\s*$", t, re.M))

    assert any("Bab II memuat" in t for t in texts)
    for index in reversed(range(opening("BAB II"), opening("BAB III"))):
        source.del_page(index)
    cut = tmp_path / "lkjip-tanpa-bab-ii.pdf"
    source.save(cut)
    [data] = _check(root, cut)
    assert data["status"] == "incomplete"
    assert data["missing"] == ["Bab II Perencanaan Kinerja"]
