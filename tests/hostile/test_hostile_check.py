"""`sakip check` reads only regular files, never more than its size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sakip_run import assert_clear, inputs_digest, run, workspace


def _check(ws: Path, target: str, *extra: str) -> str:
    before = inputs_digest(ws)
    outcome = run(ws, "check", target, "--json", *extra)
    assert_clear(outcome, before, ws)
    assert outcome.code == 1
    (result,) = outcome.json()
    problems: list[str] = result["problems"]
    return " ".join(problems)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_not_read(tmp_path: Path, device: str) -> None:
    ws = workspace(tmp_path)
    assert "bukan berkas biasa" in _check(ws, device)
    (ws / "tautan.pdf").symlink_to(device)
    assert "bukan berkas biasa" in _check(ws, "tautan.pdf")


def test_a_pipe_is_not_waited_on(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    os.mkfifo(ws / "pipa.pdf")
    assert "bukan berkas biasa" in _check(ws, "pipa.pdf")


def test_a_pdf_beyond_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    with (ws / "besar.pdf").open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(3 * 1024 * 1024 * 1024)  # sparse: 3 GB that take no disk
    assert "berukuran 3072 MB, melebihi batas 2 MB" in _check(ws, "besar.pdf", "--max-mb", "2")
