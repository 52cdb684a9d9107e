"""Links in messages point at the web front end (``PIFAI_PUBLIC_BASE_URL``)."""

from __future__ import annotations

from urllib.parse import urlencode

from pifai.core.config import Settings

VERIFY_EMAIL_PATH = "/verify-email"
RESET_PASSWORD_PATH = "/reset-password"  # noqa: S105 - a path, not a secret
ACCEPT_INVITATION_PATH = "/invitations/accept"


def link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}{path}?{urlencode({'token': token})}"
