"""Item 16: the draft assessment on a pending SA review, written on the worker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from tests.ai_uses.fakes import RoutedAnthropic, fake_ai, no_ai, scored, storm, submit
from tests.factories.accounts import Account, add_member, register
from tests.factories.audit import audit_rows
from tests.factories.products import create_product
from tests.factories.tasks import poll_task
from tests.toxicology.api.helpers import analysed_product

SECTIONS = {
    "sections": [
        {"title": "Exposure", "text": scored("See the engine's exposure.", 0.8, "engine")},
        {"title": "Conclusion", "text": scored(None, 0.0, "the SA decides")},
    ],
    "open_questions": ["Is the preservative system adequate?"],
}


async def _review(client: httpx.AsyncClient, owner: Account) -> dict[str, Any]:
    product, _ = await analysed_product(client, owner)
    review = await client.post(f"/api/v1/products/{product['id']}/sa-review", headers=owner.headers)
    assert review.status_code == 201, review.text
    body: dict[str, Any] = review.json()
    return body


async def _draft(client: httpx.AsyncClient, who: Account, review_id: str) -> httpx.Response:
    return await client.post(f"/api/v1/sa/reviews/{review_id}/draft", headers=who.headers)


async def _drafted(client: httpx.AsyncClient, owner: Account, review_id: str) -> dict[str, Any]:
    response = await _draft(client, owner, review_id)
    assert response.status_code == 202, response.text
    task = await poll_task(client, owner.headers, response.json()["status_url"])
    assert task["status"] == "done", task
    detail: dict[str, Any] = (
        await client.get(f"/api/v1/sa/reviews/{review_id}", headers=owner.headers)
    ).json()
    return {"task": task, "review": detail}


async def test_without_a_key_the_template_drafts_and_says_so(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    with no_ai():
        review = await _review(served, owner)
        done = await _drafted(served, owner, review["id"])

    text = done["review"]["ai_draft_assessment"]
    assert text.startswith("[DRAFT · path: deterministic · no Anthropic key")
    assert done["review"]["ai_draft_marker"]["path"] == "deterministic"
    assert done["review"]["ai_draft_marker"]["ai_draft"] is False
    assert done["review"]["sa_final_assessment"] is None
    assert done["task"]["result"]["path"] == "deterministic"


async def test_with_a_key_the_ai_drafts_and_the_text_is_marked(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    with no_ai():
        review = await _review(served, owner)
    fake = RoutedAnthropic(draft=[submit(SECTIONS)])
    with fake_ai(fake):
        done = await _drafted(served, owner, review["id"])

    text = done["review"]["ai_draft_assessment"]
    assert text.startswith("[AI DRAFT · path: ai · claude-sonnet-5-5 · sa_draft.v")
    assert "## Conclusion\n[pending]" in text
    assert done["review"]["ai_draft_marker"] == {
        "path": "ai",
        "ai_draft": True,
        "note": done["review"]["ai_draft_marker"]["note"],
    }
    assert done["task"]["result"]["confidences"]["sections.1.text"] == 0.0


async def test_a_storm_is_retried_then_the_template_drafts(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    with no_ai():
        review = await _review(served, owner)
    fake = RoutedAnthropic(draft=storm(4))
    with fake_ai(fake) as sleeps:
        done = await _drafted(served, owner, review["id"])

    assert len(sleeps.delays) == 3
    assert done["review"]["ai_draft_marker"]["path"] == "deterministic"
    assert done["task"]["result"]["key_source"] == "platform"  # the key that was tried
    assert "HTTP 529 after 4 attempt(s)" in done["review"]["ai_draft_assessment"]


async def _member(client: httpx.AsyncClient, owner: Account, role: str) -> Account:
    user = await register(client)
    await add_member(client, owner, user.email, role)
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=user.headers
    )
    assert switched.status_code == 200, switched.text
    return replace(user, org_id=owner.org_id, access_token=switched.json()["access_token"])


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("sa", 202)])
async def test_who_may_ask_for_the_draft(
    served: httpx.AsyncClient, role: str, expected: int
) -> None:
    owner = await register(served)
    with no_ai():
        review = await _review(served, owner)
        response = await _draft(served, await _member(served, owner, role), review["id"])
        if response.status_code == 202:
            await poll_task(served, owner.headers, response.json()["status_url"])

    assert response.status_code == expected, response.text


async def test_another_organisations_review_is_a_404(served: httpx.AsyncClient) -> None:
    owner, intruder = await register(served), await register(served)
    with no_ai():
        review = await _review(served, owner)

    assert (await _draft(served, intruder, review["id"])).status_code == 404


async def test_asking_for_a_draft_before_any_safety_assessment_is_409_at_once(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)
    review = await client.post(f"/api/v1/products/{product['id']}/sa-review", headers=owner.headers)
    assert review.status_code == 201, review.text

    response = await _draft(client, owner, review.json()["id"])

    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "no_safety_assessment"
    assert "toxicology" in response.json()["error"]["message"]
    assert await audit_rows(client, owner.org_id, "sa_review.draft_requested") == []
