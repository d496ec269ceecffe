"""Letter numbers: one per document identity, consecutive per year, never given twice."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from pipeline.documents.letter_numbers import (
    issued_numbers,
    letter_number,
    parse_pattern,
    withdraw_letter_number,
)
from pipeline.errors import SakipError, WorkspaceError
from pipeline.workspace.db import connect
from pipeline.workspace.paths import Workspace

PATTERN = "000.9/{urut}/DISKUKM/{tahun}"  # sakip.yaml's nomor_surat


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.open(tmp_path)


def test_same_identity_same_number_across_calls_and_reopen(ws: Workspace) -> None:
    first = letter_number(ws, "2024|pk|4|instansi|pk-undangan", 2024, PATTERN)
    assert first == "000.9/001/DISKUKM/2024"
    assert letter_number(ws, "2024|pk|4|instansi|pk-undangan", 2024, PATTERN) == first
    reopened = Workspace.open(ws.root)
    with connect(reopened) as conn:
        assert letter_number(conn, "2024|pk|4|instansi|pk-undangan", 2024, PATTERN) == first


def test_different_identities_get_consecutive_numbers(ws: Workspace) -> None:
    numbers = [letter_number(ws, f"2024|pk|1|{unit}|surat", 2024, PATTERN) for unit in "ABC"]
    assert numbers == [f"000.9/00{i}/DISKUKM/2024" for i in (1, 2, 3)]


def test_each_year_has_its_own_sequence(ws: Workspace) -> None:
    letter_number(ws, "2024|a", 2024, PATTERN)
    letter_number(ws, "2024|b", 2024, PATTERN)
    assert letter_number(ws, "2025|a", 2025, PATTERN) == "000.9/001/DISKUKM/2025"


def test_a_number_once_given_stays_when_the_letter_moves_to_another_year(ws: Workspace) -> None:
    # Given in 2024's register (e.g. by an older version that numbered by period), the letter
    # keeps it when its signing date now falls in 2025: a sent letter's number never changes.
    old = letter_number(ws, "2024|pengukuran-undangan|tw4", 2024, PATTERN)
    assert letter_number(ws, "2024|pengukuran-undangan|tw4", 2025, PATTERN) == old
    assert issued_numbers(ws, 2025) == []


def test_withdrawn_number_is_never_given_again(ws: Workspace) -> None:
    a = letter_number(ws, "2024|a", 2024, PATTERN)
    assert withdraw_letter_number(ws, "2024|a", 2024, "surat dibatalkan") == a
    b = letter_number(ws, "2024|b", 2024, PATTERN)
    a_again = letter_number(ws, "2024|a", 2024, PATTERN)
    assert len({a, b, a_again}) == 3
    assert b == "000.9/002/DISKUKM/2024"
    register = issued_numbers(ws, 2024)
    assert [(n.urut, n.identity) for n in register] == [(1, "2024|a"), (2, "2024|b"), (3, "2024|a")]
    assert register[0].withdrawn_reason == "surat dibatalkan"
    assert register[2].withdrawn_at is None
    assert withdraw_letter_number(ws, "2024|tidak-ada", 2024, "x") is None


def test_register_refuses_deletes_and_renumbering(ws: Workspace) -> None:
    letter_number(ws, "2024|a", 2024, PATTERN)
    conn = sqlite3.connect(ws.root / "sakip.db")
    try:
        with pytest.raises(sqlite3.DatabaseError, match="tidak boleh dihapus"):
            conn.execute("DELETE FROM letter_number")
        with pytest.raises(sqlite3.DatabaseError, match="tidak boleh diubah"):
            conn.execute("UPDATE letter_number SET urut = 7")
    finally:
        conn.close()
    assert letter_number(ws, "2024|b", 2024, PATTERN) == "000.9/002/DISKUKM/2024"


def test_first_number_text_is_kept_when_the_pattern_changes(ws: Workspace) -> None:
    first = letter_number(ws, "2024|a", 2024, PATTERN)
    assert letter_number(ws, "2024|a", 2024, "005/{urut}/DISKUKM/{tahun}") == first
    assert letter_number(ws, "2024|b", 2024, "005/{urut}/DISKUKM/{tahun}") == "005/002/DISKUKM/2024"


@pytest.mark.parametrize(
    ("pattern", "fields", "expected"),
    [
        (
            "{kode}/{urut}/DISKUKM/{bulan_romawi}/{tahun}",
            {"kode": "005", "bulan": 3},
            "005/001/DISKUKM/III/2024",
        ),
        ("{kode:000.9}/{urut}/DISKUKM/{bulan}/{tahun}", {"bulan": 11}, "000.9/001/DISKUKM/11/2024"),
        ("{kode:000.9}/{urut:1}/DISKUKM/{tahun}", {"kode": "800"}, "800/1/DISKUKM/2024"),
        ("B-{urut:5}/{bulan_romawi}/{tahun}", {"bulan": 12}, "B-00001/XII/2024"),
    ],
)
def test_placeholders(
    ws: Workspace, pattern: str, fields: dict[str, object], expected: str
) -> None:
    assert letter_number(ws, "2024|x", 2024, pattern, **fields) == expected  # type: ignore[arg-type]


def test_sequence_grows_past_its_width(ws: Workspace) -> None:
    numbers = [letter_number(ws, f"2024|{i}", 2024, "{urut:1}/{tahun}") for i in range(12)]
    assert numbers[-1] == "12/2024"


def test_unknown_placeholder_names_the_option_and_allowed_ones(ws: Workspace) -> None:
    with pytest.raises(SakipError) as caught:
        letter_number(ws, "2024|a", 2024, "000.9/{urut}/{dinas}/{tahun}")
    message = str(caught.value)
    assert "nomor_surat" in message and "sakip.yaml" in message
    assert "{dinas}" in message
    for name in ("{urut}", "{tahun}", "{bulan}", "{bulan_romawi}", "{kode}"):
        assert name in message
    # A bad pattern spends no number.
    assert letter_number(ws, "2024|a", 2024, PATTERN) == "000.9/001/DISKUKM/2024"


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("000.9/DISKUKM/{tahun}", "{urut}"),
        ("000.9/{urut/DISKUKM/{tahun}", "tidak berpasangan"),
        ("000.9/{urut:x}/{tahun}", "{urut:N}"),
    ],
)
def test_malformed_patterns(pattern: str, why: str) -> None:
    with pytest.raises(WorkspaceError, match=r"nomor_surat di sakip\.yaml") as caught:
        parse_pattern(pattern)
    assert why in str(caught.value)


def test_missing_fields_are_refused_before_a_number_is_spent(ws: Workspace) -> None:
    with pytest.raises(SakipError, match="bulan"):
        letter_number(ws, "2024|a", 2024, "{urut}/{bulan_romawi}/{tahun}")
    with pytest.raises(WorkspaceError, match=r"\{kode:000\.9\}"):
        letter_number(ws, "2024|a", 2024, "{kode}/{urut}/{tahun}")
    assert issued_numbers(ws, 2024) == []


def test_pattern_without_year_cannot_repeat_last_years_number(ws: Workspace) -> None:
    letter_number(ws, "2024|a", 2024, "000.9/{urut}/DISKUKM")
    with pytest.raises(WorkspaceError, match=r"tambahkan \{tahun\}"):
        letter_number(ws, "2025|a", 2025, "000.9/{urut}/DISKUKM")
    assert [n.nomor for n in issued_numbers(ws, 2025)] == []


def test_inside_a_callers_open_transaction(ws: Workspace) -> None:
    with connect(ws) as conn:
        conn.execute("INSERT INTO definisi_indikator VALUES ('2024-01', 'SEK', 'IK1', '{}', 'x')")
        assert conn.in_transaction
        assert letter_number(conn, "2024|a", 2024, PATTERN) == "000.9/001/DISKUKM/2024"
        assert conn.in_transaction  # the caller's transaction is still the caller's
    with connect(ws) as conn:
        assert conn.execute("SELECT COUNT(*) FROM definisi_indikator").fetchone() == (1,)


def _issue_many(root: str, worker: int, count: int, start: object) -> list[str]:
    start.wait()  # type: ignore[attr-defined]
    ws = Workspace.open(root)
    return [letter_number(ws, f"2024|w{worker}|{i}", 2024, PATTERN) for i in range(count)]


def test_two_processes_never_get_the_same_number(ws: Workspace) -> None:
    # Create the database first: this test is about numbering, not about two first migrations.
    with connect(ws):
        pass
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(2) as pool:
            pending = [
                pool.apply_async(_issue_many, (str(ws.root), w, 50, start)) for w in range(2)
            ]
            start.set()
            results = [p.get(timeout=120) for p in pending]
    numbers = [n for batch in results for n in batch]
    assert len(numbers) == 100
    assert len(set(numbers)) == 100
    assert sorted(n.urut for n in issued_numbers(ws, 2024)) == list(range(1, 101))
