"""Shared steps of the assessment API tests: an analysed formula, a finished assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.factories.accounts import Account
from tests.factories.items import get_item
from tests.factories.products import create_product
from tests.factories.tasks import poll_task

ROOT = Path(__file__).resolve().parents[3]
FACE_CREAM = (ROOT / "examples/face-cream.csv").read_bytes()
WITH_ESTRADIOL = b"INCI,%\nAqua,99.99\nEstradiol,0.01\n"
VERDICTS = {"acceptable", "insufficient_margin", "prohibited", "over_limit", "review", "data_gap"}


def toxicology_url(product_id: str) -> str:
    return f"/api/v1/products/{product_id}/toxicology"


async def analysed_product(
    client: httpx.AsyncClient, owner: Account, formula: bytes = FACE_CREAM
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A face cream whose item 3 upload was analysed and whose chained safety assessment
    finished: (product, analysis task)."""
    product = await create_product(client, owner, product_type="face_cream")
    uploaded = await client.post(
        f"/api/v1/products/{product['id']}/pif/upload",
        data={"item_number": "3"},
        files={"file": ("formula.csv", formula, "text/csv")},
        headers=owner.headers,
    )
    task = await poll_task(client, owner.headers, uploaded.headers["Location"])
    assert task["status"] == "done", task
    chained = f"/api/v1/tasks/{task['result']['toxicology_task_id']}"
    assessed = await poll_task(client, owner.headers, chained)
    assert assessed["status"] == "done", assessed
    return product, task


async def assess(
    client: httpx.AsyncClient, owner: Account, product_id: str, body: Any = None
) -> tuple[httpx.Response, dict[str, Any]]:
    """POST the assessment and wait for its task: (the 202 response, the finished task)."""
    response = await client.post(toxicology_url(product_id), json=body, headers=owner.headers)
    assert response.status_code == 202, response.text
    task = await poll_task(client, owner.headers, response.json()["status_url"])
    return response, task


async def items_9_and_10(
    client: httpx.AsyncClient, owner: Account, product_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    return (
        await get_item(client, owner, product_id, 9),
        await get_item(client, owner, product_id, 10),
    )
