"""An output's hash is taken again only when the file changed on disk (or may have)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from pipeline.archive import file_hashes
from pipeline.archive.file_hashes import FileHashes


def _old(path: Path, seconds: float = 60) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = file_hashes.sha256_file

    def spy(path: Path) -> str:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(file_hashes, "sha256_file", spy)
    return seen


def test_an_unchanged_file_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, doc = tmp_path / "hashes.bin", tmp_path / "a.docx"
    doc.write_bytes(b"isi pertama")
    _old(doc)
    reads = _reads(monkeypatch)
    first = FileHashes(store)
    assert first.sha256(doc) == hashlib.sha256(b"isi pertama").hexdigest()
    first.save()
    second = FileHashes(store)
    assert second.sha256(doc) == hashlib.sha256(b"isi pertama").hexdigest()
    assert reads == ["a.docx"]

    doc.write_bytes(b"isi kedua!!")  # same size, newer time
    assert FileHashes(store).sha256(doc) == hashlib.sha256(b"isi kedua!!").hexdigest()
    assert reads == ["a.docx", "a.docx"]


def test_a_file_changed_within_the_same_moment_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, doc = tmp_path / "hashes.bin", tmp_path / "a.docx"
    doc.write_bytes(b"baru ditulis")
    reads = _reads(monkeypatch)
    hashes = FileHashes(store)
    hashes.sha256(doc)
    hashes.save()
    FileHashes(store).sha256(doc)  # hashed right after it was written: not trusted
    assert reads == ["a.docx", "a.docx"]


def test_missing_files_and_a_broken_store(tmp_path: Path) -> None:
    store = tmp_path / "hashes.bin"
    store.write_bytes(b"rusak")
    hashes = FileHashes(store)
    assert hashes.sha256(tmp_path / "tidak-ada.docx") is None
    assert hashes.sha256(tmp_path) is None
    hashes.save()
    assert FileHashes(store).known == {}
