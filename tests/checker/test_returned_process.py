"""Results feed the process: build -> PDF -> signature stamped -> `sakip check --catat`
records the Kepala Dinas's approval step once, and `sakip status` shows the document
disahkan; an unsigned copy or a plain check records nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest_tools import require_tool
from signing import scan, sign
from tte import tte_sign

from pipeline.cli.main import cli
from pipeline.example import create_workspace
from pipeline.process.returns import signing_steps
from pipeline.process.spec import load_schedules
from pipeline.workspace.paths import Workspace

DOKUMEN_RAK = "outputs/2024/tahunan/rak/Dokumen Rencana Aksi Kinerja 2024.docx"
LETTERS = {
    "rak-pengantar": "outputs/2024/tahunan/rak/Surat Pengantar Dokumen Rencana Aksi Kinerja "
    "2024.docx",
    "pk-undangan": "outputs/2024/tahunan/pk/Undangan Rapat Penyusunan Perjanjian Kinerja 2024.docx",
    "pengumpulan-spt": "outputs/2024/03/pengumpulan-data/Surat Perintah Tugas Pengumpulan Data "
    "Kinerja Maret 2024.docx",
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _records(root: Path, sop: str, no: int) -> int:
    with sqlite3.connect(root / "sakip.db") as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM sop_step_record WHERE sop = ? AND no = ?", (sop, no)
        ).fetchone()
    return int(row[0])


def _standing(root: Path, sop: str, no: int) -> int:
    """Records of step ``no`` that stand: not a cancellation, not cancelled."""
    with sqlite3.connect(root / "sakip.db") as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM sop_step_record WHERE sop = ? AND no = ? "
            "AND membatalkan IS NULL AND id NOT IN "
            "(SELECT membatalkan FROM sop_step_record WHERE membatalkan IS NOT NULL)",
            (sop, no),
        ).fetchone()
    return int(row[0])


def _rak_state(root: Path) -> str:
    status = json.loads(_run("status", "-w", str(root), "--periode", "2024-03", "--json"))
    [rak] = [i for i in status["instances"] if i["sop"] == "rak"]
    [state] = {d["state"] for d in rak["documents"]}
    return str(state)


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The example workspace with RAK 2024 examined up to step 14 (the Kepala Dinas
    approves at step 15), and the Dokumen RAK as a PDF, signed and unsigned."""
    require_tool("soffice")
    from pipeline.office.pdf_convert import convert_to_pdf

    base = tmp_path_factory.mktemp("proses")
    root = base / "ws"
    create_workspace(root)
    _run("build", "-w", str(root), "--periode", "2024-03")
    for no, day, decision in (
        (11, "15", None),
        (12, "15", None),
        (13, "16", "ya"),
        (14, "16", "ya"),
    ):
        extra = ["--keputusan", decision] if decision else []
        args = ["--sop", "rak", "--periode", "2024-03", "--no", str(no)]
        _run("langkah", "-w", str(root), *args, "--tanggal", f"2024-01-{day}", *extra)
    docx = base / "dokumen-rak.docx"
    shutil.copy(root / DOKUMEN_RAK, docx)
    letters = []
    for name, relative in LETTERS.items():
        letters.append(base / f"{name}.docx")
        shutil.copy(root / relative, letters[-1])
    converted = convert_to_pdf([docx, *letters])
    assert all(c.pdf is not None for c in converted), [c.problem for c in converted]
    signed = base / "dokumen-rak-ttd.pdf"
    assert sign(docx.with_suffix(".pdf"), signed) > 0
    for letter in letters:
        assert sign(letter.with_suffix(".pdf"), base / f"{letter.stem}-ttd.pdf") > 0
    return root, docx.with_suffix(".pdf"), signed


def test_a_signed_matched_return_records_the_approval_once(
    returned: tuple[Path, Path, Path],
) -> None:
    root, unsigned, signed = returned
    assert _rak_state(root) == "diajukan"
    # A check the user did not ask to record changes nothing.
    _run("check", str(signed), "-w", str(root), "--json")
    assert _records(root, "rak", 15) == 0
    # An unsigned copy is incomplete: nothing is recorded, and the reason is given.
    [data] = json.loads(_run("check", str(unsigned), "-w", str(root), "--json", "--catat"))
    assert data["status"] == "incomplete"
    assert data["recorded"]["outcome"] == "skipped"
    assert "tidak lengkap" in data["recorded"]["message"]
    assert _records(root, "rak", 15) == 0

    [data] = json.loads(_run("check", str(signed), "-w", str(root), "--json", "--catat"))
    assert data["status"] == "complete" and data["matched"]["path"] == DOKUMEN_RAK
    recorded = data["recorded"]
    assert (recorded["outcome"], recorded["sop"], recorded["instance"], recorded["no"]) == (
        "recorded",
        "rak",
        "2024",
        15,
    )
    assert _records(root, "rak", 15) == 1
    assert _rak_state(root) == "disahkan"

    # Checking the same file again records nothing more.
    [again] = json.loads(_run("check", str(signed), "-w", str(root), "--json", "--catat"))
    assert again["recorded"]["outcome"] == "already"
    assert again["recorded"]["record_id"] == recorded["record_id"]
    assert _records(root, "rak", 15) == 1


