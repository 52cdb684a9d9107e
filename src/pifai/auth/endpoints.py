from __future__ import annotations

from fastapi import APIRouter, Response, status

from pifai.api.deps import (
    DatabaseDep,
    PrincipalDep,
    RequestMetaDep,
    SessionDep,
    SettingsDep,
    TotpDep,
)
from pifai.auth import recovery, service
from pifai.auth import repository as repo
from pifai.auth.schemas import (
    EmailVerified,
    ForgotPasswordRequest,
    LoginRequest,
    MeResponse,
    MessageQueued,
    PasswordReset,
    RefreshRequest,
    RegisterRequest,
    RegisterResponse,
    ResendVerificationRequest,
    ResetPasswordRequest,
    SwitchOrgRequest,
    TokenPair,
    TotpSetupRequest,
    TotpSetupResponse,
    TotpVerifyRequest,
    TotpVerifyResponse,
    VerifyEmailRequest,
)
from pifai.email import language
from pifai.email.deps import AcceptLanguage, MailerDep
from pifai.kit.errors import NotFound

router = APIRouter(prefix="/auth", tags=["auth"])

FORGOT_ANSWER = (
    "If an account uses this address, a message with a link to reset its password is on its way."
)


@router.post("/register", status_code=status.HTTP_201_CREATED)
async def register(
    body: RegisterRequest,
    session: SessionDep,
    mailer: MailerDep,
    meta: RequestMetaDep,
    accept_language: AcceptLanguage = None,
) -> RegisterResponse:
    """Create an organisation, its owner account and the owner's membership; a message
    asks the owner to verify the address."""
    registered = await service.register(session, mailer.settings, body, meta)
    await recovery.send_verification(
        session,
        mailer,
        user_id=registered.user_id,
        email=service.normalise_email(body.email),
        org_id=registered.org_id,
        lang=language.choose(body.lang, accept_language),
    )
    return registered


@router.post("/verify-email")
async def verify_email(
    body: VerifyEmailRequest, session: SessionDep, meta: RequestMetaDep
) -> EmailVerified:
    """Use the emailed verification link (single use, expires after
    ``PIFAI_EMAIL_VERIFY_TOKEN_HOURS``)."""
    await recovery.verify_email(session, body.token, meta)
    return EmailVerified()


@router.post("/verify-email/resend", status_code=status.HTTP_202_ACCEPTED)
async def resend_verification(
    principal: PrincipalDep,
    session: SessionDep,
    mailer: MailerDep,
    accept_language: AcceptLanguage = None,
    body: ResendVerificationRequest | None = None,
) -> MessageQueued:
    """Send a new verification link (at most one a minute)."""
    lang = language.choose(body.lang if body else None, accept_language)
    await recovery.resend_verification(session, mailer, principal, lang)
    return MessageQueued(message="A new verification link is on its way.")


@router.post("/forgot-password", status_code=status.HTTP_202_ACCEPTED)
async def forgot_password(
    body: ForgotPasswordRequest,
    session: SessionDep,
    mailer: MailerDep,
    meta: RequestMetaDep,
    accept_language: AcceptLanguage = None,
) -> MessageQueued:
    """Always 202 with the same body: whether an account uses the address is not told."""
    lang = language.choose(body.lang, accept_language)
    await recovery.forgot_password(session, mailer, service.normalise_email(body.email), lang, meta)
    return MessageQueued(message=FORGOT_ANSWER)


@router.post("/reset-password")
async def reset_password(
    body: ResetPasswordRequest, session: SessionDep, settings: SettingsDep, meta: RequestMetaDep
) -> PasswordReset:
    """Set a new password with the emailed link; every existing session is signed out."""
    await recovery.reset_password(session, settings, body.token, body.new_password, meta)
    return PasswordReset()


@router.post("/login")
async def login(
    body: LoginRequest,
    session: SessionDep,
    db: DatabaseDep,
    settings: SettingsDep,
    meta: RequestMetaDep,
    totp: TotpDep,
) -> TokenPair:
    """Password login; accounts with two-factor on also send ``totp_code`` (401
    ``totp_required`` without it, ``totp_invalid`` for a wrong or already used code)."""
    return await service.login(session, db, settings, body, meta, totp)


@router.post("/refresh")
async def refresh(
    body: RefreshRequest,
    session: SessionDep,
    db: DatabaseDep,
    settings: SettingsDep,
    meta: RequestMetaDep,
) -> TokenPair:
    """Rotate a refresh token; presenting an already-rotated one revokes its family."""
    return await service.refresh(session, db, settings, body.refresh_token, meta)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(body: RefreshRequest, session: SessionDep, meta: RequestMetaDep) -> Response:
    await service.logout(session, body.refresh_token, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/switch-org")
async def switch_org(
    body: SwitchOrgRequest,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    meta: RequestMetaDep,
) -> TokenPair:
    """New tokens acting in another organisation the user belongs to."""
    return await service.switch_organization(
        session, settings, user_id=principal.user_id, target_org_id=body.org_id, meta=meta
    )


@router.get("/me")
async def me(principal: PrincipalDep, session: SessionDep) -> MeResponse:
    user = await repo.get_user(session, principal.user_id)
    if user is None:
        raise NotFound("User not found")
    return MeResponse(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        email_verified=user.email_verified,
        org_id=principal.org_id,
        role=principal.role,
        memberships=await service.memberships_of(session, principal.user_id),
    )


@router.post("/setup-2fa")
async def setup_2fa(
    principal: PrincipalDep,
    session: SessionDep,
    totp: TotpDep,
    meta: RequestMetaDep,
    body: TotpSetupRequest | None = None,
) -> TotpSetupResponse:
    """A new TOTP secret, pending until verify-2fa; replacing an active one needs a code."""
    setup = await totp.start_setup(
        session,
        principal.user_id,
        code=body.code if body else None,
        org_id=principal.org_id,
        meta=meta,
    )
    return TotpSetupResponse(provisioning_uri=setup.provisioning_uri, secret=setup.secret)


@router.post("/verify-2fa")
async def verify_2fa(
    body: TotpVerifyRequest,
    principal: PrincipalDep,
    session: SessionDep,
    totp: TotpDep,
    meta: RequestMetaDep,
) -> TotpVerifyResponse:
    """The first good code turns two-factor on; later ones are checked (once each)."""
    user = await repo.get_user(session, principal.user_id)
    if user is None:
        raise NotFound("User not found")
    if user.totp_enabled:
        await totp.verify_fresh_code(
            session, principal.user_id, body.code, org_id=principal.org_id, meta=meta
        )
        return TotpVerifyResponse(totp_enabled=True, enabled_now=False)
    await totp.confirm_setup(
        session, principal.user_id, body.code, org_id=principal.org_id, meta=meta
    )
    return TotpVerifyResponse(totp_enabled=True, enabled_now=True)
