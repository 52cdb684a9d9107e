"""Formula PDFs and photos as Messages API content blocks (base64 ``image`` and
``document`` blocks), refused before sending when they are too big or not what their
media type says."""

from __future__ import annotations

import base64
import io
from typing import Any

from pifai.ai.config import AiSettings
from pifai.ai.errors import AiInputRejected

PDF = "application/pdf"
# Media types the API accepts for images, with each format's leading bytes.
IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # then 4 size bytes and b"WEBP", checked below
}
MAX_TEXT_PAGES = 50  # as the formula PDF parser: longer files are reports, not formulas


def _looks_like(content: bytes, media_type: str) -> bool:
    if media_type == PDF:
        return content.startswith(b"%PDF-")
    if media_type == "image/webp":
        return content.startswith(b"RIFF") and content[8:12] == b"WEBP"
    return content.startswith(IMAGE_SIGNATURES[media_type])


def content_block(content: bytes, media_type: str, settings: AiSettings) -> dict[str, Any]:
    """The content block for one file; :class:`AiInputRejected` when it cannot be sent."""
    media_type = media_type.split(";")[0].strip().lower()
    if media_type != PDF and media_type not in IMAGE_SIGNATURES:
        raise AiInputRejected(f"{media_type or 'unknown type'} cannot be read by the model")
    if not content:
        raise AiInputRejected("the file is empty")
    limit = settings.document_max_bytes if media_type == PDF else settings.image_max_bytes
    if len(content) > limit:
        raise AiInputRejected(
            f"the file has {len(content)} bytes; the model accepts at most {limit} for {media_type}"
        )
    if not _looks_like(content, media_type):
        raise AiInputRejected(f"the file's content is not {media_type}")
    source = {
        "type": "base64",
        "media_type": media_type,
        "data": base64.standard_b64encode(content).decode("ascii"),
    }
    return {"type": "document" if media_type == PDF else "image", "source": source}


def pdf_text(content: bytes) -> str | None:
    """The PDF's text layer (None for a scan or an unreadable file): the numbers a
    transcription may contain. Images have none, so their numbers cannot be checked."""
    import pdfplumber  # heavy; only needed for PDFs

    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            pages = pdf.pages[:MAX_TEXT_PAGES]
            text = "\n".join(page.extract_text() or "" for page in pages)
    except Exception:  # untrusted input: an unreadable file simply has no text layer
        return None
    return text if text.strip() else None
