"""Opening a PIF bundle safely: every check that can be made from the zip's directory and
the manifest is made before any document is read, and nothing is ever read whole into
memory before its declared size has been checked against the limits.

Checks, in order (each failure is a ``BundleError`` naming the entry and why):

1. at most ``MAX_BUNDLE_FILES`` entries; no duplicate entry name (a second ``product.json``
   would be read by one tool and not by another); every name a plain relative path
   (no ``..``, ``.``, leading ``/``, drive letter, backslash or control character);
2. the uncompressed sizes the zip declares: each entry within its limit (a document within
   ``max_file_bytes``, everything else within ``MAX_ENTRY_BYTES``) and all of them together
   within ``max_bytes``;
3. the manifest (read within ``MAX_ENTRY_BYTES``): its format, one entry per path with the
   same checks on the path, a size equal to the zip's, and a SHA-256; every zip entry listed
   (an unlisted entry is refused before it is read) and every listed entry present;
4. every entry read in chunks and hashed against the manifest.

Afterwards ``read`` gives one entry's bytes at a time (hashed again: a bundle file on disk
could change between the two reads).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pifai.bundle.manifest import FORMAT, MANIFEST, BundleError

MAX_BUNDLE_FILES = 10_000
# The whole bundle unpacked, unless the caller (``pifai import --max-size``) says otherwise.
MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024
# Any entry that is not an uploaded document: the JSON tables, the manifest, rendered PDFs.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# An uploaded document, unless the caller passes the installation's upload limit.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENTS = "documents/"
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
# What a damaged or unsupported zip raises while reading an entry.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class Listed:
    size: int
    sha256: str


def path_problem(path: str) -> str | None:
    """Why ``path`` is not a plain relative path inside the bundle, or None."""
    if not path:
        return "empty path"
    if "\\" in path:
        return "backslash in the path"
    if any(unicodedata.category(ch).startswith("C") for ch in path):
        return "control or invisible character in the path"
    if path.startswith("/") or _DRIVE.match(path):
        return "absolute path"
    if any(part in ("", ".", "..") for part in path.split("/")):
        return "unsafe path ('.', '..' or an empty part)"
    return None


class BundleReader:
    """An opened bundle whose entries passed every check; ``read`` returns one entry."""

    def __init__(
        self, archive: zipfile.ZipFile, listed: dict[str, Listed], product_id: str | None
    ) -> None:
        self._archive = archive
        self.listed = listed
        self.product_id = product_id  # as the manifest states it

    def __contains__(self, path: str) -> bool:
        return path in self.listed

    def read(self, path: str) -> bytes:
        if path not in self.listed:
            raise BundleError(f"{path}: missing from the bundle")
        chunks = list(_chunks(self._archive, path, self.listed[path]))
        return b"".join(chunks)

    def json(self, path: str) -> Any:
        data = self.read(path)
        try:
            return json.loads(data)
        except ValueError as exc:
            raise BundleError(f"{path}: not valid JSON ({exc})") from exc


def _chunks(archive: zipfile.ZipFile, path: str, listed: Listed) -> Iterator[bytes]:
    """The entry's bytes in chunks, never more than its declared size, and its SHA-256
    checked against the manifest at the end."""
    digest = hashlib.sha256()
    seen = 0
    try:
        with archive.open(path) as handle:
            while chunk := handle.read(_CHUNK):
                seen += len(chunk)
                if seen > listed.size:
                    raise BundleError(f"{path}: larger than its declared {listed.size} bytes")
                digest.update(chunk)
                yield chunk
    except _READ_ERRORS as exc:
        raise BundleError(f"{path}: cannot be read from the zip ({exc})") from exc
    if seen != listed.size:
        raise BundleError(f"{path}: {seen} bytes, the manifest says {listed.size}")
    if digest.hexdigest() != listed.sha256:
        raise BundleError(f"{path}: SHA-256 {digest.hexdigest()} differs from the manifest's")


def _entry_limit(path: str, max_file_bytes: int) -> int:
    return max_file_bytes if path.startswith(DOCUMENTS) else MAX_ENTRY_BYTES


def _entries(archive: zipfile.ZipFile, max_bytes: int, max_file_bytes: int) -> dict[str, int]:
    """Step 1 and 2: the file entries by name with their declared sizes."""
    infos = archive.infolist()
    if len(infos) > MAX_BUNDLE_FILES:
        raise BundleError(f"{len(infos)} entries; a bundle holds at most {MAX_BUNDLE_FILES}")
    sizes: dict[str, int] = {}
    names: set[str] = set()
    for info in infos:
        name = info.filename
        if name in names:
            raise BundleError(f"{name}: appears more than once in the zip")
        names.add(name)
        problem = path_problem(name.rstrip("/") if info.is_dir() else name)
        if problem:
            raise BundleError(f"{name}: {problem}")
        if info.is_dir():
            continue
        limit = _entry_limit(name, max_file_bytes)
        if info.file_size > limit:
            raise BundleError(f"{name}: unpacks to {info.file_size} bytes; the limit is {limit}")
        sizes[name] = info.file_size
    total = sum(sizes.values())
    if total > max_bytes:
        raise BundleError(f"the bundle unpacks to {total} bytes; the limit is {max_bytes}")
    return sizes


def _manifest_entry(entry: Any, index: int, sizes: dict[str, int]) -> tuple[str, Listed]:
    where = f"{MANIFEST}: files[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        raise BundleError(f"{where}: has no path")
    path = entry["path"]
    problem = path_problem(path)
    if problem:
        raise BundleError(f"{where}: {path!r}: {problem}")
    size, digest = entry.get("size"), entry.get("sha256")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise BundleError(f"{where}: {path}: 'size' must be a whole number of bytes")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise BundleError(f"{where}: {path}: 'sha256' must be 64 hexadecimal digits")
    if path not in sizes:
        raise BundleError(f"{path}: listed in the manifest but missing from the bundle")
    if sizes[path] != size:
        raise BundleError(f"{path}: the zip says {sizes[path]} bytes, the manifest {size}")
    return path, Listed(size, digest)


def _manifest(
    archive: zipfile.ZipFile, sizes: dict[str, int]
) -> tuple[dict[str, Listed], str | None]:
    """Step 3: the manifest's entries, matching the zip's exactly."""
    if MANIFEST not in sizes:
        raise BundleError(f"{MANIFEST}: missing; this is not a PIF bundle")
    try:
        with archive.open(MANIFEST) as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except _READ_ERRORS as exc:
        raise BundleError(f"{MANIFEST}: cannot be read from the zip ({exc})") from exc
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise BundleError(f"{MANIFEST}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{MANIFEST}: not a {FORMAT} manifest")
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BundleError(f"{MANIFEST}: 'files' must be a list")
    listed: dict[str, Listed] = {}
    for index, entry in enumerate(files):
        path, item = _manifest_entry(entry, index, sizes)
        if path in listed:
            raise BundleError(f"{MANIFEST}: {path} is listed more than once")
        listed[path] = item
    extra = sorted(set(sizes) - set(listed) - {MANIFEST})
    if extra:
        raise BundleError(f"{extra[0]}: in the bundle but not in the manifest")
    product_id = manifest.get("product_id")
    return listed, product_id if isinstance(product_id, str) else None


def _open_zip(source: bytes | Path) -> zipfile.ZipFile:
    handle: IO[bytes] | Path = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return zipfile.ZipFile(handle)
    except zipfile.BadZipFile as exc:
        raise BundleError(f"not a zip file: {exc}") from exc
    except OSError as exc:
        raise BundleError(f"cannot be read: {exc.strerror or exc}") from exc


@contextmanager
def open_bundle(
    source: bytes | Path,
    *,
    max_bytes: int = MAX_BUNDLE_BYTES,
    max_file_bytes: int = MAX_DOCUMENT_BYTES,
) -> Iterator[BundleReader]:
    """The bundle at ``source`` (its bytes, or a path: then it is never loaded whole),
    checked as the module docstring says."""
    with _open_zip(source) as archive:
        sizes = _entries(archive, max_bytes, max_file_bytes)
        listed, product_id = _manifest(archive, sizes)
        for path, item in listed.items():
            for _ in _chunks(archive, path, item):
                pass
        yield BundleReader(archive, listed, product_id)
