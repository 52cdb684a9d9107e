from __future__ import annotations

import uuid

from pydantic import BaseModel, EmailStr, Field

from pifai.email.language import EmailLanguage
from pifai.kit.input import InputModel, PersonOrOrgName
from pifai.models.enums import MembershipRole, OrgType

LANG_DESCRIPTION = (
    "Language of the message: zh-Hant or en (also zh, zh-TW, any case); "
    "else Accept-Language, else zh-Hant"
)

TOTP_CODE_PATTERN = r"^\s*[0-9]{3}\s?[0-9]{3}\s*$"  # ASCII digits only


class RegisterRequest(InputModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    org_name: PersonOrOrgName = Field(min_length=1, max_length=200)
    org_type: OrgType
    full_name: PersonOrOrgName | None = Field(default=None, max_length=200)
    lang: EmailLanguage | None = Field(default=None, description=LANG_DESCRIPTION)


class LoginRequest(InputModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    org_id: uuid.UUID | None = Field(
        default=None, description="Organisation to act in; required when you belong to several"
    )
    totp_code: str | None = Field(
        default=None,
        pattern=TOTP_CODE_PATTERN,
        description="6-digit code from the authenticator app; required when two-factor is on",
    )


class RefreshRequest(InputModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class SwitchOrgRequest(InputModel):
    org_id: uuid.UUID


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - OAuth token type, not a secret
    expires_in: int
    org_id: uuid.UUID
    role: MembershipRole


class MembershipOut(BaseModel):
    org_id: uuid.UUID
    org_name: str
    org_type: OrgType
    role: MembershipRole


class RegisterResponse(TokenPair):
    user_id: uuid.UUID


class MeResponse(BaseModel):
    user_id: uuid.UUID
    email: str
    full_name: str | None
    email_verified: bool
    org_id: uuid.UUID
    role: MembershipRole
    memberships: list[MembershipOut]


class TotpSetupRequest(InputModel):
    code: str | None = Field(
        default=None,
        pattern=TOTP_CODE_PATTERN,
        description="A current code; required only when two-factor is already on",
    )


class TotpSetupResponse(BaseModel):
    provisioning_uri: str = Field(description="otpauth:// URI for a QR code")
    secret: str = Field(description="Base32 secret for manual entry; shown this once only")


class TotpVerifyRequest(InputModel):
    code: str = Field(pattern=TOTP_CODE_PATTERN, description="6-digit code from the app")


class TotpVerifyResponse(BaseModel):
    totp_enabled: bool
    enabled_now: bool = Field(description="True when this code completed the setup")


class VerifyEmailRequest(InputModel):
    token: str = Field(min_length=1, max_length=512, description="The token from the link")


class ResendVerificationRequest(InputModel):
    lang: EmailLanguage | None = Field(default=None, description=LANG_DESCRIPTION)


class ForgotPasswordRequest(InputModel):
    email: EmailStr
    lang: EmailLanguage | None = Field(default=None, description=LANG_DESCRIPTION)


class ResetPasswordRequest(InputModel):
    token: str = Field(min_length=1, max_length=512, description="The token from the link")
    new_password: str = Field(min_length=1, max_length=1024)


class EmailVerified(BaseModel):
    email_verified: bool = True


class MessageQueued(BaseModel):
    """The same body whatever happened behind it (no account enumeration)."""

    status: str = "accepted"
    message: str


class PasswordReset(BaseModel):
    status: str = "password_reset"
    message: str = "Your password has been changed; sign in again on every device."
