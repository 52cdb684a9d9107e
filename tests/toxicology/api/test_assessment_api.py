"""The product assessment through the API and the in-process worker: items 9 and 10."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from pifai.audit import repository as audit_repo
from pifai.audit.chain import chain_for
from pifai.core.database import Database
from tests.factories.accounts import Account, add_member, register
from tests.factories.items import get_item, put_item
from tests.factories.products import create_product
from tests.toxicology.api.helpers import (
    VERDICTS,
    WITH_ESTRADIOL,
    analysed_product,
    assess,
    items_9_and_10,
    toxicology_url,
)


async def test_an_assessment_writes_items_9_and_10_as_ai_drafts(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product, analysis = await analysed_product(served, owner)

    response, task = await assess(served, owner, product["id"])
    item9, item10 = await items_9_and_10(served, owner, product["id"])

    assert response.json()["status_url"] == f"/api/v1/tasks/{response.json()['task_id']}"
    assert task["status"] == "done", task
    assert task["result"]["items"] == {"9": "ai_draft_ready", "10": "ai_draft_ready"}
    assert (item9["status"], item10["status"]) == ("ai_draft_ready", "ai_draft_ready")
    assert item9["data"]["kind"] == "ingredient_properties"
    assert item10["data"]["kind"] == "toxicology"
    assert item9["data"]["path"] == item10["data"]["path"] == "deterministic"
    assert len(item9["data"]["ingredients"]) == analysis["result"]["ingredients"] == 15
    assert item10["data"]["verdict"] in VERDICTS
    assert item10["data"]["verdict"] == task["result"]["verdict"]


async def test_every_ingredient_in_item_10_ends_with_a_basis_and_a_verdict(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product, _ = await analysed_product(served, owner)

    await assess(served, owner, product["id"])
    item10 = await get_item(served, owner, product["id"], 10)

    rows = item10["data"]["ingredients"]
    assert len(rows) == 15
    assert all(row["basis"].strip() for row in rows), [r["name"] for r in rows if not r["basis"]]
    assert {row["verdict"] for row in rows} <= VERDICTS
    assert item10["data"]["exposure"]["product_type"] == "face_cream"
    assert item10["data"]["exposure"]["citation"]


async def test_a_prohibited_ingredient_makes_item_10_prohibited(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product, _ = await analysed_product(served, owner, WITH_ESTRADIOL)

    _, task = await assess(served, owner, product["id"])
    item10 = await get_item(served, owner, product["id"], 10)

    estradiol = next(i for i in item10["data"]["ingredients"] if i["inci"] == "ESTRADIOL")
    assert task["result"]["verdict"] == "prohibited"
    assert item10["data"]["verdict"] == "prohibited" and item10["data"]["blocking"] is True
    assert estradiol["verdict"] == "prohibited"
    assert any(g["verdict"] == "prohibited" and g["citation"] for g in estradiol["gates"])


async def test_a_successful_analysis_starts_the_assessment(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    product, analysis = await analysed_product(served, owner)  # waits for the chained task
    item9, item10 = await items_9_and_10(served, owner, product["id"])

    assert (item9["status"], item10["status"]) == ("ai_draft_ready", "ai_draft_ready")
    assert item10["data"]["kind"] == "toxicology" and item10["data"]["ingredients"]
    assert all(i["basis"].startswith("tier ") for i in item10["data"]["ingredients"])

    chained = await served.get(
        f"/api/v1/tasks/{analysis['result']['toxicology_task_id']}", headers=owner.headers
    )

    assert chained.status_code == 200
    assert chained.json()["kind"] == "toxicology.assess"


async def _as_member(client: httpx.AsyncClient, owner: Account, role: str) -> Account:
    """A second user added to the owner's organisation with ``role``, signed in there."""
    user = await register(client)
    await add_member(client, owner, user.email, role)
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=user.headers
    )
    assert switched.status_code == 200, switched.text
    return replace(user, org_id=owner.org_id, access_token=switched.json()["access_token"])


