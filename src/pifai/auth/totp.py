"""Two-factor authentication with TOTP (RFC 6238): enrolment, and fresh-code checks that
accept each code once only (SPEC §6, §12; tech-pitfalls B-18).

Secrets are sealed with the file-encryption keys (AES-256-GCM, key rotation) and bound to
their user, so a sealed secret copied onto another account does not open. A code's RFC 6238
time step is claimed with one atomic UPDATE; the enrolment code is claimed too, so it
cannot double as the next verification. Wrong codes are throttled like logins.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth import repository as repo
from pifai.auth import totp_repository as totp_repo
from pifai.auth.throttle import retry_after_seconds
from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.files.crypto import DecryptionFailed, FileKeys, decrypt, encrypt
from pifai.kit.errors import Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized
from pifai.models import LoginAttempt, User
from pifai.models.base import utcnow

ISSUER = "PIF AI"
# One time step either side of now tolerates clock skew (RFC 6238 §5.2); replay is
# prevented by the stored time step, not by narrowing the window.
VALID_WINDOW = 1
_CODE = re.compile(r"^\d{6}$")


class TotpInvalidCode(Unauthorized):
    code = "totp_invalid"


class TotpCodeReused(Unauthorized):
    code = "totp_reused"


class TotpCodeRequired(Unauthorized):
    code = "totp_code_required"


class TotpNotEnabled(Forbidden):
    code = "totp_not_enabled"


class TotpSetupRequired(Conflict):
    code = "totp_setup_required"


class TotpThrottled(TooManyRequests):
    code = "totp_throttled"


@dataclass(frozen=True)
class TotpSetup:
    """Shown once: the secret for manual entry and the otpauth URI for a QR code."""

    secret: str
    provisioning_uri: str


# --- pure helpers ------------------------------------------------------------------


def new_secret() -> str:
    """160 random bits in base32, the key size RFC 4226 §4 recommends."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def normalise_code(code: str) -> str:
    """Apps show codes as ``123 456``; spaces are not part of the code."""
    return "".join(code.split())


def match_timecode(secret: str, code: str, at: datetime) -> int | None:
    """The RFC 6238 time step the code belongs to (within the window), or None."""
    code = normalise_code(code)
    if not _CODE.match(code):
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=int(at.timestamp()), valid_window=VALID_WINDOW
        )
    except pyotp.exceptions.OTPVerificationError:
        return None


def _associated(user_id: uuid.UUID) -> bytes:
    return b"pifai:totp:" + user_id.bytes


def seal_secret(keys: FileKeys, secret: str, user_id: uuid.UUID) -> str:
    return base64.b64encode(
        encrypt(keys, secret.encode(), associated=_associated(user_id))
    ).decode()


