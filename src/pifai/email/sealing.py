"""Sealing a message's recipient and variables (which hold the one-time link) before they
are stored in a task row: tasks are readable by the organisation and by operators, a
token in clear there could be used by them. AES-256-GCM with the file keys (rotation as
for files), bound to the organisation so a sealed payload moved elsewhere does not open."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any

from pifai.files.crypto import DecryptionFailed, FileKeys, decrypt, encrypt


def _associated(org_id: uuid.UUID) -> bytes:
    return b"pifai:email:" + org_id.bytes


def seal(keys: FileKeys, org_id: uuid.UUID, content: dict[str, Any]) -> str:
    plain = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.b64encode(encrypt(keys, plain, associated=_associated(org_id))).decode()


def unseal(keys: FileKeys, org_id: uuid.UUID, sealed: str) -> dict[str, Any]:
    """Raises DecryptionFailed when altered, moved to another organisation or its key is
    no longer configured."""
    try:
        blob = base64.b64decode(sealed, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionFailed("the message payload is not sealed") from exc
    content = json.loads(decrypt(keys, blob, associated=_associated(org_id)))
    if not isinstance(content, dict):
        raise DecryptionFailed("the sealed message is not an object")
    return content
