"""An example office with web desk accounts, and a signed-in Starlette TestClient."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.example import create_workspace
from pipeline.web.accounts import add_account
from pipeline.web.app import create_app
from pipeline.workspace.paths import Workspace

PASSWORDS = {
    "rahma": ("fungsional-umum", None, "sandi-fungsional"),
    "andi": ("kepala-dinas", None, "sandi-kepala-dinas"),
    "bkp": ("unit", "BKP", "sandi-unit-bkp"),
    "upt": ("unit", "UPT", "sandi-unit-upt"),
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="session")
def _office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kantor") / "ws"
    create_workspace(root)
    ws = Workspace.open(root)
    for nama, (peran, unit, sandi) in PASSWORDS.items():
        add_account(ws, nama, peran, unit, sandi)
    return root


@pytest.fixture
def office(_office: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the example office with its accounts, for one test."""
    target = tmp_path / "ws"
    shutil.copytree(_office, target)
    return Workspace.open(target)


class Desk:
    """A TestClient signed in as one account, with the session's CSRF token at hand."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def login(self, nama: str) -> Desk:
        page = self.client.get("/masuk")
        token = CSRF.search(page.text)
        assert token is not None
        sandi = PASSWORDS[nama][2]
        answer = self.client.post(
            "/masuk",
            data={"csrf": token.group(1), "nama": nama, "sandi": sandi},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        home = self.client.get("/")
        token = CSRF.search(home.text)
        assert token is not None
        self.csrf = token.group(1)
        return self


@pytest.fixture
def desk(office: Workspace) -> Iterator[Desk]:
    with TestClient(create_app(office)) as client:
        yield Desk(client)
