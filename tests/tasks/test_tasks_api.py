"""Long work through the API: 202 + Location, polling, the in-process runner, metrics."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from pifai.app import create_app
from tests.conftest import Backend
from tests.factories.accounts import add_member, register
from tests.factories.tasks import poll_task


async def test_starting_long_work_answers_202_with_a_location_to_poll(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)

    response = await served.post(
        "/api/v1/tasks/diagnostics/echo", json={"message": "ping"}, headers=owner.headers
    )

    assert response.status_code == 202
    location = response.headers["Location"]
    assert location == f"/api/v1/tasks/{response.json()['task_id']}"
    final = await poll_task(served, owner.headers, location)
    assert final["status"] == "done"
    assert final["progress"] == 100
    assert final["result"] == {"echo": "ping", "attempt": 1}


async def test_the_in_process_runner_retries_like_the_worker(served: httpx.AsyncClient) -> None:
    owner = await register(served)

    response = await served.post(
        "/api/v1/tasks/diagnostics/echo", json={"fail_times": 1}, headers=owner.headers
    )
    final = await poll_task(served, owner.headers, response.headers["Location"])

    assert (final["status"], final["attempts"]) == ("done", 2)


async def test_a_plain_member_cannot_start_diagnostics(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    member = await register(served)
    await add_member(served, owner, member.email, "member")
    switched = await served.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=member.headers
    )
    token = switched.json()["access_token"]

    response = await served.post(
        "/api/v1/tasks/diagnostics/echo", json={}, headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 403


async def test_another_organisation_cannot_poll_a_task(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    other = await register(served)
    started = await served.post("/api/v1/tasks/diagnostics/echo", json={}, headers=owner.headers)

    response = await served.get(started.headers["Location"], headers=other.headers)

    assert response.status_code == 404


async def test_echo_payload_is_validated(served: httpx.AsyncClient) -> None:
    owner = await register(served)

    response = await served.post(
        "/api/v1/tasks/diagnostics/echo", json={"sleep_seconds": -1}, headers=owner.headers
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.sleep_seconds"


async def test_metrics_expose_tasks_by_status_depth_durations_and_retries(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    started = await served.post(
        "/api/v1/tasks/diagnostics/echo", json={"fail_times": 1}, headers=owner.headers
    )
    await poll_task(served, owner.headers, started.headers["Location"])

    response = await served.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'pifai_tasks{kind="diagnostics.echo",status="done"}' in text
    assert 'pifai_task_duration_seconds_count{kind="diagnostics.echo"}' in text
    assert 'pifai_task_duration_seconds_bucket{kind="diagnostics.echo",le="+Inf"}' in text
    assert 'pifai_task_retries{kind="diagnostics.echo"}' in text
    assert "pifai_metrics_database_up 1.0" in text


async def test_metrics_count_waiting_tasks_as_queue_depth(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """No worker runs behind the plain ``client`` app, so the task waits."""
    owner = await register(client)
    started = await client.post("/api/v1/tasks/diagnostics/echo", json={}, headers=owner.headers)

    text = (await client.get("/metrics")).text

    assert started.status_code == 202
    depth = [line for line in text.splitlines() if line.startswith("pifai_queue_depth{")]
    assert depth and float(depth[0].rsplit(" ", 1)[1]) >= 1


async def test_metrics_can_require_a_token(backend: Backend) -> None:
    settings = backend.settings.model_copy(update={"metrics_token": "scrape-secret"})
    app = create_app(settings, configure_logs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        refused = await client.get("/metrics")
        allowed = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    await app.state.db.dispose()

    assert refused.status_code == 401
    assert allowed.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "a\u0000b"}, "body.message"),
        ({"sleep_seconds": True}, "body.sleep_seconds"),
        ({"fail_times": "2"}, "body.fail_times"),
    ],
)
async def test_echo_refuses_what_it_cannot_store_or_was_not_meant(
    client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    owner = await register(client)

    response = await client.post("/api/v1/tasks/diagnostics/echo", json=body, headers=owner.headers)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


async def test_metrics_report_zero_rather_than_nothing(client: httpx.AsyncClient) -> None:
    text = (await client.get("/metrics")).text

    assert 'pifai_queue_depth{kind="formula.analyze"}' in text
    assert 'pifai_tasks{kind="formula.analyze",status="failed"}' in text
