"""Formula PDFs and photos: the blocks sent, the limits, and how the numbers read from
them are checked (PDF text layer) or flagged (photos)."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pifai.ai.errors import AiInputRejected
from pifai.ai.service import AiService
from pifai.ai.vision import content_block, pdf_text
from tests.ai._anthropic import (
    FakeAnthropic,
    FakeRunner,
    ai_settings,
    llm_client,
    message,
    tool_use,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
NORMALISED = {
    "status": "ok",
    "inci": "PHENOXYETHANOL",
    "cas_numbers": ["122-99-6"],
    "confidence": 0.95,
}


def _formula_pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for i, line in enumerate(lines):
        page.drawString(72, 760 - 18 * i, line)
    page.save()
    return buffer.getvalue()


def _scored(
    value: Any, confidence: float = 0.95, source: str = "document: row 1"
) -> dict[str, Any]:
    return {"value": value, "confidence": confidence, "source": source}


def _row(name: str, percent: float) -> dict[str, Any]:
    return {
        "name": _scored(name),
        "inci": _scored("PHENOXYETHANOL", source="inci_normalize: PHENOXYETHANOL"),
        "cas": _scored("122-99-6", source="inci_normalize: 122-99-6"),
        "percent": _scored(percent),
        "function": _scored("preservative"),
    }


def _service(fake: FakeAnthropic) -> AiService:
    client = llm_client(fake)
    return AiService(
        client.settings, client=client, runner=FakeRunner({"inci_normalize": NORMALISED})
    )


@pytest.mark.parametrize(
    ("content", "media_type", "kind"),
    [
        (PNG, "image/png", "image"),
        (JPEG, "image/jpeg", "image"),
        (WEBP, "image/webp", "image"),
        (b"%PDF-1.7\n...", "application/pdf", "document"),
    ],
)
def test_files_become_base64_blocks(content: bytes, media_type: str, kind: str) -> None:
    block = content_block(content, media_type, ai_settings())

    assert block == {
        "type": kind,
        "source": {
            "type": "base64",
            "media_type": media_type,
            "data": base64.standard_b64encode(content).decode(),
        },
    }


@pytest.mark.parametrize(
    ("content", "media_type", "message"),
    [
        (PNG, "image/tiff", "image/tiff cannot be read"),
        (b"", "image/png", "empty"),
        (JPEG, "image/png", "not image/png"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "image/webp", "not image/webp"),
        (PNG, "application/pdf", "not application/pdf"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(
    content: bytes, media_type: str, message: str
) -> None:
    with pytest.raises(AiInputRejected, match=message):
        content_block(content, media_type, ai_settings())


def test_size_limits_apply_before_sending() -> None:
    settings = ai_settings(image_max_bytes=100, document_max_bytes=200)

    with pytest.raises(AiInputRejected, match="at most 100 for image/png"):
        content_block(PNG + b"\x00" * 100, "image/png", settings)
    with pytest.raises(AiInputRejected, match="at most 200 for application/pdf"):
        content_block(b"%PDF-" + b"\x00" * 200, "application/pdf", settings)


def test_pdf_text_layer_is_read_and_a_non_pdf_has_none() -> None:
    assert "0.80" in (pdf_text(_formula_pdf("Phenoxyethanol 0.80")) or "")
    assert pdf_text(b"%PDF-1.7 broken") is None


async def test_pdf_formula_is_sent_as_a_document_and_checked_against_its_text() -> None:
    pdf = _formula_pdf("INCI name            % w/w", "Phenoxyethanol       0.80")
    fake = FakeAnthropic(
        message(tool_use("inci_normalize", {"name": "Phenoxyethanol"})),
        message(
            tool_use(
                "submit_result",
                {"rows": [_row("Phenoxyethanol", 0.8), _row("Phenoxyethanol", 1.2)]},
            )
        ),
    )

    result = await _service(fake).extract_formula(pdf, "application/pdf")

    first = fake.bodies[0]
    assert first["model"] == "claude-sonnet-5-5"
    document, ask = first["messages"][0]["content"]
    assert document["type"] == "document"
    assert document["source"]["media_type"] == "application/pdf"
    assert base64.standard_b64decode(document["source"]["data"]) == pdf
    assert ask["cache_control"] == {"type": "ephemeral"}  # the document prefix is cached
    assert [t["name"] for t in first["tools"]] == [
        "inci_normalize",
        "db_lookup_ingredient",
        "submit_result",
    ]
    assert result.path == "ai" and result.value is not None
    kept, invented = result.value.rows
    assert kept.percent.value == 0.8  # printed in the PDF
    assert invented.percent.value is None  # 1.2 is in neither the PDF nor a tool result
    assert [(r.path, r.number) for r in result.rejected_numbers] == [
        ("rows.1.percent.value", "1.2")
    ]
    assert result.confidences["rows.1.percent"] == 0.0


async def test_photo_numbers_cannot_be_checked_so_they_are_kept_flagged_and_red() -> None:
    fake = FakeAnthropic(message(tool_use("submit_result", {"rows": [_row("苯氧乙醇", 0.8)]})))

    result = await _service(fake).extract_formula(PNG, "image/png")

    image = fake.bodies[0]["messages"][0]["content"][0]
    assert image["type"] == "image" and image["source"]["media_type"] == "image/png"
    assert result.path == "ai" and result.value is not None
    assert result.value.rows[0].percent.value == 0.8
    assert result.flags == ["numbers_unverified"]
    # no tool ran, so the CAS is as unverifiable as the percentage
    assert {(r.path, r.number) for r in result.unverified_numbers} == {
        ("rows.0.cas.value", "122-99-6"),
        ("rows.0.cas.source", "122-99-6"),
        ("rows.0.percent.value", "0.8"),
    }
    assert result.rejected_numbers == []
    assert result.confidences["rows.0.percent"] == 0.49
    assert result.confidences["rows.0.cas"] == 0.49
    assert result.confidences["rows.0.name"] == 0.95


async def test_a_scanned_pdf_has_no_text_layer_so_its_numbers_are_unverified() -> None:
    scan = _formula_pdf()  # a page without text, as a scanner makes it
    fake = FakeAnthropic(
        message(tool_use("submit_result", {"rows": [_row("Phenoxyethanol", 0.8)]}))
    )

    result = await _service(fake).extract_formula(scan, "application/pdf")

    assert result.value is not None and result.value.rows[0].percent.value == 0.8
    assert result.flags == ["numbers_unverified"]
    assert result.confidences["rows.0.percent"] == 0.49


async def test_a_photo_too_large_degrades_without_a_request() -> None:
    fake = FakeAnthropic()
    client = llm_client(fake, image_max_bytes=10)
    service = AiService(client.settings, client=client, runner=FakeRunner({}))

    result = await service.extract_formula(PNG, "image/png")

    assert result.path == "deterministic"
    assert result.reason is not None and "at most 10" in result.reason
    assert fake.requests == []
