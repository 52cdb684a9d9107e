from __future__ import annotations

import httpx

from tests.factories.accounts import register

REFRESH_URL = "/api/v1/auth/refresh"


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(REFRESH_URL, json={"refresh_token": token})


async def test_refresh_rotates_the_tokens_and_the_new_ones_work(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)

    first = await refresh(client, account.refresh_token)
    second = await refresh(client, first.json()["refresh_token"])

    assert first.status_code == 200 and second.status_code == 200
    assert first.json()["refresh_token"] != account.refresh_token
    assert second.json()["refresh_token"] != first.json()["refresh_token"]
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {second.json()['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["user_id"] == str(account.user_id)
    assert me.json()["org_id"] == str(account.org_id)


async def test_reusing_a_rotated_refresh_token_is_refused(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await refresh(client, account.refresh_token)

    reused = await refresh(client, account.refresh_token)

    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "refresh_token_reused"


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    newest = (await refresh(client, account.refresh_token)).json()["refresh_token"]
    await refresh(client, account.refresh_token)

    response = await refresh(client, newest)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "refresh_token_revoked"


async def test_a_garbage_refresh_token_is_refused(client: httpx.AsyncClient) -> None:
    response = await refresh(client, "garbage")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_refresh_token"


async def test_logout_revokes_the_refresh_token(client: httpx.AsyncClient) -> None:
    account = await register(client)

    logout = await client.post("/api/v1/auth/logout", json={"refresh_token": account.refresh_token})
    response = await refresh(client, account.refresh_token)

    assert logout.status_code == 204
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "refresh_token_revoked"
