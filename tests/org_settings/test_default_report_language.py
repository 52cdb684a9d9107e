"""The organisation's report language is the PDF routes' language when ``?lang=`` is
omitted; an explicit ``?lang=`` still wins."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI

from tests.factories.accounts import Account, register
from tests.factories.products import create_product
from tests.factories.tasks import poll_task, read_task


async def english_org(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await register(client)
    changed = await client.put(
        "/api/v1/settings/org", json={"report_language": "en"}, headers=owner.headers
    )
    assert changed.status_code == 200, changed.text
    return owner, (await create_product(client, owner))["id"]


async def render_language(app: FastAPI, owner: Account, response: httpx.Response) -> str:
    """The language of the render task a PDF route answered 202 with."""
    assert response.status_code == 202, response.text
    task = await read_task(app.state.db, owner.org_id, uuid.UUID(response.json()["task_id"]))
    return str(task.payload["lang"])


async def snapshot(client: httpx.AsyncClient, owner: Account, pid: str) -> str:
    taken = await client.post(
        f"/api/v1/products/{pid}/pif-versions/snapshot", headers=owner.headers
    )
    assert taken.status_code == 201, taken.text
    return str(taken.json()["id"])


@pytest.mark.parametrize(("query", "expected"), [("", "en"), ("?lang=zh", "zh-Hant")])
async def test_generate_uses_the_organisations_language_unless_told(
    client: httpx.AsyncClient, app: FastAPI, query: str, expected: str
) -> None:
    owner, pid = await english_org(client)

    response = await client.post(
        f"/api/v1/products/{pid}/pif/generate{query}", headers=owner.headers
    )

    assert await render_language(app, owner, response) == expected


@pytest.mark.parametrize(("query", "expected"), [("", "en"), ("?lang=zh", "zh-Hant")])
async def test_the_current_regulatory_pdf_uses_the_organisations_language_unless_told(
    client: httpx.AsyncClient, app: FastAPI, query: str, expected: str
) -> None:
    owner, pid = await english_org(client)
    url = f"/api/v1/products/{pid}/pif-versions/regulatory-pdf{query}"

    response = await client.get(url, headers=owner.headers)

    assert await render_language(app, owner, response) == expected


@pytest.mark.parametrize(("query", "expected"), [("", "en"), ("?lang=zh", "zh-Hant")])
async def test_a_versions_regulatory_pdf_uses_the_organisations_language_unless_told(
    client: httpx.AsyncClient, app: FastAPI, query: str, expected: str
) -> None:
    owner, pid = await english_org(client)
    version_id = await snapshot(client, owner, pid)
    url = f"/api/v1/products/{pid}/pif-versions/{version_id}/regulatory-pdf{query}"

    response = await client.get(url, headers=owner.headers)

    assert await render_language(app, owner, response) == expected


async def test_an_organisation_left_at_the_default_gets_chinese(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]

    response = await client.post(f"/api/v1/products/{pid}/pif/generate", headers=owner.headers)

    assert await render_language(app, owner, response) == "zh-Hant"


async def test_an_unknown_language_is_still_a_422(client: httpx.AsyncClient) -> None:
    owner, pid = await english_org(client)

    response = await client.post(
        f"/api/v1/products/{pid}/pif/generate?lang=fr", headers=owner.headers
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query.lang"


async def test_download_serves_the_pdf_in_the_organisations_language(
    served: httpx.AsyncClient,
) -> None:
    owner, pid = await english_org(served)
    base = f"/api/v1/products/{pid}/pif"
    generated = await served.post(f"{base}/generate", headers=owner.headers)
    task = await poll_task(served, owner.headers, generated.headers["Location"])
    assert task["status"] == "done", task.get("error")

    default = await served.get(f"{base}/download", headers=owner.headers)
    english = await served.get(f"{base}/download?lang=en", headers=owner.headers)
    chinese = await served.get(f"{base}/download?lang=zh", headers=owner.headers)

    assert default.status_code == 200, default.text
    assert default.headers["content-disposition"].endswith("_en.pdf")
    assert default.content == english.content
    assert chinese.status_code == 404
    assert chinese.json()["error"]["code"] == "pdf_not_generated"
    assert chinese.json()["error"]["details"] == {"lang": "zh-Hant"}
    assert "generate?lang=zh-Hant" in chinese.json()["error"]["message"]