def test_the_approval_is_dated_the_day_the_signed_document_came_back(
    returned: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """--tanggal dates the recorded approval, by the rules of sakip langkah: a working day,
    not in the future, not before the step before (step 14 on 16 January 2024)."""
    source, _, signed = returned
    root = tmp_path / "ws"
    shutil.copytree(source, root)
    if _standing(root, "rak", 15):  # the test above recorded it in the shared workspace
        args = ["--sop", "rak", "-p", "2024-03", "--batal", "--catatan", "diulang"]
        undone = CliRunner().invoke(cli, ["langkah", "-w", str(root), *args])
        assert undone.exit_code == 0, undone.output

    def check(*extra: str) -> Result:
        args = ["check", str(signed), "-w", str(root), "--json", *extra]
        return CliRunner().invoke(cli, args)

    refused = {
        "2024-01-13": "hari Sabtu, bukan hari kerja",
        "2999-01-02": "belum lewat",
        "16-01-2024": "bukan tanggal yang sah; tulis TTTT-BB-HH",
    }
    for day, reason in refused.items():
        result = check("--catat", "--tanggal", day)
        assert result.exit_code == 2, result.output
        assert "'--tanggal'" in result.output and reason in result.output, result.output
    alone = check("--tanggal", "2024-01-19")
    assert alone.exit_code == 2 and "hanya berlaku bersama --catat" in alone.output
    assert _standing(root, "rak", 15) == 0

    [early] = json.loads(check("--catat", "--tanggal", "2024-01-15").stdout)  # before step 14
    assert early["recorded"]["outcome"] == "skipped"
    assert "lebih awal daripada langkah sebelumnya (langkah 14" in early["recorded"]["message"]
    assert _standing(root, "rak", 15) == 0

    # A Friday, three days after step 14 (and long before today).
    [data] = json.loads(check("--catat", "--tanggal", "2024-01-19").stdout)
    assert data["recorded"]["outcome"] == "recorded", data["recorded"]
    assert "dicatat pada 19 Januari 2024" in data["recorded"]["message"]
    status = json.loads(_run("status", "-w", str(root), "--periode", "2024-03", "--json"))
    [rak] = [i for i in status["instances"] if i["sop"] == "rak"]
    [step] = [s for s in rak["steps"] if s["no"] == 15]
    assert step["done"] == "2024-01-19"


def test_a_return_before_its_step_is_due_is_not_recorded(
    returned: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """IKI 2024 stands at step 9: its signed Dokumen IKI cannot be recorded yet (step 15)."""
    root, _, _ = returned
    from pipeline.office.pdf_convert import convert_to_pdf

    docx = tmp_path / "dokumen-iki.docx"
    shutil.copy(
        root / "outputs/2024/tahunan/iki/Dokumen Indikator Kinerja Individu 2024.docx", docx
    )
    [converted] = convert_to_pdf([docx])
    assert converted.pdf is not None
    signed = tmp_path / "dokumen-iki-ttd.pdf"
    sign(converted.pdf, signed)
    [data] = json.loads(_run("check", str(signed), "-w", str(root), "--json", "--catat"))
    assert data["status"] == "complete", data["problems"]
    assert data["recorded"]["outcome"] == "skipped"
    assert "langkah 15" in data["recorded"]["message"]
    assert "langkah yang sedang berjalan adalah langkah 9" in data["recorded"]["message"]
    assert _records(root, "iki", 15) == 0


def test_the_signing_step_follows_the_drafting_through_checks(repo_root: Path) -> None:
    schedules = load_schedules(Workspace.open(repo_root))
    rak, pengukuran, pk = (schedules[s].sop for s in ("rak", "pengukuran", "pk"))
    assert signing_steps(rak, 12) == (15,)  # Dokumen RAK: checked at 13 and 14
    assert signing_steps(rak, 4) == (7,)  # the letter asking for the RAK
    assert signing_steps(rak, 18) == (21,)  # the covering letter
    assert signing_steps(rak, 11) == ()  # a unit's RAK: collected by the Fungsional Umum
    assert signing_steps(pk, 17) == ()  # a unit's PK, signed by the unit at that step
    # The Dokumen Pengukuran is approved before and after the klarifikasi meeting.
    assert signing_steps(pengukuran, 12) == (15, 27)
    assert signing_steps(pengukuran, 23) == ()  # daftar hadir of the meeting


def test_a_scanned_page_is_told_signed_or_not_by_its_ink(
    returned: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Scans without a text layer: OCR finds the signature block (the jabatan, the name, the
    NIP) and the blank space between them is looked at for ink; the scribble tesseract
    reads as letters is not taken for the name."""
    import pypdfium2 as pdfium

    from pipeline.checker.signatures import find_blocks, text_lines

    require_tool("tesseract")
    root, unsigned, signed = returned
    pdf = pdfium.PdfDocument(unsigned)
    page = next(n for n in range(len(pdf)) if find_blocks(pdf[n], n + 1, text_lines(pdf[n])))
    pdf.close()
    scans = {}
    for name, source in (("ttd", signed), ("belum", unsigned)):
        scans[name] = tmp_path / f"pindaian-{name}.pdf"
        scan(source, scans[name], pages=[page + 1])
    found = json.loads(
        _run("check", str(scans["ttd"]), str(scans["belum"]), "-w", str(root), "--json")
    )
    by_file = {Path(d["file"]).name: d for d in found}
    inked, blank = by_file["pindaian-ttd.pdf"], by_file["pindaian-belum.pdf"]
    assert inked["matched"]["path"] == blank["matched"]["path"] == DOKUMEN_RAK
    assert [(s["signed"], s["by"]) for s in inked["signatures"]] == [(True, "tinta")]
    assert "Lamarauna" in inked["signatures"][0]["nama"]
    assert [s["signed"] for s in blank["signatures"]] == [False]
    [problem] = [p for p in blank["problems"] if "belum ditandatangani" in p]
    assert "Kepala Dinas" in problem and "Lamarauna" in problem
    assert not [p for p in inked["problems"] if "belum ditandatangani" in p]


def test_an_electronic_signature_names_its_signer_from_the_certificate(
    returned: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A TTE: a PDF signature field with a CMS signature and a certificate chain, made
    offline. The signer's name comes from the certificate (the CA's is skipped) and signs
    the block of that official only."""
    root, unsigned, _ = returned
    target = tmp_path / "dokumen-rak-tte.pdf"
    tte_sign(unsigned, target, "ANDI RAHMAT LAMARAUNA")
    [data] = json.loads(_run("check", str(target), "-w", str(root), "--json"))
    assert data["tte"] == ["ANDI RAHMAT LAMARAUNA"]
    assert data["matched"]["path"] == DOKUMEN_RAK
    by_name = {s["nama"]: s for s in data["signatures"]}
    kepala = by_name["Dr. Andi Rahmat Lamarauna, S.E., M.Si."]
    assert (kepala["signed"], kepala["by"]) == (True, "TTE ANDI RAHMAT LAMARAUNA")
    others = [s for name, s in by_name.items() if "Lamarauna" not in name]
    assert others and not any(s["signed"] for s in others)
    [problem] = [p for p in data["problems"] if "belum ditandatangani" in p]
    assert "Lamarauna" not in problem and "Sekretaris" in problem
    table = _run("check", str(target), "-w", str(root))
    assert "ditandatangani secara elektronik (TTE) oleh ANDI RAHMAT LAMARAUNA" in table


def test_a_signature_whose_der_ends_in_a_zero_byte_is_still_read() -> None:
    """/Contents is padded with zeros after the signature; the DER length, not stripping
    the zeros, tells where the signature ends."""
    from pipeline.checker.signatures import _der_length

    assert _der_length(bytes([0x30, 0x03, 1, 2, 0]) + b"\0" * 10) == 5
    assert _der_length(bytes([0x30, 0x82, 0x01, 0x00]) + b"\0" * 300) == 260


@pytest.mark.parametrize("kind", LETTERS)
def test_a_letter_is_matched_by_its_code_and_checked_as_a_letter(
    returned: tuple[Path, Path, Path], kind: str
) -> None:
    """A letter names a PK or a RAK in its Hal, yet is not one: its code tells what it is,
    and it is checked without the PK's or RAK's sections: signed, finished, unchanged."""
    root, unsigned, _ = returned
    folder = unsigned.parent
    signed, blank = folder / f"{kind}-ttd.pdf", folder / f"{kind}.pdf"
    by_name = {
        Path(d["file"]).name: d
        for d in json.loads(_run("check", str(signed), str(blank), "-w", str(root), "--json"))
    }
    done, open_ = by_name[signed.name], by_name[blank.name]
    for data in (done, open_):
        assert data["matched"]["path"] == LETTERS[kind]
        assert data["document_type"] == kind
        assert data["missing"] == [] and data["sections"] == []
    assert done["status"] == "complete", done["problems"]
    assert open_["status"] == "incomplete"
    [problem] = open_["problems"]
    assert problem.startswith(f"Berkas '{blank.name}': belum ditandatangani: ")


def test_every_kind_a_type_lists_is_a_built_document(repo_root: Path) -> None:
    from pipeline.checker.sections import load_document_specs
    from pipeline.documents.registry import load_registry

    ws = Workspace.open(repo_root)
    built = {d.id for d in load_registry(ws).dokumen}
    listed = [k for spec in load_document_specs(ws).values() for k in spec.kinds]
    assert listed and set(listed) <= built
    assert len(listed) == len(set(listed))
