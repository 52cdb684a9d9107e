"""Where encrypted blobs live: a local directory by default (one folder per
organisation); the interface is small so an S3-compatible store can replace it."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Protocol

_SAFE_KEY = re.compile(r"^[0-9a-f-]{36}/[0-9a-f-]{36}$")


class BlobStore(Protocol):
    async def put(self, key: str, blob: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None:
        """Remove a blob; one already absent is not an error."""
        ...


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _SAFE_KEY.match(key):
            raise ValueError(f"unsafe storage key {key!r}")
        return self.root / key

    async def put(self, key: str, blob: bytes) -> None:
        path = self._path(key)
        await asyncio.to_thread(_write_atomic, path, blob)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)


def _write_atomic(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
