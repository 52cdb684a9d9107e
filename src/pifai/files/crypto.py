"""AES-256-GCM for stored files (SPEC §6), with key ids so keys can be rotated.

Blob layout: ``b"PIFAI1"`` · key-id length (1 byte) · key id · 12-byte nonce ·
ciphertext with its 16-byte tag. The first configured key encrypts; every configured
key decrypts, so a new key can be added first and old blobs re-encrypted at leisure.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PIFAI1"
NONCE_BYTES = 12


class FileKeyError(ValueError):
    pass


class DecryptionFailed(Exception):
    """The blob was altered, or no configured key matches it."""


@dataclass(frozen=True)
class FileKeys:
    active_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> FileKeys:
        """``"kid1:BASE64,kid2:BASE64"`` — 32-byte keys; the first one encrypts."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for part in (p.strip() for p in spec.split(",") if p.strip()):
            kid, _, encoded = part.partition(":")
            if not kid or not encoded or len(kid) > 32:
                raise FileKeyError("file keys are written kid:base64, separated by commas")
            key = base64.b64decode(encoded, validate=True)
            if len(key) != 32:
                raise FileKeyError(f"file key {kid!r} must be 32 bytes (AES-256)")
            keys[kid] = key
            order.append(kid)
        if not order:
            raise FileKeyError("no file encryption key configured")
        return cls(order[0], keys)

    @staticmethod
    def generate_spec(kid: str = "k1") -> str:
        return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def encrypt(keys: FileKeys, plaintext: bytes, *, associated: bytes) -> bytes:
    """``associated`` (e.g. the storage key) binds the blob to its place: moving it fails."""
    nonce = os.urandom(NONCE_BYTES)
    kid = keys.active_id.encode()
    sealed = AESGCM(keys.keys[keys.active_id]).encrypt(nonce, plaintext, associated)
    return MAGIC + bytes([len(kid)]) + kid + nonce + sealed


def decrypt(keys: FileKeys, blob: bytes, *, associated: bytes) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 1:
        raise DecryptionFailed("not an encrypted PIF AI file")
    offset = len(MAGIC)
    kid_len = blob[offset]
    kid = blob[offset + 1 : offset + 1 + kid_len].decode(errors="replace")
    nonce_at = offset + 1 + kid_len
    nonce = blob[nonce_at : nonce_at + NONCE_BYTES]
    key = keys.keys.get(kid)
    if key is None:
        raise DecryptionFailed(f"no configured key has id {kid!r}")
    try:
        return AESGCM(key).decrypt(nonce, blob[nonce_at + NONCE_BYTES :], associated)
    except InvalidTag as exc:
        raise DecryptionFailed("the stored file was altered") from exc
