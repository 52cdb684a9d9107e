from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from pifai.app import create_app
from pifai.core.config import Settings
from tests.conftest import Backend, make_settings
from tests.factories.accounts import unique_email


@asynccontextmanager
async def client_for(
    application: FastAPI, *, raise_app_exceptions: bool = True
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(
        app=application, client=("127.0.0.1", 50000), raise_app_exceptions=raise_app_exceptions
    )
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    finally:
        await application.state.db.dispose()


def app_with_a_failing_route(settings: Settings) -> FastAPI:
    application = create_app(settings, configure_logs=False)

    @application.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    return application


def assert_error_shape(response: httpx.Response, code: str) -> None:
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


async def test_unknown_path_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert_error_shape(response, "not_found")


async def test_wrong_method_is_a_json_405(client: httpx.AsyncClient) -> None:
    response = await client.patch("/api/v1/products", json={})

    assert response.status_code == 405
    assert_error_shape(response, "method_not_allowed")


async def test_malformed_json_is_a_422_naming_the_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"email": "a@example.com", "password": ',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert_error_shape(response, "validation_error")
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert fields and all(f == "body" or f.startswith("body.") for f in fields)


async def test_a_wrong_field_type_is_a_422_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": unique_email(),
            "password": "Correct-Horse-42-battery",
            "org_name": "Acme",
            "org_type": 123,
        },
    )

    assert response.status_code == 422
    assert_error_shape(response, "validation_error")
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.org_type"]
    assert "body.org_type" in response.json()["error"]["message"]


async def test_a_missing_bearer_token_is_a_json_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/products")

    assert response.status_code == 401
    assert_error_shape(response, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_an_oversized_body_is_a_json_413(backend: Backend) -> None:
    settings = backend.settings.model_copy(update={"max_body_bytes": 1024})

    async with client_for(create_app(settings, configure_logs=False)) as c:
        response = await c.post(
            "/api/v1/auth/login",
            json={"email": unique_email(), "password": "x" * 4096},
        )

    assert response.status_code == 413
    assert_error_shape(response, "payload_too_large")


async def test_a_body_under_the_limit_is_accepted(backend: Backend) -> None:
    settings = backend.settings.model_copy(update={"max_body_bytes": 1024})

    async with client_for(create_app(settings, configure_logs=False)) as c:
        response = await c.post(
            "/api/v1/auth/login", json={"email": unique_email(), "password": "x" * 100}
        )

    assert response.status_code == 401


async def test_an_unexpected_exception_is_a_json_500_without_internals(tmp_path: Path) -> None:
    settings = make_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")

    async with client_for(app_with_a_failing_route(settings), raise_app_exceptions=False) as c:
        response = await c.get("/boom")

    assert response.status_code == 500
    assert_error_shape(response, "internal_error")
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    assert "hunter2" not in response.text


async def test_a_500_carries_the_request_id_it_reports(tmp_path: Path) -> None:
    settings = make_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")

    async with client_for(app_with_a_failing_route(settings), raise_app_exceptions=False) as c:
        response = await c.get("/boom", headers={"X-Request-ID": "boom-42"})

    assert response.status_code == 500
    assert response.headers.get("X-Request-ID") == "boom-42"
    assert response.json()["error"]["details"] == {"request_id": "boom-42"}


async def test_an_oversized_chunked_body_is_a_json_413(backend: Backend) -> None:
    settings = backend.settings.model_copy(update={"max_body_bytes": 1024})

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"x" * 500

    async with client_for(create_app(settings, configure_logs=False)) as c:
        response = await c.post(
            "/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"}
        )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
