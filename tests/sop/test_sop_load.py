from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import SpecError, UnknownSopError, Workspace, load_sop, load_sops

# Step counts and total minutes read off the decree (shared/seeds), SOP by SOP.
SEED_FIGURES = {
    "pengumpulan-data": (24, 5090),
    "pk": (30, 5840),
    "lkjip": (22, 12580),
    "iki": (24, 5090),
    "rak": (24, 5090),
    "pengukuran": (36, 6940),
    "lki": (24, 5090),
}


def test_seven_specs_load_in_decree_order(repo_root: Path) -> None:
    sops = load_sops(Workspace.open(repo_root))
    assert [s.id for s in sops] == list(SEED_FIGURES)


@pytest.mark.parametrize(("sop_id", "figures"), SEED_FIGURES.items())
def test_step_count_and_total_minutes_match_seed(
    repo_root: Path, sop_id: str, figures: tuple[int, int]
) -> None:
    sop = load_sop(sop_id, Workspace.open(repo_root))
    assert (len(sop.langkah), sop.total_menit) == figures


def test_iki_keeps_the_originals_doubled_step_18_visible(repo_root: Path) -> None:
    iki = load_sop("iki", Workspace.open(repo_root))
    step = iki.langkah[18]
    assert (step.no, step.no_asli) == (19, 18)
    assert "18" in step.catatan


def test_rak_step_7_slip_is_noted_not_fixed(repo_root: Path) -> None:
    rak = load_sop("rak", Workspace.open(repo_root))
    assert "Indikator Kinerja Individu" in rak.langkah[6].uraian
    assert rak.langkah[6].catatan


def test_every_check_step_returns_and_advances(repo_root: Path) -> None:
    for sop in load_sops(Workspace.open(repo_root)):
        checks = [s for s in sop.langkah if s.keputusan]
        assert checks, sop.id
        for step in checks:
            assert step.keputusan is not None
            assert step.keputusan.tidak < step.no < step.keputusan.ya


def test_lkjip_has_its_own_tim_penyusun_lane(repo_root: Path) -> None:
    lkjip = load_sop("lkjip", Workspace.open(repo_root))
    assert "tim_penyusun_lkjip" in [a.id for a in lkjip.pelaksana]


def test_unknown_sop_suggests_the_close_id(repo_root: Path) -> None:
    with pytest.raises(UnknownSopError, match="Maksud Anda 'pengukuran'"):
        load_sop("pengukran", Workspace.open(repo_root))


def _break(ws: Path, name: str, old: str, new: str) -> None:
    path = ws / "sop_specs" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    (
        "pk.yaml",
        "    waktu_menit: 5\n",
        "    waktu_menit: 0\n",
        r"sop_specs/pk.yaml, baris \d+: langkah\[0\]\.waktu_menit: harus lebih besar dari 0 "
        r"\(nilai sekarang: 0\)",
    ),
    (
        "pk.yaml",
        "    waktu_menit: 5\n",
        "    waktu_mnit: 5\n",
        r"langkah\[0\]\.waktu_mnit: kunci tidak dikenal\. Maksud Anda 'waktu_menit'\? "
        r"Kunci yang diizinkan: no, no_asli, uraian, pelaksana",
    ),
    (
        "pk.yaml",
        "    pelaksana: kepala_dinas\n",
        "    pelaksana: gubernur\n",
        r"langkah\[0\]\.pelaksana: pelaksana 'gubernur' tidak dideklarasikan\. Nilai yang "
        r"diizinkan: kepala_dinas, sekretaris, kasubbag_program",
    ),
    (
        "pk.yaml",
        "{ya: 6, tidak: 4}",
        "{ya: 99, tidak: 4}",
        r"langkah\[4\]\.keputusan\.ya: langkah tujuan 99 tidak sah; harus nomor langkah lain "
        r"antara 1 dan 30",
    ),
    (
        "pk.yaml",
        "  - no: 2\n",
        "  - no: 3\n",
        r"langkah\[1\]\.no: langkah ke-2 bernomor 3; langkah harus bernomor urut 1 sampai 30",
    ),
    (
        "rak.yaml",
        "  - sop: pk\n",
        "  - sop: pkk\n",
        r"sop_specs/rak.yaml: keterkaitan\[\d\]\.sop: SOP 'pkk' tidak ada\. Nilai yang "
        r"diizinkan: iki, lki, lkjip, pengukuran, pengumpulan-data, pk, rak",
    ),
    (
        "lki.yaml",
        "judul: ",
        "judull: ",
        r"^sop_specs/lki.yaml, baris \d+: judull: kunci tidak dikenal\. Maksud Anda 'judul'\? "
        r"Kunci yang diizinkan: id, urutan, judul, nomor, [^\n]*$",
    ),
    (
        "lki.yaml",
        "judul: ",
        "title: ",
        r"sop_specs/lki.yaml: judul: wajib diisi",
    ),
    (
        "iki.yaml",
        "tanggal_efektif: null",
        "tanggal_efektif: 31-12-2024",
        r"tanggal_efektif: harus tanggal berformat TTTT-BB-HH, misalnya 2024-01-02",
    ),
    (
        "lkjip.yaml",
        "langkah:\n",
        "langkah:\n  - no: [\n",
        r"sop_specs/lkjip.yaml: baris \d+, kolom \d+: penulisan YAML tidak sah",
    ),
    (
        "pengukuran.yaml",
        "id: pengukuran",
        "id: pengukuran-kinerja",
        r"id: id 'pengukuran-kinerja' harus sama dengan nama berkas 'pengukuran.yaml'",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), BROKEN)
def test_broken_spec_gives_one_clear_message(
    spec_workspace: Path, name: str, old: str, new: str, message: str
) -> None:
    _break(spec_workspace, name, old, new)
    with pytest.raises(SpecError, match=message):
        load_sops(Workspace.open(spec_workspace))


def test_all_problems_reported_at_once(spec_workspace: Path) -> None:
    _break(spec_workspace, "pk.yaml", "    waktu_menit: 5\n", "    waktu_menit: -5\n")
    _break(spec_workspace, "rak.yaml", "    pelaksana: kepala_dinas\n", "    pelaksana: x\n")
    with pytest.raises(SpecError) as err:
        load_sops(Workspace.open(spec_workspace))
    assert len(err.value.problems) == 2


def test_workspace_file_overrides_default_by_name(tmp_path: Path, repo_root: Path) -> None:
    (tmp_path / "sop_specs").mkdir()
    text = (repo_root / "sop_specs" / "pk.yaml").read_text(encoding="utf-8")
    (tmp_path / "sop_specs" / "pk.yaml").write_text(
        text.replace("    waktu_menit: 5\n", "    waktu_menit: 7\n", 1), encoding="utf-8"
    )
    sops = {s.id: s for s in load_sops(Workspace.open(tmp_path))}
    assert len(sops) == 7
    assert sops["pk"].total_menit == 5842
