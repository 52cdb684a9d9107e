"""Every route with a tenant resource id in its path answers 404 to another organisation.

The walk reads the OpenAPI schema, so routes added later are covered without editing
this test; a path parameter it cannot supply a foreign id for fails the test, naming it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.factories.accounts import Account, add_member, register
from tests.factories.products import create_product

Resources = dict[str, str]
# Path parameters that name global reference data, not a tenant's rows, and why that is
# safe; a route whose parameters are all listed here is readable by every organisation.
GLOBAL_PARAMS = {
    "ingredient_id": "CosIng dictionary id: global reference data (its tasks are org-scoped)",
    "key": "an external service's name (anthropic, echa, rag); the route acts on the caller's "
    "own organisation's key only",
}
# Operator routes: a tenant gets 403 whatever the id (it learns nothing about other
# organisations); the operator's own access is tested in tests/admin.
OPERATOR_PREFIX = "/api/v1/admin/"


async def _foreign_resources(client: httpx.AsyncClient, victim: Account) -> Resources:
    """Real resources of the victim organisation, by path parameter name."""
    product = await create_product(client, victim)
    colleague = await register(client)
    added = await add_member(client, victim, colleague.email, "member")
    assert added.status_code == 201
    task_id = await _create_task_row(client, victim)
    upload = await client.post(
        f"/api/v1/products/{product['id']}/pif/upload",
        data={"item_number": "4"},
        files={"file": ("label.txt", "保濕乳霜 label text".encode(), "text/plain")},
        headers=victim.headers,
    )
    assert upload.status_code in (201, 202), upload.text
    material = await client.post(
        "/api/v1/raw-materials",
        json={"name": "Secret Blend", "components": [{"name": "Phenoxyethanol", "share": "90"}]},
        headers=victim.headers,
    )
    assert material.status_code == 201, material.text
    outsourcing = await client.post(
        f"/api/v1/products/{product['id']}/outsourcings",
        json={"item_numbers": [5, 6], "provider_name": "Secret OEM", "provider_type": "oem"},
        headers=victim.headers,
    )
    assert outsourcing.status_code == 201, outsourcing.text
    review = await client.post(
        f"/api/v1/products/{product['id']}/sa-review", headers=victim.headers
    )
    assert review.status_code == 201, review.text
    versions = await client.get(
        f"/api/v1/products/{product['id']}/pif-versions", headers=victim.headers
    )
    assert versions.status_code == 200 and versions.json(), versions.text
    invitation = await client.post(
        "/api/v1/organizations/current/invitations",
        json={"email": f"invitee-{uuid.uuid4().hex[:8]}@example.com", "role": "member"},
        headers=victim.headers,
    )
    assert invitation.status_code == 201, invitation.text
    return {
        "org_id": str(victim.org_id),
        "invitation_id": invitation.json()["id"],
        # The victim's invitation token is a secret the intruder does not have; any other
        # token must look exactly like a missing invitation.
        "token": "A" * 43,
        "review_id": review.json()["id"],
        "version_id": versions.json()[0]["id"],
        "material_id": material.json()["id"],
        "product_id": product["id"],
        "item_number": "3",
        "user_id": str(colleague.user_id),
        "task_id": task_id,
        "file_id": upload.json()["file_id"],
        "outsourcing_id": outsourcing.json()["id"],
    }


async def _create_task_row(client: httpx.AsyncClient, owner: Account) -> str:
    """Tasks have no creation route of their own yet; insert one in the owner's org."""
    from pifai.core.database import Database
    from pifai.models import Task

    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    db: Database = app.state.db
    task_id = uuid.uuid4()
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        session.add(Task(id=task_id, org_id=owner.org_id, kind="diagnostics.echo", payload={}))
    return str(task_id)


