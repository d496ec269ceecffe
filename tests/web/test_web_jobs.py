"""One build at a time per workspace: the web desk's build runs in a child process that holds
the workspace's lock and reports its progress in a small state file."""

from __future__ import annotations

import json
import time

import pytest

from pipeline.errors import WebError
from pipeline.web import jobs
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


def test_one_build_at_a_time(office: Workspace) -> None:
    assert jobs.read_state(office).state == "kosong"
    jobs.start_build(office, Periode(2024, 3), "rahma")
    with pytest.raises(WebError, match="Build lain sedang berjalan"):
        jobs.start_build(office, Periode(2024, 2), "andi")
    seen = set()
    deadline = time.monotonic() + 300
    while (state := jobs.read_state(office)).state == "berjalan":
        seen.add(state.stage)
        assert time.monotonic() < deadline, "build tidak selesai dalam 5 menit"
        time.sleep(0.2)
    assert state.state == "selesai", state.message
    assert state.periode == "2024-03" and state.oleh == "rahma"
    assert state.build_id == 1 and not state.complete  # the example's UPT is held back
    assert "UPT" in state.message
    # The child writes "selesai" while it still holds the lock, released as it exits: on a
    # busy machine that takes a moment.
    released = time.monotonic() + 30
    while jobs.running(office):
        assert time.monotonic() < released, "kunci build tidak dilepas setelah selesai"
        time.sleep(0.1)
    assert seen & {"Membaca dan memeriksa buku kerja", "Menyusun dokumen"}


def test_a_build_that_died_is_reported(office: Workspace) -> None:
    stale = jobs.BuildState("berjalan", "2024-03", oleh="rahma", mulai=time.time() - 3600)
    path = office.root / jobs.STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stale.to_json()), encoding="utf-8")
    state = jobs.read_state(office)
    assert state.state == "gagal"
    assert "berhenti sebelum selesai" in state.message
