from __future__ import annotations

import httpx

from tests.factories.accounts import login, register, unique_email


async def test_login_with_the_right_password_returns_working_tokens(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)

    response = await login(client, account.email)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["org_id"] == str(account.org_id)
    assert body["role"] == "owner"
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["user_id"] == str(account.user_id)


async def test_login_with_a_wrong_password_is_refused(client: httpx.AsyncClient) -> None:
    account = await register(client)

    response = await login(client, account.email, "Wrong-password-99")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


async def test_login_with_an_unknown_email_gives_the_same_answer_as_a_wrong_password(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)

    wrong_password = await login(client, account.email, "Wrong-password-99")
    unknown_email = await login(client, unique_email("nobody"), "Wrong-password-99")

    assert unknown_email.status_code == wrong_password.status_code == 401
    assert unknown_email.json() == wrong_password.json()


async def test_me_without_a_valid_access_token_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-jwt"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
