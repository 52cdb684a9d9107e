"""SPEC §12.6: what signing refuses, each with the message the user sees, and a signed
snapshot edited directly in the database reported by the verify route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.conftest import Backend
from tests.factories.accounts import Account, register
from tests.factories.items import put_item
from tests.factories.products import create_product
from tests.factories.sa import (
    SafetyAssessor,
    clean_pif,
    days,
    enrol,
    join_as_sa,
    mark_reviewed,
    put_data,
)
from tests.sa.conftest import SaHarness

SQLITE_LOCK_TRIGGER = (
    "CREATE TRIGGER pif_versions_locked_update BEFORE UPDATE ON pif_versions WHEN OLD.locked "
    "BEGIN SELECT RAISE(ABORT, 'pif_versions row is signed and locked'); END"
)


@dataclass
class Setup:
    owner: Account
    sa: SafetyAssessor
    pid: str
    review_id: str


async def _ready(harness: SaHarness, qualified_until: str | None = None) -> Setup:
    """A clean PIF submitted for review, and an SA of the organisation with 2FA on."""
    client = harness.client
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    await clean_pif(client, owner, pid)
    sa = await enrol(
        client, await join_as_sa(client, owner), harness.clock, qualified_until or days(365)
    )
    submitted = await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)
    assert submitted.status_code == 201, submitted.text
    return Setup(owner, sa, pid, submitted.json()["id"])


async def _sign(
    client: httpx.AsyncClient, headers: dict[str, str], review_id: str, code: str
) -> httpx.Response:
    return await client.post(
        f"/api/v1/sa/reviews/{review_id}/sign", json={"totp_code": code}, headers=headers
    )


def _error(response: httpx.Response) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


async def _review_status(client: httpx.AsyncClient, s: Setup) -> str:
    detail = await client.get(f"/api/v1/sa/reviews/{s.review_id}", headers=s.owner.headers)
    assert detail.status_code == 200, detail.text
    return str(detail.json()["status"])


async def test_the_organisation_owner_is_not_a_safety_assessor(harness: SaHarness) -> None:
    s = await _ready(harness)

    refused = await _sign(harness.client, s.owner.headers, s.review_id, s.sa.code())

    assert refused.status_code == 403
    assert _error(refused)["code"] == "not_safety_assessor"
    assert _error(refused)["message"] == (
        "Only a Safety Assessor (role sa) of this organisation can sign a PIF; your role here "
        "is owner"
    )
    assert await _review_status(harness.client, s) == "pending"


async def test_an_sa_of_another_organisation_gets_not_found(harness: SaHarness) -> None:
    s = await _ready(harness)
    client = harness.client
    other_owner = await register(client)
    outsider = await enrol(client, await join_as_sa(client, other_owner), harness.clock, days(90))

    refused = await _sign(client, outsider.headers, s.review_id, outsider.code())

    assert refused.status_code == 404
    assert _error(refused)["message"] == "Review not found"
    assert await _review_status(client, s) == "pending"


async def test_a_wrong_code_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness)
    right = s.sa.code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    refused = await _sign(harness.client, s.sa.headers, s.review_id, wrong)

    assert refused.status_code == 401
    assert _error(refused)["message"] == "Invalid two-factor code"
    assert await _review_status(harness.client, s) == "pending"


async def test_a_reused_code_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness)
    client = harness.client
    code = s.sa.code()
    comment = await client.put(
        f"/api/v1/sa/reviews/{s.review_id}",
        json={"totp_code": code, "comments": [{"item_number": 7, "text": "Checked."}]},
        headers=s.sa.headers,
    )
    assert comment.status_code == 200, comment.text

    refused = await _sign(client, s.sa.headers, s.review_id, code)

    assert refused.status_code == 401
    assert _error(refused)["message"] == (
        "This two-factor code was already used; wait for the next code from your authenticator app"
    )
    assert await _review_status(client, s) == "pending"


async def test_an_expired_qualification_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness, qualified_until=days(-1))

    refused = await _sign(harness.client, s.sa.headers, s.review_id, s.sa.code())

    assert refused.status_code == 403
    assert _error(refused)["code"] == "sa_qualification_expired"
    assert _error(refused)["message"] == (
        f"Your Safety Assessor qualification (TFDA-SA-2026-0042) expired on {days(-1)}; "
        "renew it before signing"
    )


async def test_an_item_not_reviewed_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness)
    client = harness.client
    reopened = await put_item(client, s.owner, s.pid, 11, status="uploaded")
    assert reopened.status_code == 200, reopened.text

    refused = await _sign(client, s.sa.headers, s.review_id, s.sa.code())

    assert refused.status_code == 409
    assert _error(refused)["code"] == "items_not_reviewed"
    assert _error(refused)["message"] == (
        "Items not yet reviewed: 11 (uploaded). Every item must be human_reviewed (or "
        "declared not applicable with a justification) before signing"
    )
    statuses = await client.get(f"/api/v1/sa/reviews/{s.review_id}", headers=s.sa.headers)
    assert {i["status"] for i in statuses.json()["items"]} == {"human_reviewed", "uploaded"}


async def test_a_blocking_alert_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness)
    client = harness.client
    failed = {
        "report_date": days(-40),
        "laboratory": "SGS Taiwan",
        "result": "fail",
        "method": "iso_11930",
        "criteria": "A",
    }
    await put_data(client, s.owner, s.pid, 13, failed)
    await mark_reviewed(client, s.owner, s.pid)

    refused = await _sign(client, s.sa.headers, s.review_id, s.sa.code())

    assert refused.status_code == 409
    assert _error(refused)["code"] == "blocking_alerts"
    assert _error(refused)["message"].startswith("Blocking alerts prevent signing: R12 (item 13)")


async def test_an_error_alert_needs_an_sa_note_then_signing_succeeds(harness: SaHarness) -> None:
    s = await _ready(harness)
    client = harness.client
    # A sensitive-skin claim without a patch test: R7, an error alert.
    await put_data(client, s.owner, s.pid, 4, {"label_text": "品名:保濕乳霜 適用敏感肌膚"})
    await mark_reviewed(client, s.owner, s.pid)
    detail = (await client.get(f"/api/v1/sa/reviews/{s.review_id}", headers=s.sa.headers)).json()
    errors = [a for a in detail["alerts"] if a["severity"] == "error"]
    assert errors, detail["alerts"]
    assert not [a for a in detail["alerts"] if a["severity"] == "blocking"]

    refused = await _sign(client, s.sa.headers, s.review_id, s.sa.code())

    assert refused.status_code == 409
    assert _error(refused)["code"] == "error_alerts_without_note"
    listed = "; ".join(f"{a['rule']} (item {a['target_item']})" for a in errors)
    assert _error(refused)["message"] == (
        f"Each error alert needs an SA note before signing; missing for: {listed}"
    )

    notes = {a["key"]: "Patch test HRIPT 2025-11 is in the lab dossier, reviewed." for a in errors}
    noted = await client.put(
        f"/api/v1/sa/reviews/{s.review_id}",
        json={"totp_code": s.sa.code(), "alert_notes": notes},
        headers=s.sa.headers,
    )
    assert noted.status_code == 200, noted.text
    assert all(a["note"] for a in noted.json()["alerts"] if a["severity"] == "error")
    signed = await _sign(client, s.sa.headers, s.review_id, s.sa.code())
    assert signed.status_code == 200, signed.text
    assert signed.json()["signed"]["label"] == "V1"


async def test_a_note_for_an_unknown_alert_key_is_a_422(harness: SaHarness) -> None:
    s = await _ready(harness)

    refused = await harness.client.put(
        f"/api/v1/sa/reviews/{s.review_id}",
        json={"totp_code": s.sa.code(), "alert_notes": {"R1:4:000000000000": "ok"}},
        headers=s.sa.headers,
    )

    assert refused.status_code == 422
    assert "R1:4:000000000000" in _error(refused)["message"]


async def test_signing_twice_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness)
    first = await _sign(harness.client, s.sa.headers, s.review_id, s.sa.code())
    assert first.status_code == 200, first.text

    again = await _sign(harness.client, s.sa.headers, s.review_id, s.sa.code())

    assert again.status_code == 409
    assert _error(again)["code"] == "review_not_pending"


async def test_a_pif_changed_after_loading_is_refused(harness: SaHarness) -> None:
    s = await _ready(harness)
    client = harness.client
    loaded = (await client.get(f"/api/v1/sa/reviews/{s.review_id}", headers=s.sa.headers)).json()
    await put_data(client, s.owner, s.pid, 7, {"method": "早晚各一次", "body_area": "臉部"})
    await mark_reviewed(client, s.owner, s.pid)

    refused = await client.post(
        f"/api/v1/sa/reviews/{s.review_id}/sign",
        json={"totp_code": s.sa.code(), "content_hash": loaded["current_content_hash"]},
        headers=s.sa.headers,
    )

    assert refused.status_code == 409
    assert _error(refused)["code"] == "content_changed"


async def test_tampering_with_a_signed_snapshot_is_reported(
    harness: SaHarness, backend: Backend
) -> None:
    s = await _ready(harness)
    client = harness.client
    signed = await _sign(client, s.sa.headers, s.review_id, s.sa.code())
    assert signed.status_code == 200, signed.text
    version_id = signed.json()["signed"]["version_id"]
    intact = await client.get(f"/api/v1/sa/reviews/{s.review_id}/verify", headers=s.owner.headers)
    assert intact.json()["valid"] is True

    url = backend.superuser_url or backend.settings.resolved_database_url
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.begin() as conn:
        # The lock trigger refuses the change; an attacker with full access disables it.
        if backend.name == "postgresql":
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            await conn.execute(text("DROP TRIGGER pif_versions_locked_update"))
        changed = await conn.execute(
            text(
                "UPDATE pif_versions SET canonical_json = "
                "replace(canonical_json, '洗臉後取適量塗抹於臉部', '全身大量塗抹') WHERE id = :id"
            ),
            {"id": version_id if backend.name == "postgresql" else version_id.replace("-", "")},
        )
        assert changed.rowcount == 1
        if backend.name == "sqlite":  # the database is shared with later tests
            await conn.execute(text(SQLITE_LOCK_TRIGGER))
    await engine.dispose()

    report = await client.get(f"/api/v1/sa/reviews/{s.review_id}/verify", headers=s.owner.headers)

    assert report.status_code == 200
    body = report.json()
    assert body["valid"] is False and body["tampered"] is True
    failed = {c["check"] for c in body["checks"] if not c["ok"]}
    assert {"signature_hash", "content_hash", "fingerprints"} <= failed


async def test_the_database_refuses_to_change_a_signed_version(
    harness: SaHarness, backend: Backend
) -> None:
    s = await _ready(harness)
    signed = await _sign(harness.client, s.sa.headers, s.review_id, s.sa.code())
    assert signed.status_code == 200, signed.text
    version_id = signed.json()["signed"]["version_id"]
    key = version_id if backend.name == "postgresql" else version_id.replace("-", "")

    engine = create_async_engine(backend.settings.resolved_database_url, poolclass=NullPool)
    for statement in (
        "UPDATE pif_versions SET certificate_ref = 'forged' WHERE id = :id",
        "DELETE FROM pif_versions WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="signed and locked"):
            async with engine.begin() as conn:
                if backend.name == "postgresql":
                    await conn.execute(
                        text("SELECT set_config('app.current_org_id', :o, true)"),
                        {"o": str(s.owner.org_id)},
                    )
                await conn.execute(text(statement), {"id": key})
    await engine.dispose()
    report = await harness.client.get(
        f"/api/v1/sa/reviews/{s.review_id}/verify", headers=s.owner.headers
    )
    assert report.json()["valid"] is True
