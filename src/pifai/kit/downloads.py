"""File names we store, put in bundles and send in download headers: one cleaning rule
(``safe_filename``) and the ``Content-Disposition`` header, with an ASCII ``filename``
every client understands and the real UTF-8 name in ``filename*`` (RFC 6266 / RFC 5987),
so Chinese product names survive.

A safe name is one path component that no file system, zip tool or browser reads as
anything else: no directory part (``/`` or ``\\``), no ``.``/``..`` or leading dots, no
control, bidi or other invisible format characters (U+202E would show ``fdp.exe`` as
``exe.pdf``), none of Windows' reserved ``<>:"|?*`` or device names, and a bounded length
that keeps the extension.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# Characters, and UTF-8 bytes (most file systems allow 255 per name), a name may have.
MAX_NAME_CHARS = 150
MAX_NAME_BYTES = 240
# An extension worth keeping when the rest of a name is cut or unusable.
_EXTENSION = re.compile(r"^[A-Za-z0-9]{1,10}$")
_WINDOWS_RESERVED = frozenset({"<", ">", ":", '"', "|", "?", "*"})
# Windows device names: "CON.pdf" cannot be written there.
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)


def _visible(text: str) -> str:
    """Separators, tabs and line breaks become spaces; other controls, format characters
    (bidi, zero-width), surrogates, private-use and unassigned characters are dropped;
    Windows' reserved characters become ``_``."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Zs", "Zl", "Zp") or ch in "\t\r\n":
            kept.append(" ")
        elif category.startswith("C"):
            continue
        elif ch in _WINDOWS_RESERVED:
            kept.append("_")
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())


def _cut(text: str, chars: int, max_bytes: int) -> str:
    text = text[:chars]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def safe_filename(
    filename: str, *, default: str = "upload", max_chars: int = MAX_NAME_CHARS
) -> str:
    """``filename`` as one safe path component (see the module docstring). The last path
    component is kept (``C:\\fakepath\\a.pdf`` → ``a.pdf``); a name left empty, or made
    only of dots, becomes ``default`` with the original extension when it looks like one
    (``.pdf`` → ``upload.pdf``)."""
    last = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    body = re.sub(r"\.{2,}", ".", _visible(last)).rstrip(" .")  # no ".." anywhere
    stem, dot, extension = body.rpartition(".")
    if not dot or not _EXTENSION.match(extension):
        stem, extension = body, ""
    stem = stem.strip(" .")  # no hidden, "." or ".." names
    if not stem.strip(" ._-"):
        stem = default
    if stem.split(".")[0].upper() in _DEVICES:
        stem = f"_{stem}"
    suffix = f".{extension}" if extension else ""
    budget = max(1, max_chars - len(suffix))
    stem = _cut(stem, budget, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).rstrip(" .")
    return f"{stem or default}{suffix}"


def name_from_text(text: str, *, default: str = "download") -> str:
    """A file name made from text we compose (``PIF_<product name>.zip``): as
    ``safe_filename``, except that a ``/`` or ``\\`` in the text becomes ``_`` instead
    of cutting off what precedes it."""
    return safe_filename(text.replace("/", "_").replace("\\", "_"), default=default)


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """Both names come from ``name_from_text``: no ``../``, CR/LF, bidi override or
    reserved character reaches the header, whichever of the two a client reads."""
    name = name_from_text(filename)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip()
    ascii_name = "".join(c if c.isalnum() or c in "._- " else "_" for c in ascii_name)
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    if not any(c.isalnum() for c in ascii_name.rsplit(".", 1)[0]):
        ascii_name = f"download.{suffix}" if suffix else "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
