"""Item 6: process text into steps with [pending] markers, by the AI or the splitter."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pifai.ai.schemas import PENDING
from pifai.ai_uses.process import split_steps
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
from tests.factories.products import create_product
from tests.factories.tasks import poll_task

TEXT = "1. 油相加熱至80℃，攪拌15分鐘\n2. 加入乳化機均質 5 min\n3. 冷卻後加入防腐劑，檢查pH\n"


def _step(order: int, action: str, temperature: str | None) -> dict[str, Any]:
    return {
        "order": order,
        "action": scored(action, 0.9, "process text"),
        "temperature": scored(temperature, 0.9 if temperature else 0.0, "process text"),
        "duration": scored(None, 0.0, "not in the text"),
        "equipment": scored(None, 0.0, "not in the text"),
        "qc_point": scored(None, 0.0, "not in the text"),
    }


def test_the_splitter_marks_what_the_text_does_not_give() -> None:
    result = split_steps(TEXT)

    assert [s["action"] for s in result["steps"]] == [
        "油相加熱至80℃，攪拌15分鐘",
        "加入乳化機均質 5 min",
        "冷卻後加入防腐劑，檢查pH",
    ]
    assert [s["temperature"] for s in result["steps"]] == ["80℃", PENDING, PENDING]
    assert [s["duration"] for s in result["steps"]] == ["15分鐘", "5 min", PENDING]
    assert "step 3: duration" in result["missing"]


def test_unnumbered_text_is_split_into_sentences() -> None:
    result = split_steps("Heat phase A to 75 °C. Mix for 10 minutes in the tank.")

    assert len(result["steps"]) == 2
    assert result["steps"][1]["equipment"] == "tank"


async def _structure(client: httpx.AsyncClient, owner: Account) -> dict[str, Any]:
    product = await create_product(client, owner)
    response = await client.post(
        f"/api/v1/products/{product['id']}/pif/6/structure",
        json={"text": TEXT},
        headers=owner.headers,
    )
    assert response.status_code == 202, response.text
    return await poll_task(client, owner.headers, response.json()["status_url"])


async def test_without_a_key_the_splitter_runs_and_says_so(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    with no_ai():
        task = await _structure(served, owner)

    result = task["result"]
    assert task["status"] == "done", task
    assert (result["path"], result["ai_draft"]) == ("deterministic", False)
    assert "no Anthropic key" in result["reason"]
    assert result["process"]["steps"][0] == {
        "description": "油相加熱至80℃，攪拌15分鐘",
        "temperature_c": 80.0,
        "duration_min": 15.0,
        "equipment": [],
        "qc_points": [],
    }


async def test_with_a_key_the_ai_structures_it_as_a_draft(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    answer = {
        "steps": [
            _step(1, "油相加熱至80℃，攪拌15分鐘", "80℃"),
            _step(2, "加入乳化機均質 5 min", None),
        ],
        "missing": ["step 2: temperature"],
    }
    fake = RoutedAnthropic(process=[submit(answer)])
    with fake_ai(fake):
        task = await _structure(served, owner)

    result = task["result"]
    assert (result["path"], result["ai_draft"]) == ("ai", True)
    assert result["steps"][1]["temperature"] == PENDING
    assert result["steps"][0]["temperature"] == "80℃"
    assert result["process"]["steps"][0]["temperature_c"] == 80.0
    assert result["confidences"]["steps.0.action"] == 0.9


async def test_a_5xx_storm_degrades_to_the_splitter_with_the_reason(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    fake = RoutedAnthropic(process=storm(4))
    with fake_ai(fake):
        task = await _structure(served, owner)

    result = task["result"]
    assert task["status"] == "done"
    assert result["path"] == "deterministic"
    assert "AI path failed" in result["reason"] and "HTTP 529" in result["reason"]
    assert len(result["steps"]) == 3


async def test_another_organisations_product_is_a_404(served: httpx.AsyncClient) -> None:
    owner, intruder = await register(served), await register(served)
    product = await create_product(served, owner)

    response = await served.post(
        f"/api/v1/products/{product['id']}/pif/6/structure",
        json={"text": TEXT},
        headers=intruder.headers,
    )

    assert response.status_code == 404


async def test_the_organisation_key_tried_is_reported_when_the_ai_fails(
    served: httpx.AsyncClient,
) -> None:
    owner = await owner_with_org_key(served)
    fake = RoutedAnthropic(process=storm(4))
    with fake_ai(fake, platform_key=None):
        task = await _structure(served, owner)

    assert fake.keys() == {ORG_KEY}
    assert (task["result"]["path"], task["result"]["key_source"]) == (
        "deterministic",
        "organization",
    )


async def test_structuring_is_audited_request_and_outcome_without_the_text(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    with no_ai():
        task = await _structure(served, owner)

    requested = await audit_rows(served, owner.org_id, "pif.process_structure_requested")
    outcome = await audit_rows(served, owner.org_id, "pif.process_structured")
    assert requested == [(owner.user_id, {"task_id": task["id"], "characters": len(TEXT.strip())})]
    assert outcome == [
        (
            owner.user_id,
            {
                "task_id": task["id"],
                "path": "deterministic",
                "ai_draft": False,
                "key_source": "none",
                "steps": 3,
            },
        )
    ]


@pytest.mark.parametrize("text", ["   ", "\n\t \n", "\u200b"])
async def test_blank_process_text_is_422_naming_body_text(
    client: httpx.AsyncClient, text: str
) -> None:
    owner = await register(client)
    product = await create_product(client, owner)

    response = await client.post(
        f"/api/v1/products/{product['id']}/pif/6/structure",
        json={"text": text},
        headers=owner.headers,
    )

    assert response.status_code == 422, response.text
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.text"]
    assert "blank" in response.json()["error"]["details"][0]["message"]