def open_secret(keys: FileKeys, sealed: str, user_id: uuid.UUID) -> str:
    """Raises DecryptionFailed when altered, moved to another user, or its key is gone."""
    try:
        blob = base64.b64decode(sealed, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionFailed("the stored TOTP secret is not sealed") from exc
    return decrypt(keys, blob, associated=_associated(user_id)).decode()


def throttle_key(user_id: uuid.UUID) -> str:
    """Key of TOTP attempts in ``login_attempts``; never a valid email (no ``@``)."""
    return f"totp:{user_id}"


# --- service -----------------------------------------------------------------------


@dataclass(frozen=True)
class TotpService:
    """Enrol and verify codes. ``clock`` is injectable so tests never sleep."""

    db: Database
    settings: Settings
    clock: Callable[[], datetime] = field(default=utcnow)

    @property
    def keys(self) -> FileKeys:
        return FileKeys.parse(self.settings.resolved_file_keys())

    async def start_setup(
        self,
        session: AsyncSession,
        user_id: uuid.UUID,
        *,
        code: str | None = None,
        org_id: uuid.UUID | None = None,
        meta: RequestMeta | None = None,
    ) -> TotpSetup:
        """A new pending secret. Replacing one already confirmed needs a current code."""
        user = await self._user(session, user_id)
        if user.totp_enabled:
            if not code:
                raise TotpCodeRequired(
                    "Two-factor authentication is already on; send a current code from "
                    "your authenticator app to replace it"
                )
            await self.verify_fresh_code(session, user_id, code, org_id=org_id, meta=meta)
        secret = new_secret()
        await totp_repo.store_pending_secret(
            session, user_id, seal_secret(self.keys, secret, user_id)
        )
        await audit.record(
            session,
            action="auth.totp_setup_started",
            org_id=org_id,
            user_id=user_id,
            resource=f"user:{user_id}",
            meta=meta,
        )
        return TotpSetup(secret=secret, provisioning_uri=provisioning_uri(secret, user.email))

    async def confirm_setup(
        self,
        session: AsyncSession,
        user_id: uuid.UUID,
        code: str,
        *,
        org_id: uuid.UUID | None = None,
        meta: RequestMeta | None = None,
    ) -> None:
        """Turn two-factor on with a first code from the pending secret (consumed)."""
        user = await self._user(session, user_id)
        if user.totp_secret_encrypted is None:
            raise TotpSetupRequired("No two-factor setup is pending; call setup-2fa first")
        await self._check_code(session, user, code, org_id=org_id, meta=meta)
        await totp_repo.enable(session, user_id)
        await audit.record(
            session,
            action="auth.totp_enabled",
            org_id=org_id,
            user_id=user_id,
            resource=f"user:{user_id}",
            meta=meta,
        )

    async def verify_fresh_code(
        self,
        session: AsyncSession,
        user_id: uuid.UUID,
        code: str,
        *,
        org_id: uuid.UUID | None = None,
        meta: RequestMeta | None = None,
    ) -> None:
        """Accept a current code once, for actions that need one (SA review and signing).

        On refusal the caller's session is rolled back (the attempt is recorded in its
        own committed unit of work), then a TotpInvalidCode / TotpCodeReused (401),
        TotpNotEnabled (403) or TotpThrottled (429) is raised.
        """
        user = await self._user(session, user_id)
        if not user.totp_enabled or user.totp_secret_encrypted is None:
            raise TotpNotEnabled(
                "Two-factor authentication is not set up for this account; "
                "use setup-2fa and verify-2fa first"
            )
        await self._check_code(session, user, code, org_id=org_id, meta=meta)

    async def _user(self, session: AsyncSession, user_id: uuid.UUID) -> User:
        user = await repo.get_user(session, user_id)
        if user is None or not user.is_active:
            raise NotFound("User not found")
        return user

    async def _check_code(
        self,
        session: AsyncSession,
        user: User,
        code: str,
        *,
        org_id: uuid.UUID | None,
        meta: RequestMeta | None,
    ) -> None:
        now = self.clock()
        await self._check_throttle(session, user.id, now)
        if user.totp_secret_encrypted is None:
            raise TotpSetupRequired("No two-factor secret is set; call setup-2fa first")
        secret = open_secret(self.keys, user.totp_secret_encrypted, user.id)
        timecode = match_timecode(secret, code, now)
        if timecode is None:
            await self._refuse(session, user.id, "wrong_code", org_id=org_id, meta=meta)
            raise TotpInvalidCode("Invalid two-factor code")
        if not await totp_repo.consume_timecode(session, user.id, timecode):
            await self._refuse(session, user.id, "code_reused", org_id=org_id, meta=meta)
            raise TotpCodeReused(
                "This two-factor code was already used; wait for the next code "
                "from your authenticator app"
            )
        session.add(
            LoginAttempt(
                email=throttle_key(user.id),
                ip=meta.ip if meta else None,
                succeeded=True,
                attempted_at=now,
            )
        )

    async def _check_throttle(
        self, session: AsyncSession, user_id: uuid.UUID, now: datetime
    ) -> None:
        window = timedelta(minutes=self.settings.login_window_minutes)
        wait = retry_after_seconds(
            await repo.recent_failures_for_email(session, throttle_key(user_id), now - window),
            limit=self.settings.login_max_failures,
            window=window,
            now=now,
        )
        if wait is not None:
            raise TotpThrottled(
                f"Too many wrong two-factor codes; try again in {wait} seconds",
                details={"retry_after": wait},
                headers={"Retry-After": str(wait)},
            )

    async def _refuse(
        self,
        session: AsyncSession,
        user_id: uuid.UUID,
        reason: str,
        *,
        org_id: uuid.UUID | None,
        meta: RequestMeta | None,
    ) -> None:
        """Record the refusal so it survives the request's rollback; only wrong codes
        count towards the throttle (a reused code was once right)."""
        await session.rollback()  # release the request's locks before the separate write
        async with self.db.session(org_id=org_id, user_id=user_id) as refusal:
            if reason == "wrong_code":
                refusal.add(
                    LoginAttempt(
                        email=throttle_key(user_id),
                        ip=meta.ip if meta else None,
                        succeeded=False,
                        attempted_at=self.clock(),
                    )
                )
            await audit.record(
                refusal,
                action="auth.totp_failed",
                org_id=org_id,
                user_id=user_id,
                resource=f"user:{user_id}",
                details={"reason": reason},
                meta=meta,
            )
