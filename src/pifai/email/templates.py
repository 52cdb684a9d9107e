"""The messages we send, in Traditional Chinese and English: subject, plain text and HTML.

Pure functions of their variables. Text that came from users (organisation and person
names) is escaped in HTML and flattened to one line in subjects, so it cannot add headers
or markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pifai.models.enums import ReportLanguage


class Template(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a template name
    INVITATION = "invitation"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


ROLE_LABELS: dict[ReportLanguage, dict[str, str]] = {
    ReportLanguage.ZH_HANT: {
        "member": "成員",
        "admin": "管理員",
        "sa": "安全資料簽署人員（SA）",
    },
    ReportLanguage.EN: {
        "member": "member",
        "admin": "administrator",
        "sa": "Safety Assessor (SA)",
    },
}

_ZH = ReportLanguage.ZH_HANT
_EN = ReportLanguage.EN

# (subject, paragraphs); "{link}" alone in a paragraph becomes the button/link line.
_TEXTS: dict[Template, dict[ReportLanguage, tuple[str, list[str]]]] = {
    Template.VERIFY_EMAIL: {
        _ZH: (
            "請確認您的 PIF AI 電子郵件地址",
            [
                "您好：",
                "感謝您註冊 PIF AI。請點選以下連結，確認這是您的電子郵件地址：",
                "{link}",
                "此連結將於 {hours} 小時後失效，且只能使用一次。",
                "如果您沒有註冊 PIF AI，請直接忽略這封郵件，無需採取任何動作。",
                "PIF AI 團隊 敬上",
            ],
        ),
        _EN: (
            "Confirm your email address for PIF AI",
            [
                "Hello,",
                "Thank you for signing up for PIF AI. Please confirm that this is your "
                "email address by opening the link below:",
                "{link}",
                "The link expires in {hours} hours and can be used once.",
                "If you did not sign up for PIF AI, you can ignore this message; "
                "nothing more will happen.",
                "The PIF AI team",
            ],
        ),
    },
    Template.RESET_PASSWORD: {
        _ZH: (
            "重設您的 PIF AI 密碼",
            [
                "您好：",
                "我們收到重設您 PIF AI 帳號密碼的申請。請點選以下連結設定新密碼：",
                "{link}",
                "此連結將於 {minutes} 分鐘後失效，且只能使用一次。"
                "密碼重設後，所有已登入的裝置都必須重新登入。",
                "如果這不是您本人提出的申請，請忽略這封郵件，您的密碼不會有任何變更。",
                "PIF AI 團隊 敬上",
            ],
        ),
        _EN: (
            "Reset your PIF AI password",
            [
                "Hello,",
                "We received a request to reset the password of your PIF AI account. "
                "Open the link below to choose a new password:",
                "{link}",
                "The link expires in {minutes} minutes and can be used once. After the "
                "reset, every device signed in to your account has to sign in again.",
                "If you did not ask for this, ignore this message: your password stays as it is.",
                "The PIF AI team",
            ],
        ),
    },
    Template.INVITATION: {
        _ZH: (
            "{inviter} 邀請您在 PIF AI 上加入「{org_name}」",
            [
                "您好：",
                "{inviter} 邀請您以「{role}」的身分加入「{org_name}」，"
                "在 PIF AI 上共同管理化粧品產品資訊檔案（PIF）。",
                "請點選以下連結接受邀請：",
                "{link}",
                "此邀請將於 {expires} 到期，且只能使用一次。"
                "如果您還沒有 PIF AI 帳號，接受邀請時即可直接建立。",
                "如果您不認識邀請人，請忽略這封郵件。",
                "PIF AI 團隊 敬上",
            ],
        ),
        _EN: (
            "{inviter} invited you to {org_name} on PIF AI",
            [
                "Hello,",
                "{inviter} has invited you to join {org_name} as {role}, to work together "
                "on cosmetic Product Information Files (PIF) in PIF AI.",
                "Open the link below to accept the invitation:",
                "{link}",
                "The invitation expires on {expires} and can be used once. If you do not "
                "have a PIF AI account yet, you can create one as you accept.",
                "If you do not know the person who invited you, ignore this message.",
                "The PIF AI team",
            ],
        ),
    },
}


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


def render(template: Template, lang: ReportLanguage, variables: dict[str, Any]) -> Rendered:
    """Raises KeyError when a variable the template uses is missing."""
    subject_tpl, paragraphs = _TEXTS[template][lang]
    flat = {key: _one_line(value) for key, value in variables.items()}
    subject = subject_tpl.format(**flat)
    text = "\n\n".join(p.format(**flat) for p in paragraphs) + "\n"
    escaped = {key: html.escape(value) for key, value in flat.items()}
    parts = []
    for paragraph in paragraphs:
        if paragraph == "{link}":
            href = escaped["link"]
            parts.append(f'<p><a href="{href}">{href}</a></p>')
        else:
            parts.append(f"<p>{paragraph.format(**escaped)}</p>")
    lang_attr = "zh-Hant" if lang == _ZH else "en"
    body = "\n".join(parts)
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang_attr}"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head>\n<body>\n{body}\n</body></html>\n"
    )
    return Rendered(subject=subject, text=text, html=page)


def role_label(role: str, lang: ReportLanguage) -> str:
    return ROLE_LABELS[lang].get(role, role)
