"""The embedded deployment's own files — the data directory, the SQLite database, the
development keys — readable by the service's user only.

The directory is created 0700 and the database file 0600 before SQLite first opens it
(SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions). An
existing directory is left as it is (it may be a mount point); an existing database file
that others can read is narrowed to 0600 when we own it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) with the directory itself 0700."""
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)


def prepare_sqlite_file(database: str | None) -> None:
    """Create the database file 0600 (and its directory 0700) before SQLite opens it.
    In-memory and URI databases are left to SQLite."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        make_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        _narrow(path)
        return
    except OSError:  # unwritable: SQLite reports the real problem when it opens it
        return
    os.close(fd)


def _narrow(path: Path) -> None:
    with contextlib.suppress(OSError):  # not ours, or read-only: left as it is
        info = path.stat()
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077 and info.st_uid == os.getuid():
            path.chmod(PRIVATE_FILE)
