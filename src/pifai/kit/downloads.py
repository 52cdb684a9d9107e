"""Download headers: an ASCII ``filename`` every client understands and the real UTF-8
name in ``filename*`` (RFC 6266 / RFC 5987), so Chinese product names survive."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote


def content_disposition(filename: str, *, inline: bool = False) -> str:
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode().strip()
    ascii_name = "".join(c if c.isalnum() or c in "._- " else "_" for c in ascii_name)
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else ""
    if not ascii_name.strip("._- ") and suffix:
        ascii_name = f"download.{suffix}"
    ascii_name = ascii_name or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
