"""The PIF PDF as an inspector receives it: A4, Chinese text extractable, headers and footers
on every page, long tables that repeat their header, nothing fetched from outside."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from functools import cache
from typing import Any

import pytest

from pifai.pif.catalogue import ITEMS
from pifai.reports.document import document_for_snapshot
from pifai.reports.pdf import render_html, render_pdf, url_fetcher
from tests.reports.full_product import NAME, full_snapshot
from tests.reports.pdf_text import (
    assert_complete_pdf,
    embedded_fonts,
    needs_poppler,
    page_count,
    pdf_text,
)
from tests.reports.test_document import formula, snapshot

pytestmark = needs_poppler
TODAY = date(2026, 12, 3)


@cache
def full_pdf(lang: str) -> tuple[dict[str, Any], bytes]:
    document = document_for_snapshot(full_snapshot(today=TODAY), as_of=TODAY, lang=lang)
    return document, render_pdf(document)


def test_the_chinese_pdf_is_complete_and_readable() -> None:
    document, pdf = full_pdf("zh-Hant")

    assert_complete_pdf(pdf)
    text = pdf_text(pdf)
    assert NAME in text
    for item in ITEMS:
        assert item.title_zh in text, item.title_zh
    for title in ("跨項目稽核警示", "版本紀錄", "到期文件", "附錄：評估依據登錄表"):
        assert title in text
    assert '<html lang="zh-Hant">' in render_html(document)


def test_every_page_has_the_product_version_and_page_x_of_y() -> None:
    _document, pdf = full_pdf("zh-Hant")
    pages = page_count(pdf)

    for number in range(1, pages + 1):
        page = pdf_text(pdf, first=number, last=number)
        assert NAME in page.splitlines()[0], number
        assert "目前狀態（未簽署）" in page.splitlines()[0], number
        assert f"第 {number} 頁，共 {pages} 頁" in page, number


def test_only_the_cjk_fonts_are_embedded_so_no_glyph_fell_back() -> None:
    _document, pdf = full_pdf("zh-Hant")

    fonts = embedded_fonts(pdf)
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+Noto-Sans-CJK-TC(-Bold)?", f) for f in fonts)


def test_the_english_pdf_has_english_titles_and_keeps_the_chinese_name() -> None:
    document, pdf = full_pdf("en")

    text = pdf_text(pdf)
    assert "Cosmetic Product Information File" in text
    assert "Full ingredient names and amounts" in text and "Cross-item alerts" in text
    assert NAME in text
    assert f"Page 2 of {page_count(pdf)}" in pdf_text(pdf, first=2, last=2)
    assert '<html lang="en">' in render_html(document)


def test_a_long_ingredient_table_repeats_its_header_on_the_next_page() -> None:
    rows = [
        {"inci": f"TEST INGREDIENT {n:03d}", "cas": ["50-00-0"], "judged_pct": 0.1,
         "verdict": "compliant"}
        for n in range(1, 121)
    ]  # fmt: skip
    pdf = render_pdf(document_for_snapshot(snapshot({3: {"formula": formula(*rows)}}), as_of=TODAY))

    pages = [pdf_text(pdf, first=n, last=n) for n in range(1, page_count(pdf) + 1)]
    holding = [p for p in pages if "TEST INGREDIENT" in p]
    assert len(holding) >= 3
    for page in holding:
        header = next(i for i, line in enumerate(page.splitlines()) if "INCI 名稱" in line)
        first_row = next(i for i, line in enumerate(page.splitlines()) if "TEST INGREDIENT" in line)
        assert header < first_row
        assert "法規判定（TFDA）" in page.splitlines()[header]
    assert "TEST INGREDIENT 120" in holding[-1]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data"])
def test_the_url_fetcher_refuses_everything_but_data(url: str) -> None:
    fetcher = url_fetcher()

    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_markup_in_stored_data_is_printed_not_interpreted() -> None:
    state = snapshot({1: {"name_zh": '保濕<img src="file:///etc/passwd">'}})
    state["product"]["name"] = '保濕<img src="file:///etc/passwd">'

    pdf = render_pdf(document_for_snapshot(state, as_of=TODAY))

    assert '<img src="file:///etc/passwd">' in pdf_text(pdf, first=1, last=1)


def test_fonts_are_subset_with_harfbuzz_not_the_slow_fonttools_fallback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without libharfbuzz-subset WeasyPrint subsets Noto CJK with fontTools, walking all
    its 65 k glyphs (10× slower); the set-up command must have installed the library."""
    document = document_for_snapshot(snapshot({}), as_of=TODAY)
    with caplog.at_level("WARNING", logger="weasyprint"):
        render_pdf(document)

    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]


def _widest_text(pdf: bytes, pages: int = 2) -> tuple[float, float]:
    """The page width and the right edge of the widest word on the first pages."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", str(pages), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    return width, max(float(x) for x in re.findall(r'xMax="([\d.]+)"', out))


def test_a_long_unbreakable_name_wraps_inside_the_page() -> None:
    state = snapshot({1: {"name_zh": "長名", "name_en": "N" * 120}})
    state["product"]["name"] = "A" * 120

    width, right = _widest_text(render_pdf(document_for_snapshot(state, as_of=TODAY)))

    assert right < width - 30  # inside the 14 mm right margin, on the cover and the header


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(f'id="{start}"') : html.index(f'id="{end}"')]


@pytest.mark.parametrize(
    ("lang", "product_type", "cramer"),
    [("zh-Hant", "臉部乳霜", "Cramer III 類"), ("en", "Face cream", "Cramer class III")],
)
def test_product_types_exposure_classes_and_cramer_classes_print_as_words(
    lang: str, product_type: str, cramer: str
) -> None:
    document, _pdf = full_pdf(lang)
    html = render_html(document)
    item1, item10 = _between(html, "item-1", "item-2"), _between(html, "item-10", "item-11")
    item16 = _between(html, "item-16", "alerts")

    assert f">{product_type}<" in item1 and "face_cream" not in item1
    assert cramer in item10 and "Cramer: " not in item10 and ">cramer_" not in item10
    assert f">{product_type}<" in item16 and not re.search(r">\s*face_cream\s*<", item16)
