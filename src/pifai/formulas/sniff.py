"""Deciding what an uploaded formula file is from its bytes, never from its name.

Users rename files ("formula.xlsx" that is really a photo, an old .xls saved as .csv), so
the extension only tells us what the user *expected*. Supported contents are an xlsx
workbook (a zip), a PDF and text (CSV); anything else is refused with a message saying
what the file is and what was expected. Text is decoded here too (UTF-8 with or without
BOM, UTF-16 with BOM, Big5/CP950 as Taiwanese Excel saves it, Windows-1252 as European
suppliers' Excel does) because only the bytes can tell.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from pathlib import PurePath
from typing import NoReturn

from pifai.formulas.model import FormulaInputError

MAX_INPUT_BYTES = 10 * 1024 * 1024  # a formula file is kilobytes; 10 MB leaves room for logos
TEXT_PROBE = 64 * 1024  # bytes inspected to tell text from binary
_MAX_CONTROL_SHARE = 0.01  # more control characters than this is not text


class FileKind(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"
    TEXT = "text"


# (signature, offset, what it is); other binaries are caught by the control-byte test
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"ftypheic", 4, "a HEIC photo"),
    (b"ftypmif1", 4, "a HEIC photo"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        "an old-format Office file (.xls/.doc) or a password-protected workbook",
    ),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"\x7fELF", 0, "a program (ELF executable)"),
    (b"{\\rtf", 0, "an RTF document"),
)
_EXPECTED = {
    ".xlsx": "an Excel workbook (.xlsx)",
    ".xlsm": "an Excel workbook (.xlsx)",
    ".xls": "an Excel workbook (.xlsx)",
    ".csv": "a CSV text file",
    ".tsv": "a CSV text file",
    ".txt": "a CSV text file",
    ".pdf": "a PDF",
}
_ANY = "an .xlsx workbook, a CSV file or a PDF with a text table"


def expected_for(filename: str) -> str:
    """What the user meant to upload, from the extension (for error messages only)."""
    return _EXPECTED.get(PurePath(filename).suffix.lower(), _ANY)


def sniff(data: bytes, filename: str) -> FileKind:
    """The kind of content, or `FormulaInputError` for empty, oversized or foreign files."""
    if not data.strip():
        raise FormulaInputError(
            f"{filename} is empty; expected {expected_for(filename)}", source=filename
        )
    if len(data) > MAX_INPUT_BYTES:
        raise FormulaInputError(
            f"{filename} is {len(data) / 1_048_576:.1f} MB; formula files are limited to "
            f"{MAX_INPUT_BYTES // 1_048_576} MB",
            source=filename,
        )
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return FileKind.XLSX
    if b"%PDF-" in data[:1024]:
        return FileKind.PDF
    for signature, offset, what in _SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            _refuse(filename, what)
    if looks_binary(data[:TEXT_PROBE]):
        _refuse(filename, "binary data, not text")
    return FileKind.TEXT


def _refuse(filename: str, what: str) -> NoReturn:
    advice = ""
    if "old-format" in what:
        advice = "; open it in Excel, remove any password and save as .xlsx"
    elif "image" in what or "photo" in what:
        advice = "; the formula parser reads spreadsheets, CSV and text PDFs, not pictures"
    raise FormulaInputError(
        f"{filename} is {what}; expected {expected_for(filename)}{advice}", source=filename
    )


def looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM: NUL bytes are expected
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return controls > len(head) * _MAX_CONTROL_SHARE


# --- text decoding -------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_SQUEEZED = re.compile(r"[A-Za-z][\u3400-\u9fff\uf900-\ufaff][A-Za-z]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")  # Big5 user-defined codes: never in real text
_LATIN1_SYMBOLS = set("°µ±²³–—‘’“”€·®©™×½¼¾•…ªº§¿¡«»")


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode CSV bytes; returns (text, encoding name) or refuses garbled text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", filename), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", filename), "utf-16"
    for encoding, plausible in (
        ("utf-8", None),
        ("cp950", _plausible_big5),
        ("cp1252", _plausible_latin),
    ):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible is None or plausible(text):
            return text, encoding
    raise FormulaInputError(
        f"{filename} is garbled text: it is not valid UTF-8, Big5 or Windows-1252. "
        "Open it in Excel and save as 'CSV UTF-8', or upload the .xlsx",
        source=filename,
    )


def _strict(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FormulaInputError(
            f"{filename} starts with a {encoding} byte-order mark but is not valid {encoding} "
            f"(byte {exc.start}); save it again as 'CSV UTF-8'",
            source=filename,
        ) from None


def _plausible_big5(text: str) -> bool:
    """Big5 decodes many Western bytes "successfully"; real Chinese has runs of CJK
    characters between separators, not single ideographs wedged between Latin letters."""
    cjk = len(_CJK.findall(text))
    if cjk == 0 or _PRIVATE_USE.search(text):
        return False
    return len(_LATIN_SQUEEZED.findall(text)) * 4 < cjk


def _plausible_latin(text: str) -> bool:
    """Windows-1252 decodes nearly anything; accept it only for mostly-ASCII text whose
    other characters are letters or common symbols (é, µ, °, ±…)."""
    visible = [c for c in text if not c.isspace()]
    odd = [c for c in visible if ord(c) > 0x7F]
    if len(odd) * 5 > len(visible):
        return False
    return all(unicodedata.category(c).startswith("L") or c in _LATIN1_SYMBOLS for c in odd)
