"""The wheel ships the specs and templates, so an installed sakip works outside the repo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path


def test_wheel_ships_specs_and_templates(repo_root: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(repo_root),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("sakip-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "site")
    assert "pipeline/_bundled/templates/sop.docx" in names
    assert "pipeline/_bundled/sakip.yaml" in names
    # The web desk's pages and its one script travel inside the package.
    assert "pipeline/web/templates/base.html" in names
    assert "pipeline/web/statis/sakip.js" in names
    assert "pipeline/web/statis/sakip.css" in names
    specs = [n for n in names if n.startswith("pipeline/_bundled/sop_specs/")]
    assert sum(n.count("/") == 3 for n in specs) == 7
    assert "pipeline/_bundled/sop_specs/validasi/aturan.yaml" in specs
    assert "pipeline/_bundled/sop_specs/validasi/buku-kerja.yaml" in specs
    empty = tmp_path / "kosong"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "sop", "list", "--json"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(json.loads(out)) == 7
