"""Password hashing (argon2id), access tokens (JWT) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pifai.core.config import Settings


@lru_cache(maxsize=8)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def password_hasher(settings: Settings) -> PasswordHasher:
    return _hasher(
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
        settings.password_hash_parallelism,
    )


def hash_password(settings: Settings, password: str) -> str:
    return password_hasher(settings).hash(password)


def verify_password(settings: Settings, password_hash: str, password: str) -> bool:
    try:
        return password_hasher(settings).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A real hash to verify against when the account does not exist, so unknown emails take
# as long as wrong passwords (no account enumeration by timing).
def dummy_verify(settings: Settings, password: str) -> None:
    verify_password(settings, _dummy_hash(settings), password)


@lru_cache(maxsize=8)
def _dummy_hash_for(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash(secrets.token_hex(16))


def _dummy_hash(settings: Settings) -> str:
    return _dummy_hash_for(
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
        settings.password_hash_parallelism,
    )


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    org_id: uuid.UUID
    role: str
    expires_at: datetime


class InvalidToken(Exception):
    pass


def create_access_token(
    settings: Settings, *, user_id: uuid.UUID, org_id: uuid.UUID, role: str, now: datetime
) -> tuple[str, datetime]:
    expires = now + timedelta(minutes=settings.access_token_minutes)
    claims = {
        "sub": str(user_id),
        "org": str(org_id),
        "role": role,
        "type": "access",
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.secret_key, algorithm=settings.jwt_algorithm), expires


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[settings.jwt_algorithm],
            options={"require": ["sub", "org", "exp", "type"]},
        )
        if claims.get("type") != "access":
            raise InvalidToken("not an access token")
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            org_id=uuid.UUID(claims["org"]),
            role=str(claims.get("role", "")),
            expires_at=datetime.fromtimestamp(claims["exp"]).astimezone(),
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise InvalidToken(str(exc)) from exc


def new_refresh_token(user_id: uuid.UUID) -> str:
    """``<user id>.<secret>``: the user id lets row-level security scope the look-up."""
    return f"{user_id.hex}.{secrets.token_urlsafe(32)}"


def parse_refresh_token(token: str) -> uuid.UUID:
    user_part, _, secret = token.partition(".")
    if not secret:
        raise InvalidToken("malformed refresh token")
    try:
        return uuid.UUID(hex=user_part)
    except ValueError as exc:
        raise InvalidToken("malformed refresh token") from exc


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
