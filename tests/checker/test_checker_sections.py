"""The section specs under sop_specs/bagian/: they load, they can be overridden, and a broken
one is reported with its file, line and what to do."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline import SpecError, Workspace
from pipeline.checker import load_document_specs
from pipeline.checker.sections import compile_pattern, spec_for
from pipeline.errors import UnknownDocumentTypeError


def test_six_document_types_load(repo_root: Path) -> None:
    specs = load_document_specs(Workspace.open(repo_root))
    assert list(specs) == ["iki", "lki", "lkjip", "pengukuran", "pk", "rak"]
    assert [s.name for s in specs["lkjip"].sections] == [
        "Ikhtisar Eksekutif",
        "Bab I Pendahuluan",
        "Bab II Perencanaan Kinerja",
        "Bab III Akuntabilitas Kinerja",
        "Bab IV Penutup",
        "Lampiran",
    ]
    assert all(s.ordered for s in specs["lkjip"].sections)
    nip = next(s for s in specs["pk"].sections if "NIP" in s.name)
    assert nip.min_count == 2


def test_a_workspace_file_overrides_the_default(repo_root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sop_specs" / "bagian"
    folder.mkdir(parents=True)
    text = (repo_root / "sop_specs" / "bagian" / "iki.yaml").read_text(encoding="utf-8")
    (folder / "iki.yaml").write_text(
        text.replace("judul: Indikator Kinerja Individu", "judul: IKI Dinas"), encoding="utf-8"
    )
    specs = load_document_specs(Workspace.open(tmp_path))
    assert specs["iki"].title == "IKI Dinas"
    assert specs["pk"].title == "Perjanjian Kinerja"


def _broken(tmp_path: Path, repo_root: Path, old: str, new: str) -> str:
    folder = tmp_path / "sop_specs" / "bagian"
    folder.mkdir(parents=True)
    source = repo_root / "sop_specs" / "bagian" / "lkjip.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    (folder / "lkjip.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_document_specs(Workspace.open(tmp_path))
    return str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      - '^bab iv\\b\\W{0,3}penutup'",
            "      - '^bab iv (penutup'",
            r"sop_specs/bagian/lkjip\.yaml, baris 30: bagian\[4\]\.pola\[0\]: pola "
            r"'\^bab iv \(penutup' tidak sah \(missing \), unterminated subpattern\)\. "
            r"Perbaiki ekspresi regulernya",
        ),
        (
            "    urutan: 5\n",
            "    urutn: 5\n",
            r"lkjip\.yaml, baris 28: bagian\[4\]\.urutn: kunci tidak dikenal\. Maksud Anda "
            r"'urutan'\?",
        ),
        (
            "    urutan: 5\n",
            "    urutan: 2\n",
            r"lkjip\.yaml, baris 28: bagian\[4\]\.urutan: urutan 2 harus lebih besar dari "
            r"urutan 4 milik bagian 'Bab III Akuntabilitas Kinerja'",
        ),
        (
            "id: lkjip",
            "id: lkjp",
            r"lkjip\.yaml, baris 3: id: id 'lkjp' harus sama dengan nama berkas 'lkjip\.yaml'\.",
        ),
        (
            "  - nama: Bab IV Penutup",
            "  - nama: Bab I Pendahuluan",
            r"nama bagian 'Bab I Pendahuluan' dipakai dua kali",
        ),
        (
            "    urutan: 6\n",
            "    urutan: 6\n    jumlah_minimal: 0\n",
            r"bagian\[5\]\.jumlah_minimal: harus lebih besar dari 0 \(nilai sekarang: 0\)",
        ),
    ],
)
def test_a_broken_spec_names_file_line_and_fix(
    tmp_path: Path, repo_root: Path, old: str, new: str, message: str
) -> None:
    assert re.search(message, _broken(tmp_path, repo_root, old, new))


def test_an_empty_sections_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "bawaan" / "sop_specs"
    bundled.mkdir(parents=True)
    monkeypatch.setattr(
        "pipeline.workspace.paths.bundled_dir", lambda name: tmp_path / "bawaan" / name
    )
    with pytest.raises(SpecError, match=r"Tidak ada berkas bagian dokumen di sop_specs/bagian/"):
        load_document_specs(Workspace.open(tmp_path))


def test_unknown_type_lists_the_known_ones(repo_root: Path) -> None:
    specs = load_document_specs(Workspace.open(repo_root))
    with pytest.raises(UnknownDocumentTypeError, match=r"'renstra' tidak dikenal.*iki, lki"):
        spec_for(specs, "renstra")


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("pihak pertama", "pihak pertama", True),
        ("pihak pertama", "pihak\npertama", True),
        ("pihak pertama", "pihakpertama", True),
        ("pihak pertama", "pihak  pertama", False),
        ("nama ?:", "nama:", True),
        ("[ ]x", "x", False),
        (r"a\ b", "ab", False),
        ("PIHAK KEDUA", "pihak kedua", True),
        ("^lampiran\\W*$", "isi\nlampiran\nlampiran 1", True),
        ("^lampiran\\W*$", "lihat lampiran", False),
    ],
)
def test_a_space_in_a_pattern_also_matches_a_line_break_or_nothing(
    pattern: str, text: str, found: bool
) -> None:
    assert bool(compile_pattern(pattern).search(text)) is found


def test_a_workspace_without_section_files_uses_the_defaults(spec_workspace: Path) -> None:
    assert (spec_workspace / "sop_specs" / "bagian" / "pk.yaml").is_file()
    shutil.rmtree(spec_workspace / "sop_specs" / "bagian")
    assert "pk" in load_document_specs(Workspace.open(spec_workspace))
