"""What a file really is, from its first bytes — never from its name or the client's
content type, which the user (or an attacker) chooses."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath


@dataclass(frozen=True)
class FileKind:
    kind: str  # "pdf", "xlsx", "docx", "png", "jpeg", "text", "zip", "binary"
    media_type: str


_EXTENSIONS = {
    ".pdf": {"pdf"},
    ".xlsx": {"xlsx"},
    ".docx": {"docx"},
    ".png": {"png"},
    ".jpg": {"jpeg"},
    ".jpeg": {"jpeg"},
    ".csv": {"text"},
    ".txt": {"text"},
    ".tsv": {"text"},
    ".md": {"text"},
}


def sniff(data: bytes) -> FileKind:
    if data.startswith(b"%PDF-"):
        return FileKind("pdf", "application/pdf")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind("png", "image/png")
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind("jpeg", "image/jpeg")
    if data.startswith(b"PK\x03\x04"):
        return _office_or_zip(data)
    if _looks_like_text(data[:65536]):
        return FileKind("text", "text/plain")
    return FileKind("binary", "application/octet-stream")


def _office_or_zip(data: bytes) -> FileKind:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return FileKind("binary", "application/octet-stream")
    if "xl/workbook.xml" in names:
        return FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if "word/document.xml" in names:
        return FileKind(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    return FileKind("zip", "application/zip")


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp950", "big5"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    # A cut multi-byte character at the end of the sample is still text.
    try:
        sample[:-3].decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def mismatch(filename: str, kind: FileKind) -> str | None:
    """Why the content does not fit the name, or None when it does (or the name says
    nothing we check)."""
    expected = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    if expected is None or kind.kind in expected:
        return None
    wanted = "/".join(sorted(expected))
    return f"{filename!r} is named like {wanted} but its content is {kind.kind}"
