from __future__ import annotations

import re

import httpx

GENERATED = re.compile(r"^[0-9a-f]{32}$")


async def test_a_successful_response_carries_a_generated_request_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert GENERATED.match(response.headers["X-Request-ID"])


async def test_an_error_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/products")

    assert response.status_code == 401
    assert GENERATED.match(response.headers["X-Request-ID"])


async def test_each_request_gets_its_own_request_id(client: httpx.AsyncClient) -> None:
    first = await client.get("/api/v1/no-such-thing")
    second = await client.get("/api/v1/no-such-thing")

    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


async def test_a_sane_incoming_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/no-such-thing", headers={"X-Request-ID": "trace-abc_123.4"}
    )

    assert response.headers["X-Request-ID"] == "trace-abc_123.4"


async def test_an_overlong_incoming_request_id_is_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing", headers={"X-Request-ID": "a" * 300})

    assert GENERATED.match(response.headers["X-Request-ID"])


async def test_a_request_id_with_spaces_is_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/no-such-thing", headers={"X-Request-ID": "id with spaces; drop table"}
    )

    assert GENERATED.match(response.headers["X-Request-ID"])


async def test_only_one_request_id_header_is_sent(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing", headers={"X-Request-ID": "abc"})

    assert response.headers.get_list("X-Request-ID") == ["abc"]
