"""A file's sha256 without reading it again while it is unchanged on disk.

Before it reuses an earlier output, a build checks that the file is still what the archive
recorded (a hand-edited or replaced file is made again): some 1,750 files, 66 MB, every build.
As git does for its index, the hash of a file is kept with its size and modification time and
taken again only when either changed. A file modified within two seconds of being hashed could
have been changed again within the same time stamp on a coarse file system: its hash is not
trusted and is taken again next time. ``sakip archive verify`` always reads every file.
"""

from __future__ import annotations

import pickle
import time
from pathlib import Path

from pipeline.workspace.fingerprint import sha256_file

FORMAT = 1
RACY_SECONDS = 2.0


class FileHashes:
    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self.known: dict[str, tuple[int, int, float, str]] = {}
        """Path -> (size, mtime_ns, when hashed, sha256)."""
        self.seen: dict[str, tuple[int, int, float, str]] = {}
        if store is not None:
            try:
                data = pickle.loads(store.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                data = None
            if isinstance(data, dict) and data.get("format") == FORMAT:
                self.known = data.get("files", {})

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
        payload = pickle.dumps({"format": FORMAT, "files": self.seen}, protocol=5)

        def produce(tmp: Path) -> None:
            tmp.write_bytes(payload)

        try:
            write_atomic(self.store, produce)
        except OSError:
            return  # a cache that cannot be written only costs time