def _sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A minimal valid value for a JSON schema, so body validation does not answer first."""
    if "$ref" in schema:
        return _sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    samplers: dict[str, Callable[[], Any]] = {
        "object": lambda: {
            name: _sample(prop, components)
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        },
        "array": lambda: [
            _sample(schema.get("items", {}), components) for _ in range(schema.get("minItems", 0))
        ],
        "integer": lambda: max(1, schema.get("minimum", 1)),
        "number": lambda: 1,
        "boolean": lambda: False,
        "string": lambda: _sample_string(schema),
    }
    return samplers.get(kind or "object", lambda: None)()


# A value for each string pattern the API uses; a new pattern must be added here.
PATTERN_SAMPLES = {
    r"^\s*[0-9]{3}\s?[0-9]{3}\s*$": "123456",  # TOTP code
    r"^[0-9a-f]{64}$": "0" * 64,  # SHA-256 hex
}


def _sample_string(schema: dict[str, Any]) -> str:
    pattern = schema.get("pattern")
    if pattern is not None:
        if pattern not in PATTERN_SAMPLES:
            pytest.fail(f"no sample for the string pattern {pattern!r}: add it to PATTERN_SAMPLES")
        return PATTERN_SAMPLES[pattern]
    fmt = schema.get("format")
    if fmt == "uuid":
        return str(uuid.uuid4())
    if fmt == "email":
        return "nobody@example.com"
    if fmt == "date":
        return "2027-01-01"
    return "x" * max(1, schema.get("minLength", 1))


async def _send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    operation: dict[str, Any],
    components: dict[str, Any],
    intruder: Account,
) -> httpx.Response:
    """A request whose body is valid for the route, so only the tenant check can refuse it."""
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        form = _sample(content["multipart/form-data"]["schema"], components)
        fields = {k: str(v) for k, v in form.items() if not isinstance(v, str) or k != "file"}
        return await client.request(
            method,
            url,
            data=fields,
            files={"file": ("x.txt", b"hello", "text/plain")},
            headers=intruder.headers,
        )
    schema = content.get("application/json", {}).get("schema")
    body = _sample(schema, components) if schema else None
    return await client.request(method, url, json=body, headers=intruder.headers)


def _walkable_operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    spec = app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        if "{" not in path:
            continue
        for method, operation in methods.items():
            operations.append((method.upper(), path, operation))
    return operations


async def test_every_tenant_route_answers_404_to_another_organisation(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    victim = await register(client)
    intruder = await register(client)
    resources = await _foreign_resources(client, victim)
    components = app.openapi().get("components", {}).get("schemas", {})
    operations = _walkable_operations(app)
    assert len(operations) >= 7

    unanswered = []
    for method, path, operation in operations:
        names = re.findall(r"{(\w+)}", path)
        if names and set(names) <= GLOBAL_PARAMS.keys():
            continue
        missing = [n for n in names if n not in resources]
        if missing:
            pytest.fail(f"no foreign id for {missing} in {method} {path}: add it to the walk")
        url = path.format(**resources)
        response = await _send(client, method, url, operation, components, intruder)
        expected = 403 if url.startswith(OPERATOR_PREFIX) else 404
        if response.status_code != expected:
            unanswered.append(f"{method} {path} -> {response.status_code} {response.text[:120]}")

    assert unanswered == []


async def test_foreign_product_is_untouched_after_the_walk(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    victim = await register(client)
    intruder = await register(client)
    product = await create_product(client, victim, name="Secret formula cream")

    await client.put(
        f"/api/v1/products/{product['id']}", json={"name": "pwned"}, headers=intruder.headers
    )
    await client.delete(f"/api/v1/products/{product['id']}", headers=intruder.headers)
    await client.put(
        f"/api/v1/products/{product['id']}/pif/3", json={"data": {"x": 1}}, headers=intruder.headers
    )

    mine = await client.get(f"/api/v1/products/{product['id']}", headers=victim.headers)
    item = await client.get(f"/api/v1/products/{product['id']}/pif/3", headers=victim.headers)
    assert mine.json()["name"] == "Secret formula cream"
    assert mine.json()["archived_at"] is None
    assert item.json()["status"] == "missing" and item.json()["data"] == {}


async def test_owner_reaches_the_resources_the_walk_uses(client: httpx.AsyncClient) -> None:
    """The ids in the walk are real: their owner organisation gets them (not a 404 walk)."""
    owner = await register(client)
    resources = await _foreign_resources(client, owner)

    product = await client.get(f"/api/v1/products/{resources['product_id']}", headers=owner.headers)
    item = await client.get(
        f"/api/v1/products/{resources['product_id']}/pif/{resources['item_number']}",
        headers=owner.headers,
    )
    task = await client.get(f"/api/v1/tasks/{resources['task_id']}", headers=owner.headers)
    outsourcings = await client.get(
        f"/api/v1/products/{resources['product_id']}/outsourcings", headers=owner.headers
    )

    assert (product.status_code, item.status_code, task.status_code) == (200, 200, 200)
    assert [o["id"] for o in outsourcings.json()] == [resources["outsourcing_id"]]
