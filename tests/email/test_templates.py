"""The pure parts: language choice, templates in both languages, message headers, the
sealed payload."""

from __future__ import annotations

import uuid

import pytest

from pifai.email import sealing
from pifai.email.language import choose, from_accept_language
from pifai.email.message import build
from pifai.email.templates import Template, render, role_label
from pifai.files.crypto import DecryptionFailed, FileKeys
from pifai.models.enums import ReportLanguage

ZH, EN = ReportLanguage.ZH_HANT, ReportLanguage.EN
VARIABLES = {
    Template.VERIFY_EMAIL: {"link": "https://x.test/verify-email?token=T", "hours": 48},
    Template.RESET_PASSWORD: {"link": "https://x.test/reset-password?token=T", "minutes": 60},
    Template.INVITATION: {
        "link": "https://x.test/invitations/accept?token=T",
        "org_name": "Acme <script>",
        "inviter": "Mei\r\nBcc: evil@example.com",
        "role": "member",
        "expires": "2026-12-23 10:00 UTC",
    },
}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-TW,zh;q=0.9,en;q=0.8", ZH),
        ("en-US,en;q=0.9", EN),
        ("fr-FR, en-GB;q=0.8, zh-TW;q=0.5", EN),
        ("zh-CN", ZH),
        ("en;q=0, zh-Hant;q=0.1", ZH),
        ("fr, de", None),
        ("", None),
        ("en;q=abc", None),
    ],
)
def test_accept_language_picks_the_best_weighted_language_we_write(
    header: str, expected: ReportLanguage | None
) -> None:
    assert from_accept_language(header) == expected


def test_an_explicit_language_wins_and_traditional_chinese_is_the_default() -> None:
    assert choose(EN, "zh-TW") == EN
    assert choose(None, "en-US") == EN
    assert choose(None, None) == ZH


@pytest.mark.parametrize("template", list(Template))
@pytest.mark.parametrize("lang", [ZH, EN])
def test_every_template_renders_in_both_languages_with_the_link(
    template: Template, lang: ReportLanguage
) -> None:
    rendered = render(template, lang, VARIABLES[template])

    assert VARIABLES[template]["link"] in rendered.text
    assert f'href="{VARIABLES[template]["link"]}"' in rendered.html
    assert "\n" not in rendered.subject
    assert ("PIF AI 團隊" in rendered.text) == (lang == ZH)


def test_user_text_cannot_add_headers_or_markup() -> None:
    rendered = render(Template.INVITATION, EN, VARIABLES[Template.INVITATION])
    message = build(
        rendered, mail_from="PIF AI <no-reply@pif.test>", to="a@b.test", message_key="k1", lang="en"
    )

    assert message["Subject"] == "Mei Bcc: evil@example.com invited you to Acme <script> on PIF AI"
    assert message["Bcc"] is None
    assert "<script>" not in rendered.html and "Acme &lt;script&gt;" in rendered.html
    assert message["Message-ID"] == "<k1@pif.test>"


def test_role_labels_are_translated() -> None:
    assert role_label("sa", ZH) == "安全資料簽署人員（SA）"
    assert role_label("admin", EN) == "administrator"


def test_a_sealed_payload_opens_only_in_its_organisation() -> None:
    keys = FileKeys.parse(FileKeys.generate_spec())
    org, other = uuid.uuid4(), uuid.uuid4()
    sealed = sealing.seal(keys, org, {"to": "a@b.test", "variables": {"link": "secret-link"}})

    assert "secret-link" not in sealed
    assert sealing.unseal(keys, org, sealed)["variables"]["link"] == "secret-link"
    with pytest.raises(DecryptionFailed):
        sealing.unseal(keys, other, sealed)
