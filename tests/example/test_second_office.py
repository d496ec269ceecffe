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


def _nips(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {str(node["nip"])} if node.get("nip") else set()
        return found.union(*(_nips(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_nips(v) for v in node))
    return set()


EXAMPLE_NIPS = _nips(yaml.safe_load((ROOT / "sakip.yaml").read_text(encoding="utf-8")))


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


# --- A new office for 2025, from `sakip init --kosong`, run January to March ---------------

PEOPLE = {
    "kepala_dinas": ("Ir. Bambang Sutrisno Hadiwijoyo, M.T.", "19700412 199503 1 002"),
    "sekretaris": ("Dra. Sri Wahyuningsih Prawiro", "19720821 199803 2 004"),
    "kasubbag_program": ("Agus Setiawan Nugroho, S.E.", "19800115 200501 1 006"),
    "kabid_industri": ("Dewi Kartikasari Wibowo, S.T., M.M.", "19780303 200212 2 001"),
    "kabid_dagang": ("Heru Prasetyo Wicaksono, S.H.", "19810909 200604 1 003"),
    "analis": ("Rina Marlina Puspitasari, S.E.", "19900505 201503 2 007"),
}


def _person(key: str, jabatan: str, **extra: str) -> dict[str, str]:
    nama, nip = PEOPLE[key]
    return {"nama": nama, "nip": nip, "pangkat": "Pembina (IV/a)", "jabatan": jabatan, **extra}


def _config_2025() -> dict[str, object]:
    """Dinas Perindustrian dan Perdagangan Kabupaten Bantul for 2025: a Sekretariat and two
    bidang, the head of Bidang Perindustrian acting (Plt.), its own codes and letters."""
    return {
        "instansi": {
            "pemerintah": "Pemerintah Kabupaten Bantul",
            "nama": "Dinas Perindustrian dan Perdagangan Kabupaten Bantul",
            "alamat": "Jalan Lingkar Timur, Manding, Trirenggo, Bantul 55714",
            "kota": "Bantul",
        },
        "tahun": 2025,
        "kertas": "A4",
        "pejabat": {
            "kepala_dinas": _person("kepala_dinas", "Kepala Dinas Perindustrian dan Perdagangan"),
            "sekretaris": _person("sekretaris", "Sekretaris Dinas Perindustrian dan Perdagangan"),
            "kasubbag_program": _person(
                "kasubbag_program", "Kepala Sub Bagian Program, Keuangan dan Aset"
            ),
        },
        "unit": [
            {
                "kode": "SET",
                "nama": "Sekretariat",
                "jenis": "sekretariat",
                "kepala": _person("sekretaris", "Sekretaris"),
                "pegawai": [{**_person("analis", "Analis Perencanaan"), "jenis": "fungsional"}],
            },
            {
                "kode": "IND",
                "nama": "Bidang Perindustrian",
                "jenis": "bidang",
                "kepala": _person("kabid_industri", "Kepala Bidang Perindustrian", status="Plt."),
            },
            {
                "kode": "DAG",
                "nama": "Bidang Perdagangan",
                "jenis": "bidang",
                "kepala": _person("kabid_dagang", "Kepala Bidang Perdagangan"),
            },
        ],
        "satuan": ["%", "IKM", "pasar", "dokumen", "nilai"],
        "nomor_surat": "500.2/{urut}/DISPERINDAG/{tahun}",
        "dokumen": {
            "waktu_rapat": "09.00 WIB s.d. selesai",
            "tempat_rapat": "Ruang Rapat Disperindag Bantul",
            "penerima_pengantar": [
                "Kepala Bappeda Kabupaten Bantul",
                "Kepala Bagian Organisasi Setda Kabupaten Bantul",
            ],
        },
        "jadwal": {
            "tanggal_dpa": "2025-01-06",
            "libur_kantor": [{"tanggal": "2025-03-20", "keterangan": "Hari Jadi Bantul"}],
        },
    }


# Per unit: (code, sasaran, indikator, satuan, target, agregasi, TW targets, monthly values,
# head's NIP key)
INDICATORS = {
    "SET": [
        (
            "SET-A",
            "Meningkatnya akuntabilitas kinerja Dinas",
            "Nilai SAKIP Dinas",
            "nilai",
            70,
            "tren-naik",
            [66, 67, 69, 70],
            [65.5, 65.5, 66.2],
        ),
    ],
    "IND": [
        (
            "IND-A",
            "Meningkatnya daya saing industri kecil",
            "Jumlah IKM yang dibina",
            "IKM",
            120,
            "jumlah",
            [30, 30, 30, 30],
            [8, 11, 12],
        ),
        (
            "IND-B",
            "Meningkatnya daya saing industri kecil",
            "Persentase IKM bersertifikat halal",
            "%",
            40,
            "terakhir",
            [10, 20, 30, 40],
            [4.5, 7.0, 9.5],
        ),
    ],
    "DAG": [
        (
            "DAG-A",
            "Meningkatnya kelancaran distribusi barang",
            "Jumlah pasar rakyat yang direvitalisasi",
            "pasar",
            4,
            "jumlah",
            [0, 1, 2, 1],
            [0, 0, 0],
        ),
    ],
}
HEADS = {"SET": "sekretaris", "IND": "kabid_industri", "DAG": "kabid_dagang"}


def _rows_2025(kode: str, bulan: int) -> dict[str, list[dict[str, object]]]:
    """What the unit typed into its 2025 workbook by month ``bulan``."""
    from pipeline.workspace.periode import BULAN

    pk, rak, real, ang, iki = [], [], [], [], []
    for code, sasaran, indikator, satuan, target, agregasi, tw, values in INDICATORS[kode]:
        pk.append(
            {
                "kode": code,
                "sasaran": sasaran,
                "indikator": indikator,
                "satuan": satuan,
                "target": target,
                "polaritas": "naik",
                "agregasi": agregasi,
                "boleh_lebih_100": "tidak" if satuan == "%" else None,
                "iku": "ya",
                "program": f"Program {sasaran.split()[-1].title()}",
                "anggaran": 250_000_000,
            }
        )
        rak.append(
            {
                "kode": code,
                "indikator": indikator,
                "penanggung_jawab": "Kepala Bidang",
                **{f"target_tw{i + 1}": t for i, t in enumerate(tw)},
                **{f"aksi_tw{i + 1}": f"Rencana aksi triwulan {i + 1}" for i in range(4)},
            }
        )
        for month in range(1, bulan + 1):
            real.append(
                {
                    "kode": code,
                    "indikator": indikator,
                    "bulan": BULAN[month - 1],
                    "realisasi": values[month - 1],
                    "keterangan": "Laporan bulanan",
                    "bukti": f"bukti-{code}-{month:02d}.pdf",
                }
            )
            ang.append({"kode": code, "bulan": BULAN[month - 1], "realisasi": 15_000_000})
        nama, nip = PEOPLE[HEADS[kode]]
        iki.append(
            {
                "nip": nip,
                "nama": nama,
                "jabatan": "Kepala",
                "kinerja": sasaran,
                "indikator": indikator,
                "formulasi": "Sesuai indikator PK",
                "sumber_data": "Laporan bidang",
                "satuan": satuan,
                "target": target,
                "kode_pk": code,
            }
        )
    if kode == "SET":
        nama, nip = PEOPLE["analis"]
        iki.append(
            {
                "nip": nip,
                "nama": nama,
                "jabatan": "Analis Perencanaan",
                "kinerja": "Tersusunnya dokumen kinerja",
                "indikator": "Nilai SAKIP Dinas",
                "formulasi": "Nilai LHE",
                "sumber_data": "Inspektorat",
                "satuan": "nilai",
                "target": 70,
                "kode_pk": "SET-A",
            }
        )
    return {"pk": pk, "rak": rak, "iki": iki, "realisasi": real, "anggaran": ang}


def test_a_new_office_for_2025_runs_january_to_march(tmp_path: Path) -> None:
    from pipeline.workbook.write import workbook_name, write_workbook
    from pipeline.workspace.config import load_config
    from pipeline.workspace.layout import load_layout
    from pipeline.workspace.paths import Workspace

    root = tmp_path / "disperindag-bantul"
    _office(root)
    (root / "sakip.yaml").write_text(
        yaml.safe_dump(_config_2025(), allow_unicode=True, sort_keys=False), "utf-8"
    )
    ws = Workspace.open(root)
    config, layout = load_config(ws), load_layout(ws)
    runner = CliRunner()
    for bulan in (1, 2, 3):
        periode = f"2025-{bulan:02d}"
        for unit in config.unit:
            # The office sends each unit its workbook, and keeps the one that comes back.
            sent = runner.invoke(
                cli, ["template", "-w", str(root), "--unit", unit.kode, "--periode", periode]
            )
            assert sent.exit_code == 0, sent.output
            assert f"simpan di inputs/2025/{bulan:02d}/" in sent.output
            target = (
                root
                / "inputs"
                / "2025"
                / f"{bulan:02d}"
                / workbook_name(config, unit, (2025, bulan))
            )
            write_workbook(
                config, layout, unit, (2025, bulan), target, _rows_2025(unit.kode, bulan)
            )
        built = runner.invoke(cli, ["build", "-w", str(root), "-p", periode])
        assert built.exit_code == 0, built.output
        assert "LKjIP Tahun 2024" not in built.output  # no 2024 in this workspace at all
    texts = _texts(root)
    docs = [p for p in texts if p.endswith(".docx")]
    assert any(p.startswith("outputs/2025/tahunan/pk/") for p in docs)
    assert any("Triwulan I 2025" in p for p in docs)  # March closes the first quarter
    assert not any("outputs/2024" in p for p in texts)
    for path, text in texts.items():
        for mark in EXAMPLE_MARKS:
            assert mark not in text, f"{path} mentions {mark!r}"
        assert not EXAMPLE_CODES.search(text), f"{path}: {EXAMPLE_CODES.search(text)}"
        for nip in EXAMPLE_NIPS:
            assert nip not in text, f"{path} carries the example's NIP {nip}"
        assert "2024" not in re.sub(r"\d{5,}", "", text), f"{path} mentions 2024"
    pk = texts["outputs/2025/tahunan/pk/Perjanjian Kinerja 2025 Bidang Perindustrian.docx"]
    assert "Plt. Kepala Bidang Perindustrian" in pk
    assert any("500.2/001/DISPERINDAG/2025" in t for t in texts.values())
    assert all("09.00 WIB s.d. selesai" in t for p, t in texts.items() if "Undangan" in p)
