"""Record check results in the workspace database: which returned file answers which built
document, with its status, so the archive tells what came back signed and complete."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from pipeline.checker.result import CheckResult
from pipeline.workspace.db import connect
from pipeline.workspace.paths import Workspace


def record_checks(workspace: Workspace, periode: str, results: Sequence[CheckResult]) -> int:
    now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    rows = [
        (
            now,
            periode,
            r.file,
            _sha256(Path(r.file)),
            r.document_type,
            r.status,
            r.answers,
            "\n".join(r.problems),
        )
        for r in results
    ]
    with connect(workspace) as conn:
        conn.executemany(
            "INSERT INTO check_result (checked_at, periode, file, sha256, document_type, status, "
            "answers, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
