"""An organisation's own API keys: list (masked), set, clear, test; and the plaintext for
the product's own clients (:func:`org_secret`), which never leaves the process.

Values are sealed at rest (:mod:`pifai.api_keys.sealing`); neither the API, the audit log
nor a test's error message ever carries one.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.ai_uses.clients import ExternalClients
from pifai.api_keys import repository as repo
from pifai.api_keys.probes import PROBES, redact
from pifai.api_keys.schemas import ApiKeyOut, ApiKeyTestOut, KeyName, LastTest
from pifai.api_keys.sealing import last4, masked, seal, unseal
from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.core.config import Settings
from pifai.files.crypto import DecryptionFailed, FileKeys
from pifai.kit.errors import Conflict, InvalidInput
from pifai.models import OrgApiKey
from pifai.models.base import utcnow
from pifai.models.org_api_key import KEY_NAMES

log = logging.getLogger(__name__)
MIN_VALUE_CHARS = 8
MAX_ERROR_CHARS = 500


def file_keys(settings: Settings) -> FileKeys:
    return FileKeys.parse(settings.resolved_file_keys())


def check_name(name: str) -> KeyName:
    if name not in KEY_NAMES:
        allowed = ", ".join(KEY_NAMES)
        raise InvalidInput(
            f"Invalid input: path.key: unknown API key {name!r}; allowed: {allowed}",
            details=[{"field": "path.key", "message": f"must be one of: {allowed}"}],
        )
    return name  # type: ignore[return-value]


def _printable_ascii(text: str) -> bool:
    """Every character a visible ASCII one (U+0021–U+007E): what HTTP header values (where
    all three services expect their key) carry without encoding trouble."""
    return all("!" <= c <= "~" for c in text)


def check_value(value: str) -> str:
    cleaned = value.strip()
    if len(cleaned) < MIN_VALUE_CHARS or not _printable_ascii(cleaned):
        message = (
            f"must be at least {MIN_VALUE_CHARS} printable ASCII characters without spaces; "
            "send null to clear it"
        )
        raise InvalidInput(
            f"Invalid input: body.value: {message}",
            details=[{"field": "body.value", "message": message}],
        )
    return cleaned


def _platform_fallback(name: str, clients: ExternalClients) -> bool:
    if name == "anthropic":
        return clients.ai_settings().configured
    if name == "rag":
        return clients.rag_settings().configured
    return False


def _out(name: KeyName, row: OrgApiKey | None, clients: ExternalClients) -> ApiKeyOut:
    fallback = _platform_fallback(name, clients)
    if row is None:
        return ApiKeyOut(
            key=name,
            configured=False,
            masked=None,
            updated_at=None,
            updated_by=None,
            last_test=None,
            platform_fallback=fallback,
        )
    test = None
    if row.last_test_at is not None and row.last_test_ok is not None:
        test = LastTest(at=row.last_test_at, ok=row.last_test_ok, error=row.last_test_error)
    return ApiKeyOut(
        key=name,
        configured=True,
        masked=masked(row.last4),
        updated_at=row.updated_at,
        updated_by=str(row.updated_by) if row.updated_by else None,
        last_test=test,
        platform_fallback=fallback,
    )


async def list_keys(
    session: AsyncSession, org_id: uuid.UUID, clients: ExternalClients
) -> list[ApiKeyOut]:
    rows = {row.name: row for row in await repo.list_keys_for_org(session, org_id)}
    return [_out(check_name(name), rows.get(name), clients) for name in KEY_NAMES]


async def set_key(
    session: AsyncSession,
    principal: Principal,
    name: str,
    value: str | None,
    settings: Settings,
    clients: ExternalClients,
    meta: RequestMeta,
) -> ApiKeyOut:
    """Set, replace or (``None``) clear; audited ``api_key.set`` / ``api_key.cleared``
    with the last four characters at most, never the value."""
    key = check_name(name)
    row = await repo.get_key_for_org(session, principal.org_id, key, for_update=True)
    if value is None:
        if row is not None:
            await repo.delete_key_for_org(session, principal.org_id, row)
            await _audit(session, principal, key, "api_key.cleared", meta, {})
        return _out(key, None, clients)
    cleaned = check_value(value)
    sealed = seal(file_keys(settings), cleaned, principal.org_id, key)
    if row is None:
        row = OrgApiKey(org_id=principal.org_id, name=key, value_encrypted=sealed)
        session.add(row)
    row.value_encrypted = sealed
    row.last4 = last4(cleaned)
    row.updated_by = principal.user_id
    row.updated_at = utcnow()
    row.last_test_at = row.last_test_ok = row.last_test_error = None
    await session.flush()
    await _audit(session, principal, key, "api_key.set", meta, {"last4": row.last4 or None})
    return _out(key, row, clients)


async def _audit(
    session: AsyncSession,
    principal: Principal,
    key: str,
    action: str,
    meta: RequestMeta,
    details: dict[str, str | None],
) -> None:
    await audit.record(
        session,
        action=action,
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"organization:{principal.org_id}/api-key:{key}",
        details={"key": key, **details},
        meta=meta,
    )


async def test_key(
    session: AsyncSession,
    principal: Principal,
    name: str,
    settings: Settings,
    clients: ExternalClients,
) -> ApiKeyTestOut:
    """One real call with the stored key; the outcome is kept on the row. 409 when the
    organisation has no such key."""
    key = check_name(name)
    row = await repo.get_key_for_org(session, principal.org_id, key, for_update=True)
    if row is None:
        raise Conflict(
            f"No {key} key is set for this organisation; PUT one first", code="api_key_not_set"
        )
    try:
        secret = unseal(file_keys(settings), row.value_encrypted, principal.org_id, key)
    except DecryptionFailed:
        problem: str | None = "the stored key cannot be opened (encryption key rotated away?)"
        secret = ""
    else:
        problem = await _probe(key, secret, settings, clients)
    row.last_test_at = utcnow()
    row.last_test_ok = problem is None
    row.last_test_error = redact(problem, secret)[:MAX_ERROR_CHARS] if problem else None
    await session.flush()
    return ApiKeyTestOut(
        key=key, ok=row.last_test_ok, error=row.last_test_error, tested_at=row.last_test_at
    )


async def _probe(
    key: KeyName, secret: str, settings: Settings, clients: ExternalClients
) -> str | None:
    """The probe's problem; an unexpected exception is a failed test, never a 500."""
    try:
        return await PROBES[key](secret, settings, clients)
    except Exception as exc:
        log.warning("api_key.test_failed", extra={"key": key, "error": type(exc).__name__})
        return f"the test call failed ({type(exc).__name__})"


async def org_secret(
    session: AsyncSession, settings: Settings, org_id: uuid.UUID, name: str
) -> str | None:
    """The organisation's own key in clear, for our clients only; None when it has none
    (or it cannot be opened: logged, and the platform key applies)."""
    row = await repo.get_key_for_org(session, org_id, check_name(name))
    if row is None:
        return None
    try:
        return unseal(file_keys(settings), row.value_encrypted, org_id, name)
    except DecryptionFailed:
        log.warning("api_key.unreadable", extra={"org_id": str(org_id), "key": name})
        return None
