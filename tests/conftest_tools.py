"""Tests that need a system program (soffice, tesseract, pdftoppm) ask for it here.

On CI (CI=true) a missing program fails the test, so the OCR and LibreOffice paths are always
exercised there; on a developer's machine the test is skipped with the package to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PACKAGES = {
    "soffice": "libreoffice-writer-nogui",
    "tesseract": "tesseract-ocr tesseract-ocr-ind",
    "pdftoppm": "poppler-utils",
}


def _missing(what: str, package: str) -> None:
    message = f"{what} tidak tersedia; pasang paket Debian: {package}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name: str) -> str:
    """The path of program ``name``; fails on CI and skips elsewhere when it is missing."""
    path = shutil.which(name)
    if path is None:
        _missing(f"Program '{name}'", PACKAGES.get(name, name))
    assert path is not None
    if name == "tesseract":
        listed = subprocess.run([path, "--list-langs"], capture_output=True, text=True, check=False)
        if "ind" not in (listed.stdout + listed.stderr).split():
            _missing("Model bahasa Indonesia tesseract ('ind')", "tesseract-ocr-ind")
    return path
