"""An RFC 5322 message (plain text with an HTML alternative) from a rendered template."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from pifai.email.templates import Rendered
from pifai.models.base import utcnow


def sender_domain(mail_from: str) -> str:
    address = parseaddr(mail_from)[1]
    domain = address.rpartition("@")[2]
    return domain or "localhost"


def build(
    rendered: Rendered, *, mail_from: str, to: str, message_key: str, lang: str
) -> EmailMessage:
    """``message_key`` (e.g. the task id) makes the Message-ID stable across retries, so
    a message delivered twice can be recognised as one."""
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = Address(addr_spec=to)
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = f"<{message_key}@{sender_domain(mail_from)}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    # Base64 for non-ASCII text: a relay without 8BITMIME passes it unchanged.
    message.set_content(rendered.text, cte=_transfer_encoding(rendered.text))
    message.add_alternative(rendered.html, subtype="html", cte=_transfer_encoding(rendered.html))
    message["Content-Language"] = lang  # after the body: setting content clears Content-*
    return message


def _transfer_encoding(text: str) -> str | None:
    return None if text.isascii() else "base64"
