"""The operator's organisation list, plan changes and audit trail reads."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.admin.conftest import Platform
from tests.admin.operator import audit_rows, tag
from tests.factories.accounts import Account, add_member, register, unique_email
from tests.factories.products import create_product

ADMIN_ROUTES = [
    ("GET", "/api/v1/admin/organizations", None),
    ("GET", "/api/v1/admin/audit-logs", None),
    ("PUT", f"/api/v1/admin/organizations/{uuid.uuid4()}/plan", {"plan": "pro"}),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
async def test_an_organisation_owner_is_refused_every_operator_route(
    platform: Platform, method: str, path: str, body: dict[str, str] | None
) -> None:
    owner = await register(platform.client)

    response = await platform.client.request(method, path, json=body, headers=owner.headers)

    assert response.status_code == 403
    assert "super_admin" in response.json()["error"]["message"]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
async def test_operator_routes_need_a_token(
    platform: Platform, method: str, path: str, body: dict[str, str] | None
) -> None:
    response = await platform.client.request(method, path, json=body)

    assert response.status_code == 401


async def test_the_list_shows_every_tenant_with_its_counts(platform: Platform) -> None:
    client, word = platform.client, tag()
    brand = await register(client, org_name=f"Brand {word}", org_type="brand")
    oem = await register(client, org_name=f"OEM {word}", org_type="oem")
    await create_product(client, brand, name="A")
    archived = await create_product(client, brand, name="B")
    await client.delete(f"/api/v1/products/{archived['id']}", headers=brand.headers)
    await add_member(client, oem, (await register(client)).email, "member")

    response = await client.get(
        "/api/v1/admin/organizations", params={"q": word.upper()}, headers=platform.operator.headers
    )

    body = response.json()
    assert response.status_code == 200, body
    rows = {row["name"]: row for row in body["items"]}
    assert body["total"] == 2
    assert rows[f"Brand {word}"]["id"] == str(brand.org_id)
    brand_row, oem_row = rows[f"Brand {word}"], rows[f"OEM {word}"]
    assert (brand_row["products"], brand_row["active_products"], brand_row["members"]) == (2, 1, 1)
    assert (oem_row["products"], oem_row["active_products"], oem_row["members"]) == (0, 0, 2)
    assert (brand_row["type"], brand_row["plan"]) == ("brand", "free")
    assert brand_row["last_activity_at"] is not None


async def test_the_list_filters_by_plan_and_type(platform: Platform) -> None:
    client, word = platform.client, tag()
    await register(client, org_name=f"Importer {word}", org_type="importer")
    oem = await register(client, org_name=f"OEM {word}", org_type="oem")
    await client.put(
        f"/api/v1/admin/organizations/{oem.org_id}/plan",
        json={"plan": "enterprise"},
        headers=platform.operator.headers,
    )

    by_type = await client.get(
        "/api/v1/admin/organizations",
        params={"q": word, "type": "importer"},
        headers=platform.operator.headers,
    )
    by_plan = await client.get(
        "/api/v1/admin/organizations",
        params={"q": word, "plan": "enterprise"},
        headers=platform.operator.headers,
    )

    assert [o["name"] for o in by_type.json()["items"]] == [f"Importer {word}"]
    assert [o["name"] for o in by_plan.json()["items"]] == [f"OEM {word}"]


async def test_the_list_pages(platform: Platform) -> None:
    client, word = platform.client, tag()
    for i in range(3):
        await register(client, org_name=f"Paged {word} {i}")

    pages = [
        (
            await client.get(
                "/api/v1/admin/organizations",
                params={"q": word, "page": str(n), "page_size": "2"},
                headers=platform.operator.headers,
            )
        ).json()
        for n in (1, 2)
    ]

    assert [p["total"] for p in pages] == [3, 3]
    names = [o["name"] for p in pages for o in p["items"]]
    assert names == [f"Paged {word} 2", f"Paged {word} 1", f"Paged {word} 0"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"plan": "gold"}, "query.plan"),
        ({"type": "shop"}, "query.type"),
        ({"q": ""}, "query.q"),
        ({"q": "a\x00b"}, "query.q"),
        ({"page_size": "0"}, "query.page_size"),
    ],
)
async def test_bad_list_filters_name_the_field(
    platform: Platform, params: dict[str, str], field: str
) -> None:
    response = await platform.client.get(
        "/api/v1/admin/organizations", params=params, headers=platform.operator.headers
    )

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == [field]


async def _create_products(platform: Platform, owner: Account, count: int) -> list[int]:
    statuses = []
    for i in range(count):
        response = await platform.client.post(
            "/api/v1/products",
            json={"name": f"P{i}", "product_type": "face_cream"},
            headers=owner.headers,
        )
        statuses.append(response.status_code)
    return statuses


async def _set_plan(platform: Platform, org_id: uuid.UUID, plan: str) -> dict[str, object]:
    response = await platform.client.put(
        f"/api/v1/admin/organizations/{org_id}/plan",
        json={"plan": plan},
        headers=platform.operator.headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_a_plan_change_takes_effect_and_reports_exceeded_limits(
    platform: Platform,
) -> None:
    owner = await register(platform.client)
    await _set_plan(platform, owner.org_id, "pro")
    created_on_pro = await _create_products(platform, owner, 4)

    downgraded = await _set_plan(platform, owner.org_id, "free")
    refused = await platform.client.post(
        "/api/v1/products", json={"name": "P5", "product_type": "face_cream"}, headers=owner.headers
    )

    assert created_on_pro == [201] * 4
    assert (downgraded["previous_plan"], downgraded["plan"]) == ("pro", "free")
    assert downgraded["exceeded"] == ["active_products"]
    assert downgraded["limits"] == [
        {"limit": "active_products", "allowed": 3, "used": 4, "exceeded": True},
        {"limit": "members", "allowed": 3, "used": 1, "exceeded": False},
    ]
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "plan_limit"


async def test_the_free_plan_refuses_the_fourth_product(platform: Platform) -> None:
    owner = await register(platform.client)
    await _set_plan(platform, owner.org_id, "enterprise")
    await _set_plan(platform, owner.org_id, "free")

    statuses = await _create_products(platform, owner, 4)

    assert statuses == [201, 201, 201, 403]


async def test_a_plan_change_is_audited_in_the_organisations_chain(platform: Platform) -> None:
    owner = await register(platform.client)
    await _set_plan(platform, owner.org_id, "pro")

    in_org = await audit_rows(
        platform.client,
        platform.operator,
        org_id=str(owner.org_id),
        action="organization.plan_changed",
    )
    operator_trail = await audit_rows(
        platform.client, platform.operator, action="admin.plan_changed"
    )

    assert [(r["chain"], r["details"]["from"], r["details"]["to"]) for r in in_org] == [
        (str(owner.org_id), "free", "pro")
    ]
    assert in_org[0]["user_id"] == str(platform.operator.user_id)
    assert str(owner.org_id) in [r["details"]["org_id"] for r in operator_trail]


async def test_setting_the_same_plan_changes_and_audits_nothing(platform: Platform) -> None:
    owner = await register(platform.client)

    same = await _set_plan(platform, owner.org_id, "free")
    rows = await audit_rows(
        platform.client, platform.operator, org_id=str(owner.org_id), action="organization.*"
    )

    assert same["changed"] is False
    assert "organization.plan_changed" not in [r["action"] for r in rows]


async def test_the_plan_of_an_unknown_organisation_is_not_found(platform: Platform) -> None:
    response = await platform.client.put(
        f"/api/v1/admin/organizations/{uuid.uuid4()}/plan",
        json={"plan": "pro"},
        headers=platform.operator.headers,
    )

    assert response.status_code == 404


async def test_an_unknown_plan_is_refused_with_the_field(platform: Platform) -> None:
    owner = await register(platform.client)

    response = await platform.client.put(
        f"/api/v1/admin/organizations/{owner.org_id}/plan",
        json={"plan": "platinum"},
        headers=platform.operator.headers,
    )

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["body.plan"]


async def test_audit_logs_filter_by_organisation_user_and_action(platform: Platform) -> None:
    client = platform.client
    owner = await register(client)
    other = await register(client)
    await create_product(client, owner)
    await create_product(client, other)

    of_org = await audit_rows(client, platform.operator, org_id=str(owner.org_id))
    of_user = await audit_rows(client, platform.operator, user_id=str(other.user_id))
    exact = await audit_rows(
        client, platform.operator, org_id=str(owner.org_id), action="product.created"
    )
    prefix = await audit_rows(
        client, platform.operator, org_id=str(owner.org_id), action="membership.*"
    )

    assert {r["org_id"] for r in of_org} == {str(owner.org_id)}
    actions = [r["action"] for r in of_org]
    assert actions[0] == "product.created"  # newest first
    assert actions[-1] == "organization.created"
    assert {r["user_id"] for r in of_user} == {str(other.user_id)}
    assert [r["action"] for r in exact] == ["product.created"]
    assert [r["action"] for r in prefix] == ["membership.added"]


async def test_audit_logs_without_an_organisation_include_the_system_chain(
    platform: Platform,
) -> None:
    await platform.client.post(
        "/api/v1/auth/login", json={"email": unique_email("nobody"), "password": "x-Y-z-123456"}
    )

    rows = await audit_rows(platform.client, platform.operator, action="auth.login_failed")

    assert "system" in {r["chain"] for r in rows}
    assert all(len(r["hash"]) == 64 for r in rows)


async def test_audit_logs_filter_by_time_window(platform: Platform) -> None:
    owner = await register(platform.client)
    middle = datetime.now(UTC)
    await create_product(platform.client, owner)
    end = datetime.now(UTC)

    def rows(**window: datetime) -> Awaitable[list[dict[str, Any]]]:
        params = {k: v.isoformat() for k, v in window.items()}
        return audit_rows(platform.client, platform.operator, org_id=str(owner.org_id), **params)

    before_middle = await rows(until=middle)
    between = await rows(since=middle, until=end)
    after_end = await rows(since=end + timedelta(milliseconds=1))

    assert "organization.created" in [r["action"] for r in before_middle]
    assert "product.created" not in [r["action"] for r in before_middle]
    assert [r["action"] for r in between] == ["product.created"]
    assert after_end == []


async def test_a_naive_time_is_read_as_utc(platform: Platform) -> None:
    owner = await register(platform.client)
    middle = datetime.now(UTC)
    await create_product(platform.client, owner)

    rows = await audit_rows(
        platform.client,
        platform.operator,
        org_id=str(owner.org_id),
        since=middle.replace(tzinfo=None).isoformat(),
    )

    assert [r["action"] for r in rows] == ["product.created"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, "query.since"),
        ({"since": "yesterday"}, "query.since"),
        ({"org_id": "42"}, "query.org_id"),
        ({"user_id": "me"}, "query.user_id"),
        ({"action": "auth.%"}, "query.action"),
    ],
)
async def test_bad_audit_filters_name_the_field(
    platform: Platform, params: dict[str, str], field: str
) -> None:
    response = await platform.client.get(
        "/api/v1/admin/audit-logs", params=params, headers=platform.operator.headers
    )

    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == [field]


async def test_a_too_long_search_says_characters(platform: Platform) -> None:
    response = await platform.client.get(
        "/api/v1/admin/organizations", params={"q": "a" * 201}, headers=platform.operator.headers
    )

    assert response.status_code == 422
    (detail,) = response.json()["error"]["details"]
    assert detail == {"field": "query.q", "message": "String should have at most 200 characters"}
