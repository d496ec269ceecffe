"""The web desk's guards: the session secret kept in the workspace, CSRF tokens, and the one
way a path from a request may reach the filesystem (resolved, then checked to lie inside the
folder it is meant for)."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from pipeline.errors import WebError
from pipeline.workspace.paths import CACHE_DIR, Workspace

SECRET_FILE = f"{CACHE_DIR}/web-rahasia"
"""Signs the session cookies; made once per workspace, readable by its owner only."""


def session_secret(workspace: Workspace) -> str:
    path = workspace.root / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two servers starting at once never write two different secrets.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48))
    os.chmod(path, 0o600)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise WebError(
            f"Berkas rahasia sesi '{path}' rusak. Hapus berkas itu lalu jalankan 'sakip web' lagi "
            "(semua pengguna perlu masuk ulang)."
        )
    return secret


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def contained(base: Path, relative: str) -> Path | None:
    """``base/relative`` when it stays inside ``base`` after resolving ``..`` and links, and
    names a file; None otherwise (the caller answers 404 and says nothing more)."""
    if not relative or "\x00" in relative or relative.startswith(("/", "\\")):
        return None
    root = base.resolve()
    try:
        target = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not target.is_relative_to(root) or target == root or not target.is_file():
        return None
    return target


def safe_filename(name: str) -> str | None:
    """The last part of an uploaded file's name, when it is a plain, visible file name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base.startswith((".", "~$")) or "\x00" in base or len(base) > 150:
        return None
    if any(ord(c) < 32 for c in base):
        return None
    return base
