"""Nothing a build reads from ``.sakip-cache`` runs code: a pickle payload planted in every
cache file (and under every name a cache file had or has) is ignored, the build succeeds and
makes the same documents."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli.main import cli
from pipeline.documents.registry import load_registry
from pipeline.example import create_workspace
from pipeline.workspace import cachefile
from pipeline.workspace.paths import CACHE_DIR, HASHES_FILE, Workspace

MARCH = ["--periode", "2024-03"]


class _Payload:
    """What an attacker would plant: unpickling it runs a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch '{self.marker}'",))


def _payloads(marker: Path) -> list[bytes]:
    """Plain pickle, and compressed as the workbook cache and the blocks' stores were."""
    raw = pickle.dumps(_Payload(marker), protocol=5)
    return [raw, zlib.compress(raw, 1)]


def _outputs(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "outputs").rglob("*"))
        if p.is_file()
    }


def _build(root: Path) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["build", "-w", str(root), *MARCH, "--json"])
    assert result.exit_code == 1, result.output  # the UPT is held back on purpose
    assert "Traceback" not in result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_payload_would_run_if_it_were_unpickled(tmp_path: Path) -> None:
    # The check below proves something only because loading the payload does run it.
    marker = tmp_path / "dijalankan"
    for payload in _payloads(marker):
        marker.unlink(missing_ok=True)
        data = zlib.decompress(payload) if payload[:1] == b"x" else payload
        pickle.loads(data)  # the test's own payload, made just above
        assert marker.exists()


def test_a_pickle_payload_in_the_cache_never_runs(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    marker = tmp_path / "dijalankan"
    first = _build(root)
    made = _outputs(root)
    cache = root / CACHE_DIR
    files = sorted(p for p in cache.rglob("*") if p.is_file())
    # The workbook cache and the kept hashes of outputs.
    assert {p.relative_to(cache).parts[0] for p in files} == {"buku-kerja", Path(HASHES_FILE).name}
    for path in files:  # every file a build wrote is data only: compressed JSON
        assert json.loads(zlib.decompress(path.read_bytes()))["jenis"]

    # Every name a cache file has now or had in an earlier version of sakip.
    old_code = cache / "templat" / ("0" * 16) / ("0" * 64 + ".bin")
    names = [*files, cache / "sidik-berkas.bin", old_code]
    for spec in load_registry(Workspace.open(root)).dokumen:
        for suffix in (".bin", ".json.zlib"):
            names.append(cache / "fragmen" / f"{spec.id}{suffix}")
    plain, compressed = _payloads(marker)
    for path in names:
        path.parent.mkdir(parents=True, exist_ok=True)
        kept = path.relative_to(cache).parts[0] in ("buku-kerja", "fragmen")
        path.write_bytes(compressed if kept else plain)

    # Outputs removed, so every document is rendered again with the planted files in place.
    for path in sorted((root / "outputs").rglob("*"), reverse=True):
        if path.is_file():
            path.unlink()
    again = _build(root)
    assert not marker.exists()
    assert _outputs(root) == made
    assert {o["path"]: o["sha256"] for o in again["outputs"]} == {
        o["path"]: o["sha256"] for o in first["outputs"]
    }
    for old in ("templat", "fragmen", "sidik-berkas.bin"):  # what earlier versions kept
        assert not (cache / old).exists()

    # And once more without removing anything: the planted files the build uses were replaced
    # by data again.
    _build(root)
    assert not marker.exists()
    for path in files:
        assert json.loads(zlib.decompress(path.read_bytes()))["jenis"], path


@pytest.mark.parametrize("damage", [b"", b"rusak", zlib.compress(b"[1, 2]")])
def test_a_damaged_cache_file_is_ignored(tmp_path: Path, damage: bytes) -> None:
    assert cachefile.decode(damage, "buku-kerja", 2) is None
    good = cachefile.encode("buku-kerja", 2, {"a": 1})
    assert cachefile.decode(good, "buku-kerja", 2) == {"a": 1}
    assert cachefile.decode(good, "buku-kerja", 1) is None  # another format version
    assert cachefile.decode(good, "fragmen", 2) is None  # another kind of cache
