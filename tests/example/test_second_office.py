"""Any office: a second, different office builds its documents with nothing of the example
office (its names, places, codes) in any output, from `sakip init --kosong` and its own
sakip.yaml."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli.main import cli
from pipeline.workspace.config_reference import DESCRIPTIONS, config_reference

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import gen_province  # noqa: E402

# What only the example office says: its names, places, codes and officials.
EXAMPLE_MARKS = [
    "Koperasi",
    "koperasi",
    "UMKM",
    "Sulawesi",
    "Palu",
    "Yamin",
    "DISKUKM",
    "WITA",
    "Lamarauna",
    "Pakaja",
    "Tombolotutu",
    "Lagarusu",
    "Tanjumbulu",
    "Lamakarate",
    "Labombang",
    "Rusdi Mastura",
    "sultengprov",
    "Bappeda Provinsi",
]
EXAMPLE_CODES = re.compile(r"\b(BKP|BPK|UKM|UPT)(-\d+)?\b")


def _office(root: Path) -> None:
    """Dinas Perindustrian dan Perdagangan Kabupaten Sleman: two units, its head acting
    (Plt.), its own letter code, meeting time and recipients."""
    runner = CliRunner()
    made = runner.invoke(cli, ["init", str(root), "--kosong"])
    assert made.exit_code == 0, made.output
    assert "isi sakip.yaml dengan data kantor Anda" in made.output


def _office_config(root: Path) -> None:
    config = gen_province.config(2)
    config["instansi"] = {
        "pemerintah": "Pemerintah Kabupaten Sleman",
        "nama": "Dinas Perindustrian dan Perdagangan Kabupaten Sleman",
        "alamat": "Jalan Parasamya No. 1, Beran, Tridadi, Sleman 55511",
        "kota": "Sleman",
    }
    pejabat: dict[str, dict[str, str]] = config["pejabat"]  # type: ignore[assignment]
    pejabat["kepala_dinas"]["jabatan"] = "Kepala Dinas Perindustrian dan Perdagangan"
    pejabat["kepala_dinas"]["status"] = "Plt."
    pejabat["sekretaris"]["jabatan"] = "Sekretaris Dinas Perindustrian dan Perdagangan"
    pejabat["kasubbag_program"]["jabatan"] = "Kepala Sub Bagian Program, Keuangan dan Aset"
    config["satuan"] = ["%", "orang", "dokumen", "unit usaha"]
    config["nomor_surat"] = "500.2/{urut}/DISPERINDAG/{tahun}"
    config["dokumen"] = {
        "waktu_rapat": "09.00 WIB s.d. selesai",
        "tempat_rapat": "Ruang Rapat Disperindag",
        "penerima_pengantar": ["Kepala Bappeda Kabupaten Sleman", "Kepala Bagian Organisasi"],
    }
    (root / "sakip.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def _texts(root: Path) -> dict[str, str]:
    """The text of every output file (the XML inside docx and xlsx, HTML as it is)."""
    found = {}
    for path in sorted((root / "outputs").rglob("*")):
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                xml = " ".join(
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                    if n.endswith(".xml")
                )
            found[str(path.relative_to(root))] = re.sub(r"<[^>]+>", "", xml)
        elif path.suffix in (".html", ".svg"):
            found[str(path.relative_to(root))] = path.read_text(encoding="utf-8")
    return found


def test_a_second_office_shows_nothing_of_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gen_province, "INDICATORS", 4)
    monkeypatch.setattr(gen_province, "STAFF", 3)
    root = tmp_path / "disperindag"
    _office(root)
    # The units' workbooks: generated data of two units (its own config is written after).
    gen_province.generate(root, units=2)
    _office_config(root)
    built = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-12"])
    assert built.exit_code in (0, 1), built.output
    rendered = CliRunner().invoke(cli, ["sop", "render", "--all", "-w", str(root)])
    assert rendered.exit_code == 0, rendered.output
    texts = _texts(root)
    assert len([p for p in texts if p.endswith(".docx")]) >= 20
    for path, text in texts.items():
        for mark in EXAMPLE_MARKS:
            assert mark not in text, f"{path} mentions {mark!r}"
        # The SOP texts are the decree's, shared by every office that runs them (their actor
        # "Bidang/UPT" included); the office's own data never carries the example's codes.
        if not path.startswith("outputs/sop/"):
            assert not EXAMPLE_CODES.search(text), f"{path}: {EXAMPLE_CODES.search(text)}"
    letters = [t for p, t in texts.items() if "Undangan" in p]
    assert letters and all("09.00 WIB s.d. selesai" in t for t in letters)
    assert any("Plt. Kepala" in t for t in texts.values())
    assert any("/DISPERINDAG/2024" in t for t in texts.values())
    sop = texts["outputs/sop/sop-pk.docx"]
    assert "DINAS PERINDUSTRIAN DAN PERDAGANGAN KABUPATEN SLEMAN" in sop


def test_the_config_reference_is_generated_from_the_schema() -> None:
    committed = (ROOT / "docs" / "sakip-yaml.md").read_text(encoding="utf-8")
    assert committed == config_reference(), "run: python tools/make_config_reference.py"
    assert ("SetelanJadwal", "jam_kerja") in DESCRIPTIONS


def test_init_kosong_makes_a_config_to_fill_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["init", str(tmp_path / "baru"), "--kosong"])
    assert first.exit_code == 0, first.output
    text = (tmp_path / "baru" / "sakip.yaml").read_text(encoding="utf-8")
    assert "[Nama lengkap perangkat daerah]" in text
    assert not (tmp_path / "baru" / "inputs" / "2024").exists()
    again = runner.invoke(cli, ["init", str(tmp_path / "baru"), "--kosong"])
    assert again.exit_code == 1
    assert "sudah ada" in again.output
