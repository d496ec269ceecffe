"""A file's sha256 without reading it again while it is unchanged on disk.

Before it reuses an earlier output, a build checks that the file is still what the archive
recorded (a hand-edited or replaced file is made again): some 1,750 files, 66 MB, every build.
As git does for its index, the hash of a file is kept with its size and modification time and
taken again only when either changed. A file modified within two seconds of being hashed could
have been changed again within the same time stamp on a coarse file system: its hash is not
trusted and is taken again next time. ``sakip archive verify`` always reads every file.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pipeline.workspace import cachefile
from pipeline.workspace.fingerprint import sha256_file

KIND = "sidik-berkas"
FORMAT = 2
"""Version 1 was pickled (and is never read); version 2 is :mod:`cachefile` JSON."""
RACY_SECONDS = 2.0


class FileHashes:
    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self.known: dict[str, tuple[int, int, float, str]] = {}
        """Path -> (size, mtime_ns, when hashed, sha256)."""
        self.seen: dict[str, tuple[int, int, float, str]] = {}
        if store is not None:
            self.known = _known(cachefile.load(store, KIND, FORMAT))

    def sha256(self, path: Path) -> str | None:
        """The file's sha256, or None when it cannot be read (missing, a folder...)."""
        try:
            stat = path.stat()
            key = str(path)
            found = self.known.get(key)
            if (
                found is not None
                and found[:2] == (stat.st_size, stat.st_mtime_ns)
                and found[2] - stat.st_mtime_ns / 1e9 > RACY_SECONDS
            ):
                self.seen[key] = found
                return found[3]
            sha = sha256_file(path)
        except OSError:
            return None
        self.seen[key] = (stat.st_size, stat.st_mtime_ns, time.time(), sha)
        return sha

    def save(self) -> None:
        """Keep the hashes taken or confirmed in this run (atomically, when there is a store)."""
        from pipeline.office.ooxml import write_atomic

        if self.store is None:
            return
        files = {path: list(entry) for path, entry in self.seen.items()}
        payload = cachefile.encode(KIND, FORMAT, files)

        def produce(tmp: Path) -> None:
            tmp.write_bytes(payload)

        try:
            write_atomic(self.store, produce)
        except OSError:
            return  # a cache that cannot be written only costs time


def _known(data: Any) -> dict[str, tuple[int, int, float, str]]:
    """The entries of a store's ``data`` that have the expected shape."""
    if type(data) is not dict:
        return {}
    known = {}
    for path, entry in data.items():
        match entry:
            case [int(size), int(mtime_ns), float(when), str(sha)]:
                known[path] = (size, mtime_ns, when, sha)
    return known
