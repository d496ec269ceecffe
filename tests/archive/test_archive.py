"""The build archive: record, list, show, verify, diff, incremental-build lookups, migrations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.archive import (
    ArchiveInput,
    ArchiveOutput,
    FailedDocument,
    HeldBack,
    Manifest,
    diff,
    get_build,
    is_current,
    last_output_for,
    latest_outputs,
    list_builds,
    manifest_to_json,
    record_build,
    sha256_file,
    specs_version,
    start_manifest,
    tree_version,
    verify,
)
from pipeline.cli.archive import archive
from pipeline.errors import ArchiveError
from pipeline.workspace.db import MIGRATIONS, connect
from pipeline.workspace.paths import Workspace

WITA = dt.timezone(dt.timedelta(hours=8))
OUT = "outputs/2024/03"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "kantor"
    root.mkdir()
    return Workspace.open(root)


def _write(ws: Workspace, rel: str, text: str) -> Path:
    if not (ws.root / "sakip.db").exists():
        # As in a real build, the database exists before any document is written
        # (documents beside a missing database are refused as a lost archive).
        with connect(ws):
            pass
    path = ws.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _output(ws: Workspace, rel: str, kind: str = "pk", unit: str | None = "SEK") -> ArchiveOutput:
    path = ws.root / rel
    return ArchiveOutput(str(path), sha256_file(path), kind, unit, "pk", 4)


def _manifest(ws: Workspace, outputs: list[str], inputs: list[str], **extra: object) -> Manifest:
    fields: dict[str, object] = {
        "periode": "2024-03",
        "started": dt.datetime(2026, 11, 24, 19, 43, tzinfo=WITA),
        "finished": dt.datetime(2026, 11, 24, 19, 44, 5, tzinfo=WITA),
        "user": "siti",
        "host": "PC-PROGRAM",
        "pipeline_version": "0.1.0",
        "specs_version": "aaaaaaaaaaaa",
        "templates_version": "bbbbbbbbbbbb",
        "inputs": [ArchiveInput(str(ws.root / p), sha256_file(ws.root / p)) for p in inputs],
        "outputs": [_output(ws, p) for p in outputs],
    }
    return Manifest(**(fields | extra))  # type: ignore[arg-type]


def _two_builds(ws: Workspace) -> tuple[int, int]:
    _write(ws, "inputs/2024/03/SEK.xlsx", "sek v1")
    _write(ws, "inputs/2024/03/BKP.xlsx", "bkp")
    _write(ws, f"{OUT}/PK SEK.docx", "pk sek v1")
    _write(ws, f"{OUT}/PK BKP.docx", "pk bkp")
    first = record_build(
        ws,
        _manifest(
            ws,
            [f"{OUT}/PK SEK.docx", f"{OUT}/PK BKP.docx"],
            ["inputs/2024/03/SEK.xlsx", "inputs/2024/03/BKP.xlsx"],
            held_back=[HeldBack("UPT", "data masih bergalat")],
        ),
    )
    _write(ws, "inputs/2024/03/SEK.xlsx", "sek v2")
    _write(ws, "inputs/2024/03/UPT.xlsx", "upt")
    _write(ws, f"{OUT}/PK SEK.docx", "pk sek v2")
    _write(ws, f"{OUT}/PK UPT.docx", "pk upt")
    second = record_build(
        ws,
        _manifest(
            ws,
            [f"{OUT}/PK SEK.docx", f"{OUT}/PK UPT.docx"],
            ["inputs/2024/03/SEK.xlsx", "inputs/2024/03/UPT.xlsx"],
            templates_version="cccccccccccc",
        ),
    )
    return first, second


def _cli(runner: CliRunner, ws: Workspace, *args: str) -> click.testing.Result:
    return runner.invoke(archive, [*args, "--workspace", str(ws.root)])


# -- library ---------------------------------------------------------------------------------


def test_record_list_and_show(ws: Workspace) -> None:
    first, second = _two_builds(ws)
    assert (first, second) == (1, 2)  # assigned by the database
    builds = list_builds(ws)
    assert [(b.build_id, b.outputs, b.inputs, b.held_back) for b in builds] == [
        (1, 2, 2, 1),
        (2, 2, 2, 0),
    ]
    manifest = get_build(ws, 1)
    assert manifest.build_id == 1
    assert manifest.started == dt.datetime(2026, 11, 24, 19, 43, tzinfo=WITA)
    # Absolute paths inside the workspace are stored relative to it, with "/".
    assert [o.path for o in manifest.outputs] == [f"{OUT}/PK BKP.docx", f"{OUT}/PK SEK.docx"]
    assert manifest.outputs[0].key == f"{OUT}/PK BKP.docx"  # the key defaults to the path
    assert manifest.inputs[0].path == "inputs/2024/03/BKP.xlsx"
    assert manifest.held_back == [HeldBack("UPT", "data masih bergalat")]


def test_manifest_json_contract(ws: Workspace) -> None:
    _two_builds(ws)
    data = manifest_to_json(get_build(ws, 2))
    json.dumps(data)  # serialisable as it is
    assert data["build_id"] == 2
    assert set(data) >= {
        "periode",
        "started",
        "finished",
        "user",
        "host",
        "pipeline_version",
        "specs_version",
        "templates_version",
        "inputs",
        "held_back",
    }
    assert {"path", "sha256", "kind", "unit", "sop", "step"} <= set(data["outputs"][0])
    assert data["outputs"][0]["path"] == f"{OUT}/PK SEK.docx"
    assert data["outputs"][0]["step"] == 4
    assert data["started"] == "2026-11-24T19:43:00+08:00"


def test_unknown_build_says_how_to_see_the_ids(ws: Workspace) -> None:
    with pytest.raises(ArchiveError, match="belum memuat build"):
        get_build(ws, 1)
    _two_builds(ws)
    with pytest.raises(ArchiveError) as caught:
        get_build(ws, 9)
    assert "Build 9 tidak ada" in str(caught.value)
    assert "1 sampai 2" in str(caught.value)
    assert "sakip archive list" in str(caught.value)


def test_duplicate_output_is_refused_before_anything_is_stored(ws: Workspace) -> None:
    _write(ws, f"{OUT}/a.docx", "a")
    manifest = _manifest(ws, [f"{OUT}/a.docx", f"{OUT}/a.docx"], [])
    with pytest.raises(ArchiveError, match="lebih dari sekali"):
        record_build(ws, manifest)
    assert list_builds(ws) == []


def test_diff_reports_added_removed_and_changed(ws: Workspace) -> None:
    first, second = _two_builds(ws)
    d = diff(ws, first, second)
    assert [o.path for o in d.outputs_added] == [f"{OUT}/PK UPT.docx"]
    assert [o.path for o in d.outputs_removed] == [f"{OUT}/PK BKP.docx"]
    assert [c.name for c in d.outputs_changed] == [f"{OUT}/PK SEK.docx"]
    assert [i.path for i in d.inputs_added] == ["inputs/2024/03/UPT.xlsx"]
    assert [i.path for i in d.inputs_removed] == ["inputs/2024/03/BKP.xlsx"]
    assert [c.name for c in d.inputs_changed] == ["inputs/2024/03/SEK.xlsx"]
    assert [(c.name, c.new) for c in d.versions_changed] == [("templates_version", "cccccccccccc")]
    assert not d.empty
    assert diff(ws, second, second).empty


def test_verify_catches_altered_and_missing_files(ws: Workspace) -> None:
    _two_builds(ws)
    assert verify(ws).ok
    (ws.root / OUT / "PK SEK.docx").write_text("disunting tangan", encoding="utf-8")
    (ws.root / OUT / "PK UPT.docx").unlink()
    report = verify(ws)
    assert report.checked == 3  # the newest record of each of the three paths
    assert [(i.path, i.build_id) for i in report.altered] == [(f"{OUT}/PK SEK.docx", 2)]
    assert [(i.path, i.build_id) for i in report.missing] == [(f"{OUT}/PK UPT.docx", 2)]
    assert not report.ok


def test_verify_of_an_older_build_tells_rewritten_from_altered(ws: Workspace) -> None:
    first, _second = _two_builds(ws)
    report = verify(ws, first)
    # PK SEK was rewritten by build 2 (not a fault); nothing else changed.
    assert report.ok
    assert [(i.path, i.superseded_by) for i in report.superseded] == [(f"{OUT}/PK SEK.docx", 2)]
    with pytest.raises(ArchiveError, match="sakip archive list"):
        verify(ws, 7)


def test_moved_workspace_still_verifies(ws: Workspace, tmp_path: Path) -> None:
    _two_builds(ws)
    moved = Workspace.open(shutil.copytree(ws.root, tmp_path / "dipindah"))
    shutil.rmtree(ws.root)
    assert verify(moved).ok
    assert verify(moved).checked == 3


def test_incremental_lookup(ws: Workspace) -> None:
    path = _write(ws, f"{OUT}/PK SEK.docx", "pk")
    fp = hashlib.sha256(b"unit SEK, 2 Januari 2024, target 1,5 dan 2").hexdigest()
    assert last_output_for(ws, "2024|pk|4|SEK|pk") is None
    out = ArchiveOutput(
        str(path),
        sha256_file(path),
        "pk",
        "SEK",
        "pk",
        4,
        key="2024|pk|4|SEK|pk",
        inputs_fingerprint=fp,
    )
    manifest = _manifest(ws, [], [])
    manifest.outputs.append(out)
    record_build(ws, manifest)
    last = last_output_for(ws, "2024|pk|4|SEK|pk")
    assert last is not None
    found_path, sha, fingerprint, made_in = last
    assert (found_path, sha, fingerprint) == (path, sha256_file(path), fp)
    assert made_in == manifest.periode  # the period of the build that wrote it
    assert latest_outputs(ws) == {"2024|pk|4|SEK|pk": last}
    assert is_current(last, fp)
    assert not is_current(last, "lain")
    assert not is_current(None, fp)
    path.write_text("disunting", encoding="utf-8")
    assert not is_current(last, fp)  # a hand-edited file is rebuilt
    path.unlink()
    assert not is_current(last, fp)


def test_tree_version(tmp_path: Path, repo_root: Path) -> None:
    a = tmp_path / "a" / "x.docx"
    b = tmp_path / "b" / "x.docx"
    for path in (a, b):
        path.parent.mkdir()
        path.write_bytes(b"isi")
    assert tree_version([a]) == tree_version([b])  # folders do not matter
    assert len(tree_version([a])) == 12
    b.write_bytes(b"isi lain")
    assert tree_version([a]) != tree_version([b])
    ws = Workspace.open(tmp_path)
    assert specs_version(ws) == specs_version(Workspace.open(repo_root))
    manifest = start_manifest(ws, "2024-03")
    assert manifest.build_id is None and manifest.started.tzinfo is not None


def test_database_with_only_migration_one_upgrades(ws: Workspace) -> None:
    # A workspace made by the sakip that knew migration 1 only.
    conn = sqlite3.connect(ws.root / "sakip.db")
    conn.executescript(
        "CREATE TABLE schema_version (version INTEGER NOT NULL);"
        f"{MIGRATIONS[0]}"
        "INSERT INTO schema_version VALUES (1);"
        "INSERT INTO definisi_indikator VALUES ('2024-01', 'SEK', 'IK1', '{}', '2024-02-01');"
    )
    conn.commit()
    conn.close()
    _two_builds(ws)
    with connect(ws) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone() == (
            len(MIGRATIONS),
        )
        assert conn.execute("SELECT COUNT(*) FROM definisi_indikator").fetchone() == (1,)
    assert [b.build_id for b in list_builds(ws)] == [1, 2]


_FAILED = FailedDocument(
    "Daftar Hadir Rapat Klarifikasi",
    "templat 'daftar-hadir.docx' memanggil dirinya sendiri tanpa akhir",
    f"{OUT}/klarifikasi/Daftar Hadir Rapat Klarifikasi.docx",
    "daftar-hadir",
    None,
    "klarifikasi",
    3,
)


def _build_with_a_failure(ws: Workspace) -> tuple[int, int]:
    _first, second = _two_builds(ws)
    # Given absolute, as a build gives it.
    failing = dataclasses.replace(_FAILED, path=str(ws.root / f"{_FAILED.path}"))
    third = record_build(
        ws,
        _manifest(
            ws,
            [f"{OUT}/PK SEK.docx", f"{OUT}/PK UPT.docx"],
            ["inputs/2024/03/SEK.xlsx", "inputs/2024/03/UPT.xlsx"],
            templates_version="cccccccccccc",
            failed=[failing],
        ),
    )
    return second, third


def test_a_failed_document_is_recorded_with_its_build(ws: Workspace) -> None:
    second, third = _build_with_a_failure(ws)
    assert get_build(ws, third).failed == [_FAILED]  # stored relative to the workspace
    assert get_build(ws, second).failed == []
    assert [b.failed for b in list_builds(ws)] == [0, 0, 1]
    assert manifest_to_json(get_build(ws, third))["failed"] == [
        {
            "title": _FAILED.title,
            "reason": _FAILED.reason,
            "path": _FAILED.path,
            "kind": "daftar-hadir",
            "unit": None,
            "sop": "klarifikasi",
            "step": 3,
            "pdf": False,  # the document itself, not only its PDF
        }
    ]
    d = diff(ws, second, third)
    assert (d.failed_added, d.failed_removed) == ([_FAILED], [])
    assert not d.empty
    back = diff(ws, third, second)
    assert (back.failed_added, back.failed_removed) == ([], [_FAILED])
    assert diff(ws, third, third).empty


def test_a_database_of_schema_seven_gains_the_failed_documents(ws: Workspace) -> None:
    # A workspace made by the sakip of migrations 1 to 7, with a build in it.
    conn = sqlite3.connect(ws.root / "sakip.db")
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, script in enumerate(MIGRATIONS[:7], start=1):
        conn.executescript(script)
        conn.execute("INSERT INTO schema_version VALUES (?)", (version,))
    conn.execute(
        "INSERT INTO archive_build VALUES (1, '2024-02', '2024-03-01T08:00:00+08:00', "
        "'2024-03-01T08:01:00+08:00', 'siti', 'PC', '0.1.0', 'a', 'b')"
    )
    conn.commit()
    conn.close()
    assert [(b.build_id, b.failed) for b in list_builds(ws)] == [(1, 0)]  # migrated on reading
    assert get_build(ws, 1).failed == []
    _build_with_a_failure(ws)
    assert [b.failed for b in list_builds(ws)] == [0, 0, 0, 1]
    with connect(ws) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone() == (
            len(MIGRATIONS),
        )


# -- command line ----------------------------------------------------------------------------


def test_cli_list(runner: CliRunner, ws: Workspace) -> None:
    empty = _cli(runner, ws, "list")
    assert empty.exit_code == 0 and "belum memuat build" in empty.output
    _two_builds(ws)
    result = _cli(runner, ws, "list")
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split()
    assert header[:4] == ["ID", "Periode", "Waktu", "Pengguna"]
    assert "Maret 2024" in result.output
    assert "24 November 2026 19.43" in result.output
    as_json = json.loads(_cli(runner, ws, "list", "--json").output)
    assert [b["build_id"] for b in as_json] == [1, 2]
    assert as_json[0]["outputs"] == 2


def test_cli_show(runner: CliRunner, ws: Workspace) -> None:
    _two_builds(ws)
    result = _cli(runner, ws, "show", "1")
    assert result.exit_code == 0, result.output
    assert f"{OUT}/PK SEK.docx" in result.output
    assert "data masih bergalat" in result.output
    assert "24 November 2026 19.44" in result.output
    data = json.loads(_cli(runner, ws, "show", "2", "--json").output)
    assert data == manifest_to_json(get_build(ws, 2))
    missing = _cli(runner, ws, "show", "5")
    assert missing.exit_code == 1
    assert "sakip archive list" in missing.output
    assert "Traceback" not in missing.output


def test_cli_verify_exit_codes(runner: CliRunner, ws: Workspace) -> None:
    _two_builds(ws)
    untouched = _cli(runner, ws, "verify")
    assert untouched.exit_code == 0, untouched.output
    assert "Semua 3 berkas keluaran utuh" in untouched.output
    (ws.root / OUT / "PK SEK.docx").write_text("disunting", encoding="utf-8")
    (ws.root / OUT / "PK UPT.docx").unlink()
    result = _cli(runner, ws, "verify")
    assert result.exit_code == 1
    assert f"Berubah  : {OUT}/PK SEK.docx" in result.output
    assert f"Hilang   : {OUT}/PK UPT.docx" in result.output
    assert "3 berkas diperiksa: 1 hilang, 1 berubah" in result.output
    only_first = _cli(runner, ws, "verify", "1")
    assert only_first.exit_code == 1  # PK SEK differs from build 1 and from build 2


def test_cli_diff(runner: CliRunner, ws: Workspace) -> None:
    _two_builds(ws)
    result = _cli(runner, ws, "diff", "1", "2")
    assert result.exit_code == 0, result.output
    assert f"+ {OUT}/PK UPT.docx" in result.output
    assert f"- {OUT}/PK BKP.docx" in result.output
    assert f"~ {OUT}/PK SEK.docx" in result.output
    assert "Versi templat berubah: bbbbbbbbbbbb -> cccccccccccc" in result.output
    assert "Tidak ada perbedaan" in _cli(runner, ws, "diff", "2", "2").output


def test_cli_shows_the_documents_a_build_could_not_make(runner: CliRunner, ws: Workspace) -> None:
    second, third = _build_with_a_failure(ws)
    shown = _cli(runner, ws, "show", str(third))
    assert shown.exit_code == 0, shown.output
    assert "Gagal disusun (1 dokumen; dokumen lain tetap disusun):" in shown.output
    row = next(line for line in shown.output.splitlines() if _FAILED.title in line)
    assert "klarifikasi" in row and "memanggil dirinya sendiri tanpa akhir" in row
    assert "Gagal disusun" not in _cli(runner, ws, "show", str(second)).output
    listed = _cli(runner, ws, "list").output.splitlines()
    assert listed[0].split()[-4:] == ["Gagal", "disusun", "PDF", "gagal"]
    assert [line.split()[-2:] for line in listed[-3:]] == [["-", "-"], ["-", "-"], ["1", "-"]]
    assert [b["failed"] for b in json.loads(_cli(runner, ws, "list", "--json").output)] == [0, 0, 1]
    compared = _cli(runner, ws, "diff", str(second), str(third)).output
    assert f"Gagal disusun pada build {third}, tidak pada build {second} (1):" in compared
    assert f"  ! {_FAILED.title}: {_FAILED.reason}" in compared


@pytest.mark.parametrize("args", [[], ["list"], ["show"], ["verify"], ["diff"]])
def test_help_is_indonesian_with_examples(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(archive, [*args, "--help"])
    assert result.exit_code == 0
    assert "Contoh:" in result.output
    assert "sakip archive " in result.output
