"""Normalisation of page text: what survives, what is joined, what is dropped as non-body."""

from __future__ import annotations

import pytest

from pipeline.checker.text import body_pages, drop_running_lines, make_body, normalize_page


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("P E R J A N J I A N   K I N E R J A", ["perjanjian kinerja"]),
        ("P E R J A N J I A N K I N E R J A", ["perjanjiankinerja"]),
        ("T A H U N  2 0 2 4", ["tahun 2024"]),
        ("L A P O R A N\tK I N E R J A", ["laporan kinerja"]),
        # Ordinary short words and rows of single digits stay as they are.
        ("Pasal 5 huruf a dan b", ["pasal 5 huruf a dan b"]),
        ("No 1 2 3 4 5", ["no 1 2 3 4 5"]),
        ("di a b c", ["di a b c"]),
        ("Tabel  3   Capaian", ["tabel 3 capaian"]),
    ],
)
def test_letter_spaced_titles_close_up(raw: str, expected: list[str]) -> None:
    assert normalize_page(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dalam pelak-\r\nsanaan tugas", ["dalam pelaksanaan tugas"]),
        ("masing-\nmasing bidang", ["masing-masing bidang"]),
        ("peraturan perundang-\nundangan", ["peraturan perundang-undangan"]),
        ("Dinas Koperasi-\nUKM Sulteng", ["dinas koperasi-ukm sulteng"]),
        ("PELAK-\nSANAAN", ["pelaksanaan"]),
        ("kegi\x02\natan", ["kegiatan"]),
        ("kegi\xad\natan", ["kegiatan"]),
        ("masing-masing bidang", ["masing-masing bidang"]),
        ("Tahun 2024 -\n Triwulan I", ["tahun 2024 -", "triwulan i"]),
    ],
)
def test_hyphenated_line_breaks_join_and_real_hyphens_stay(raw: str, expected: list[str]) -> None:
    assert normalize_page(raw) == expected


def test_case_whitespace_ligatures_and_blank_lines() -> None:
    raw = "  BAB  I\u00a0 PENDAHULUAN \r\n\r\n\tDe\ufb01nisi   operasional\r\n"
    assert normalize_page(raw) == ["bab i pendahuluan", "definisi operasional"]


def test_running_headers_and_page_numbers_are_kept_only_once() -> None:
    header = "laporan kinerja instansi pemerintah tahun 2024"
    body = ["bab i", "pendahuluan", "latar belakang", "bab ii", "perencanaan kinerja"]
    pages = [[header, body[n - 1], f"uraian {'x' * n}", f"halaman {n}"] for n in range(1, 6)]
    cleaned = drop_running_lines(pages)
    assert cleaned[0] == [header, "bab i", "uraian x", "halaman 1"]
    for n, page in enumerate(cleaned[1:], 2):
        assert page == [body[n - 1], f"uraian {'x' * n}"]


def test_a_line_repeated_at_the_top_is_not_removed_at_the_bottom() -> None:
    pages = [["lkjip 2024", f"isi {'y' * n}", f"isi {'z' * n}", "x", "y", "z"] for n in range(4)]
    pages[3] = ["a", "b", "c", "d", "e", "lkjip 2024"]
    cleaned = drop_running_lines(pages)
    assert [page.count("lkjip 2024") for page in cleaned] == [1, 0, 0, 1]


def test_a_repeated_line_in_the_middle_of_a_page_is_body() -> None:
    pages = [["judul", "a", "b", "c", "bab i pendahuluan", "d", "e", "f"] for _ in range(4)]
    assert all("bab i pendahuluan" in page for page in drop_running_lines(pages))


def test_short_documents_keep_everything() -> None:
    pages = [["perjanjian kinerja tahun 2024", "x"], ["perjanjian kinerja tahun 2024", "y"]]
    assert drop_running_lines(pages) == pages


def test_table_of_contents_is_not_body() -> None:
    pages = [
        ["kata pengantar", "puji syukur"],
        ["daftar isi", "bab i pendahuluan 1", "bab ii perencanaan kinerja", "bab iv penutup 20"],
        ["bab iv penutup....................20", "lampiran......................22", "x 3"],
        ["bab i", "pendahuluan", "uraian bab iv penutup..........9 di tengah"],
    ]
    body = body_pages(pages)
    assert body[0] == ["kata pengantar", "puji syukur"]
    assert body[1] == []
    assert body[2] == []
    assert body[3] == ["bab i", "pendahuluan", "uraian bab iv penutup..........9 di tengah"]


def test_dot_leader_lines_are_dropped_anywhere() -> None:
    pages = [["bab iv penutup..........20", "bab iv", "penutup"]]
    assert body_pages(pages) == [["bab iv", "penutup"]]


def test_body_maps_offsets_to_pages_in_both_readings() -> None:
    body = make_body([["penang", "gung jawab"], [], ["bab iv", "penutup"]])
    assert body.text == "penang\ngung jawab\n\nbab iv\npenutup"
    assert body.glued == "penanggung jawab\n\nbab ivpenutup"
    assert body.page_at(body.text.index("gung")) == 1
    assert body.page_at(body.text.index("penutup")) == 3
    for glued_offset, char in enumerate(body.glued):
        assert body.text[body.original(glued_offset)] == char
