"""Item 3 from a photo the parser cannot read: the AI path (organisation key first), the
clear failure without a key, and an overloaded API that degrades the item to uploaded."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.ai._anthropic import message, tool_use
from tests.ai_uses.fakes import (
    ORG_KEY,
    RoutedAnthropic,
    fake_ai,
    no_ai,
    owner_with_org_key,
    scored,
    storm,
    submit,
)
from tests.factories.accounts import Account, register
from tests.factories.audit import audit_rows
from tests.factories.items import get_item
from tests.factories.products import create_product
from tests.factories.tasks import poll_task

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200


def _row(name: str, inci: str, cas: str, percent: float, function: str) -> dict[str, Any]:
    return {
        "name": scored(name, 0.95),
        "inci": scored(inci, 0.9, "inci_normalize"),
        "cas": scored(cas, 0.9, "inci_normalize"),
        "percent": scored(percent, 0.9),
        "function": scored(function, 0.8),
    }


EXTRACTION = {
    "rows": [
        _row("Aqua", "AQUA", "7732-18-5", 94.2, "solvent"),
        _row("Glycerin", "GLYCERIN", "56-81-5", 5.0, "humectant"),
        _row("Phenoxyethanol", "PHENOXYETHANOL", "122-99-6", 0.8, "preservative"),
    ],
    "notes": [],
}
SYNTHESIS = {
    "paragraphs": [
        {"subject": "product", "text": scored("The engine found no blocking result.", 0.7)}
    ],
    "open_questions": [],
}


def _extraction_script() -> list[Any]:
    """Two turns: the model normalises a name with our tool, then submits."""
    return [
        message(tool_use("inci_normalize", {"name": "Phenoxyethanol"})),
        submit(EXTRACTION),
    ]


async def _upload_photo(client: httpx.AsyncClient, owner: Account) -> tuple[str, dict[str, Any]]:
    product = await create_product(client, owner, product_type="face_cream")
    uploaded = await client.post(
        f"/api/v1/products/{product['id']}/pif/upload",
        data={"item_number": "3"},
        files={"file": ("formula.png", PHOTO, "image/png")},
        headers=owner.headers,
    )
    assert uploaded.status_code == 202, uploaded.text
    task = await poll_task(client, owner.headers, uploaded.headers["Location"])
    return product["id"], task


async def test_a_photo_is_read_by_the_ai_and_checked_by_the_rules(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    fake = RoutedAnthropic(extract=_extraction_script(), synthesis=[submit(SYNTHESIS)])
    with fake_ai(fake):
        product_id, task = await _upload_photo(served, owner)
        chained = await poll_task(
            served, owner.headers, f"/api/v1/tasks/{task['result']['toxicology_task_id']}"
        )
    item3 = await get_item(served, owner, product_id, 3)

    assert task["status"] == "done", task
    assert task["result"]["path"] == "ai" and task["result"]["ingredients"] == 3
    assert item3["status"] == "ai_draft_ready"
    assert item3["data"]["path"] == "ai" and item3["data"]["ai_draft"] is True
    assert item3["data"]["ai"]["key_source"] == "platform"
    assert "numbers_unverified" in item3["data"]["ai"]["flags"]  # a photo has no text layer
    assert [r["confidence"] for r in item3["data"]["ai"]["rows"]] == [0.49, 0.49, 0.49]
    assert item3["ai_confidence"] <= 0.49  # red: first in the SA's queue
    assert item3["data"]["formula"]["summary"]["ingredients"] == 3
    assert fake.tasks() == ["extract", "extract", "synthesis"]
    assert chained["status"] == "done", chained
    assert chained["result"]["synthesis_path"] == "ai"


async def test_the_organisation_key_is_used_before_the_platform_key(
    served: httpx.AsyncClient,
) -> None:
    owner = await owner_with_org_key(served)
    fake = RoutedAnthropic(extract=_extraction_script(), synthesis=[submit(SYNTHESIS)])
    with fake_ai(fake):
        product_id, task = await _upload_photo(served, owner)
        await poll_task(
            served, owner.headers, f"/api/v1/tasks/{task['result']['toxicology_task_id']}"
        )
    item3 = await get_item(served, owner, product_id, 3)

    assert fake.keys() == {ORG_KEY}
    assert item3["data"]["ai"]["key_source"] == "organization"
    ((user_id, details),) = await audit_rows(served, owner.org_id, "formula.ai_extraction")
    assert user_id == owner.user_id
    assert (details["outcome"], details["path"], details["key_source"], details["rows"]) == (
        "read",
        "ai",
        "organization",
        3,
    )
    assert "Aqua" not in json.dumps(details)  # never what it read


async def test_without_a_key_a_photo_fails_clearly_and_nothing_is_sent(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    with no_ai():
        product_id, task = await _upload_photo(served, owner)
    item3 = await get_item(served, owner, product_id, 3)

    assert task["status"] == "failed"
    assert "No AI path was available" in task["error"]
    assert item3["status"] == "uploaded"
    assert "No AI path was available" in item3["data"]["analysis_error"]
    assert item3["data"]["analysis_path"] == "deterministic"
    assert [d for _, d in await audit_rows(served, owner.org_id, "formula.ai_extraction")] == [
        {"task_id": task["id"], "outcome": "no_key", "path": "deterministic", "key_source": "none"}
    ]


async def test_an_overloaded_api_is_retried_then_the_item_returns_to_uploaded(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    fake = RoutedAnthropic(extract=storm(4))
    with fake_ai(fake) as sleeps:
        product_id, task = await _upload_photo(served, owner)
    item3 = await get_item(served, owner, product_id, 3)

    assert fake.tasks() == ["extract"] * 4  # the first attempt and 3 retries
    assert len(sleeps.delays) == 3 and sleeps.delays == sorted(sleeps.delays)
    assert task["status"] == "failed" and task["attempts"] == 1
    assert item3["status"] == "uploaded"
    assert "HTTP 529 after 4 attempt(s)" in item3["data"]["analysis_error"]
    assert item3["data"]["analysis_path"] == "ai"
    assert [d for _, d in await audit_rows(served, owner.org_id, "formula.ai_extraction")] == [
        {"task_id": task["id"], "outcome": "failed", "path": "ai", "key_source": "platform"}
    ]


def _scanned_pdf() -> bytes:
    """A PDF whose page is a picture only: no text layer for the parser."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.rect(72, 600, 400, 120, fill=1)
    page.save()
    return buffer.getvalue()


async def test_a_scanned_pdf_is_sent_as_a_document_block(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")
    fake = RoutedAnthropic(extract=[submit(EXTRACTION)], synthesis=[submit(SYNTHESIS)])
    with fake_ai(fake):
        uploaded = await served.post(
            f"/api/v1/products/{product['id']}/pif/upload",
            data={"item_number": "3"},
            files={"file": ("formula.pdf", _scanned_pdf(), "application/pdf")},
            headers=owner.headers,
        )
        task = await poll_task(served, owner.headers, uploaded.headers["Location"])
        await poll_task(
            served, owner.headers, f"/api/v1/tasks/{task['result']['toxicology_task_id']}"
        )

    first = json.loads(fake.requests[0][1].content)
    assert task["status"] == "done" and task["result"]["path"] == "ai"
    assert first["messages"][0]["content"][0]["type"] == "document"
