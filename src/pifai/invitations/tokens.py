"""Invitation links: ``<organisation id (hex)>.<256 random bits>``.

The organisation id lets every look-up be scoped to the organisation (and row-level
security show the one row whose hash the request presents); the random part is what
makes the link unguessable. Only the SHA-256 of the whole token is stored.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from pifai.core.security import token_digest


@dataclass(frozen=True)
class ParsedToken:
    org_id: uuid.UUID
    digest: str


def new_token(org_id: uuid.UUID) -> str:
    return f"{org_id.hex}.{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    return token_digest(token.strip())


def parse(token: str) -> ParsedToken | None:
    org_part, _, secret = token.strip().partition(".")
    if len(org_part) != 32 or len(secret) < 16:
        return None
    try:
        org_id = uuid.UUID(hex=org_part)
    except ValueError:
        return None
    return ParsedToken(org_id=org_id, digest=digest(token))


def mask_email(email: str) -> str:
    """``a***@example.com``: enough for the invitee to recognise the address."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
