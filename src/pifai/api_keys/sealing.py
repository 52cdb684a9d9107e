"""Sealing an organisation's API key with the file-encryption keys (AES-256-GCM, key ids).

The sealed value is bound to its organisation and key name (associated data), so a value
copied to another organisation's row, or from the ``rag`` slot to ``anthropic``, does not
open. Rotation: add a new key first in ``PIFAI_FILE_ENCRYPTION_KEYS``; new values are
sealed with it, old ones still open with the old key, and :func:`needs_reseal` tells which
rows to seal again before the old key is removed.
"""

from __future__ import annotations

import base64
import binascii
import uuid

from pifai.files.crypto import MAGIC, DecryptionFailed, FileKeys, decrypt, encrypt

LAST_CHARS = 4
# Below this length, showing the last four characters would give away too much of it.
MIN_CHARS_TO_SHOW = 16


def _associated(org_id: uuid.UUID, name: str) -> bytes:
    return b"pifai:api-key:" + org_id.bytes + b":" + name.encode()


def seal(keys: FileKeys, value: str, org_id: uuid.UUID, name: str) -> str:
    blob = encrypt(keys, value.encode(), associated=_associated(org_id, name))
    return base64.b64encode(blob).decode()


def unseal(keys: FileKeys, sealed: str, org_id: uuid.UUID, name: str) -> str:
    """Raises :class:`DecryptionFailed` when altered, moved, or its key is gone."""
    try:
        blob = base64.b64decode(sealed, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionFailed("the stored API key is not sealed") from exc
    return decrypt(keys, blob, associated=_associated(org_id, name)).decode()


def needs_reseal(keys: FileKeys, sealed: str) -> bool:
    """True when the value was sealed with a key other than the active one."""
    blob = base64.b64decode(sealed)
    kid_len = blob[len(MAGIC)]
    kid = blob[len(MAGIC) + 1 : len(MAGIC) + 1 + kid_len].decode(errors="replace")
    return kid != keys.active_id


def last4(value: str) -> str:
    return value[-LAST_CHARS:] if len(value) >= MIN_CHARS_TO_SHOW else ""


def masked(stored_last4: str) -> str:
    return f"…{stored_last4}"