async def test_sa_overrides_are_applied_and_printed_with_their_reason(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    sa = await _as_member(served, owner, "sa")
    product, _ = await analysed_product(served, owner)
    overrides = {
        "exposure": {
            "value": 12.5,
            "reason": "own use study, 30 subjects",
            "citation": "Use study 2026-11",
        }
    }

    _, task = await assess(served, sa, product["id"], {"overrides": overrides})
    exposure = (await get_item(served, owner, product["id"], 10))["data"]["exposure"]

    assert task["status"] == "done", task
    assert exposure["e_product_mg_kg_bw_d"] == 12.5
    assert exposure["override"]["reason"] == "own use study, 30 subjects"


@pytest.mark.parametrize("role", ["owner", "member"])
async def test_only_the_safety_assessor_may_override(client: httpx.AsyncClient, role: str) -> None:
    owner = await register(client)
    caller = owner if role == "owner" else await _as_member(client, owner, role)
    product = await create_product(client, owner)
    overrides = {"exposure": {"value": 12.5, "reason": "own use study", "citation": "Study 1"}}

    refused = await client.post(
        toxicology_url(product["id"]), json={"overrides": overrides}, headers=caller.headers
    )
    plain = await client.post(toxicology_url(product["id"]), headers=caller.headers)

    assert refused.status_code == 403
    assert "role sa" in refused.json()["error"]["message"]
    assert plain.status_code == 202  # running the assessment itself is everyone's work


async def test_a_reviewed_item_keeps_its_data_and_gets_the_result_as_pending(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product, _ = await analysed_product(served, owner)
    await put_item(served, owner, product["id"], 9, data={"appearance": "white cream"})
    await put_item(served, owner, product["id"], 9, status="human_reviewed")

    _, task = await assess(served, owner, product["id"])
    item9, item10 = await items_9_and_10(served, owner, product["id"])

    assert task["result"]["items"] == {"9": "pending_review", "10": "ai_draft_ready"}
    assert item9["status"] == "human_reviewed"
    assert item9["data"]["appearance"] == "white cream"
    assert item9["data"]["pending_toxicology"]["kind"] == "ingredient_properties"
    assert item10["status"] == "ai_draft_ready"


async def test_a_product_without_a_checked_formula_fails_and_leaves_the_items(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")

    _, task = await assess(served, owner, product["id"])
    item9, item10 = await items_9_and_10(served, owner, product["id"])

    assert task["status"] == "failed" and task["attempts"] == 1
    assert "item 3 has no checked formula" in task["error"]
    assert (item9["status"], item10["status"]) == ("missing", "missing")


async def test_a_product_without_a_product_type_fails_with_the_reason(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product, _ = await analysed_product(served, owner)
    cleared = await served.put(
        f"/api/v1/products/{product['id']}", json={"product_type": None}, headers=owner.headers
    )

    _, task = await assess(served, owner, product["id"])
    item9, item10 = await items_9_and_10(served, owner, product["id"])

    assert cleared.status_code == 200 and cleared.json()["product_type"] is None
    assert task["status"] == "failed"
    assert "no product type" in task["error"]
    assert "ai_processing" not in (item9["status"], item10["status"])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"exposure": {"value": "lots", "reason": "r"}}, "body.overrides.exposure.value"),
        ({"exposure": {"value": 3}}, "body.overrides.exposure"),
        ({"spaceship": {"value": 1, "reason": "r"}}, "body.overrides"),
        ({"ingredients": []}, "body.overrides.ingredients"),
    ],
)
async def test_bad_overrides_are_a_422_naming_the_field(
    client: httpx.AsyncClient, overrides: dict[str, Any], field: str
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await client.post(
        toxicology_url(product["id"]), json={"overrides": overrides}, headers=owner.headers
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


async def test_another_organisations_product_is_a_404(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    intruder = await register(client)
    product = await create_product(client, owner)

    response = await client.post(toxicology_url(product["id"]), headers=intruder.headers)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_the_request_and_its_overrides_are_in_the_audit_trail(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await register(client)
    sa = await _as_member(client, owner, "sa")
    product = await create_product(client, owner)
    overrides = {"oral_absorption": {"value": 100, "reason": "published reports use 100 %"}}

    response = await client.post(
        toxicology_url(product["id"]), json={"overrides": overrides}, headers=sa.headers
    )
    db: Database = app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        rows = await audit_repo.rows_of_chain(session, chain_for(owner.org_id))

    logged = [r for r in rows if r.action == "toxicology.assessment_requested"]
    assert response.status_code == 202
    assert [r.details for r in logged] == [
        {"task_id": response.json()["task_id"], "overrides": overrides}
    ]
    assert [r.user_id for r in logged] == [sa.user_id]
