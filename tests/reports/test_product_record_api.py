"""What PUT /products/{id} says about item 1 (manufacturer, registration, launch date …)
reaches the report, and changes the state fingerprint the PDF cache is keyed by."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
from fastapi import FastAPI

from pifai.pif.pdf.service import document_of
from pifai.pif.pdf.state import ReportState, current_state
from pifai.reports.pdf import render_pdf
from tests.factories.accounts import Account, register
from tests.factories.products import create_product
from tests.reports.pdf_text import needs_poppler, pdf_text

TODAY = date(2026, 12, 3)
EDIT = {
    "manufacturer_name": "宏達代工股份有限公司",
    "manufacturer_address": "新竹縣湖口鄉工業一路 8 號",
    "registration_id": "TW-REG-778899",
    "launch_date": "2026-09-01",
}


async def _state(app: FastAPI, owner: Account, pid: str) -> ReportState:
    async with app.state.db.session(org_id=owner.org_id) as session:
        return await current_state(session, owner.org_id, uuid.UUID(pid), "zh-Hant", TODAY)


@needs_poppler
async def test_a_product_edit_changes_the_state_and_reaches_the_cover(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    before = await _state(app, owner, pid)

    edited = await client.put(f"/api/v1/products/{pid}", json=EDIT, headers=owner.headers)
    after = await _state(app, owner, pid)
    document = document_of(after)
    text = pdf_text(render_pdf(document), first=1, last=1)

    assert edited.status_code == 200, edited.text
    assert after.fingerprint != before.fingerprint
    assert document["product"]["company"] == EDIT["manufacturer_name"]
    assert document["product"]["registration_id"] == EDIT["registration_id"]
    assert EDIT["manufacturer_name"] in text and EDIT["registration_id"] in text


async def test_an_unchanged_product_keeps_its_fingerprint(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner, **EDIT))["id"]

    first, second = await _state(app, owner, pid), await _state(app, owner, pid)

    assert first.fingerprint == second.fingerprint
