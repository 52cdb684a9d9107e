"""Download headers and stored names: one cleaning rule for the ASCII ``filename``, the
UTF-8 ``filename*`` and the names uploads are stored (and bundled) under."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from pifai.kit.downloads import content_disposition, safe_filename


def _utf8_name(header: str) -> str:
    return unquote(header.split("filename*=UTF-8''", 1)[1])


def _ascii_name(header: str) -> str:
    return header.split('filename="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("..", "upload"),
        (".", "upload"),
        ("...", "upload"),
        ("", "upload"),
        (".pdf", "upload.pdf"),
        ("a/../..", "upload"),
        ("v1..final..pdf", "v1.final.pdf"),
        ("C:\\fakepath\\gmp.pdf", "gmp.pdf"),
        ("../../etc/passwd", "passwd"),
        ("標籤.txt", "標籤.txt"),
        ("ab\u202efdp.exe", "abfdp.exe"),
        ("a\r\nb.pdf", "a b.pdf"),
        ('<a>:"b"|?*.pdf', "_a___b____.pdf"),
        ("CON.txt", "_CON.txt"),
        (" report .pdf. ", "report.pdf"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_a_long_name_is_cut_and_keeps_its_extension() -> None:
    cut = safe_filename("報" * 300 + ".pdf")

    assert cut.endswith(".pdf") and len(cut) <= 150 and len(cut.encode("utf-8")) <= 240


def test_filename_star_carries_no_path_line_break_bidi_or_reserved_character() -> None:
    header = content_disposition("../../保濕\r\n乳霜\u202e<>|?*:.pdf")
    name = _utf8_name(header)

    assert "\r" not in header and "\n" not in header
    assert name == "_._保濕 乳霜______.pdf"  # no "/", "..", CR/LF, U+202E or <>|?*:
    assert _ascii_name(header) == "download.pdf"


def test_filename_star_is_capped_and_keeps_the_extension() -> None:
    header = content_disposition("PIF_" + "長" * 500 + ".pdf")
    name = _utf8_name(header)

    assert name.startswith("PIF_長") and name.endswith(".pdf") and len(name) <= 150


def test_a_slash_in_a_composed_name_does_not_cut_it() -> None:
    header = content_disposition("PIF_保濕/修護乳霜.zip")

    assert _utf8_name(header) == "PIF_保濕_修護乳霜.zip"


def test_a_chinese_name_survives_in_filename_star() -> None:
    header = content_disposition("PIF_保濕修護乳霜_current_zh-Hant.pdf")

    assert _utf8_name(header) == "PIF_保濕修護乳霜_current_zh-Hant.pdf"
    assert header.startswith('attachment; filename="PIF__current_zh-Hant.pdf"')
