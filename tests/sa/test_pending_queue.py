"""GET /sa/pending: the acting organisation's reviews by default, every organisation where
the user is an SA on request, lowest confidence first; and every SA step leaves its audit
row."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from pifai.core.database import Database
from pifai.models import AuditLog
from tests.factories.accounts import register
from tests.factories.products import create_product
from tests.factories.sa import (
    clean_pif,
    days,
    enrol,
    join_as_sa,
    mark_reviewed,
    upload_formula,
)
from tests.sa.conftest import SaHarness

# "Aqua Dew Complex" is no INCI name: its row is not resolved (confidence 0).
UNCERTAIN = (
    b"INCI,%\nAqua,79\nGlycerin,10\nButylene Glycol,8\nAqua Dew Complex,1\nPhenoxyethanol,0.9\n"
)


async def test_the_queue_spans_organisations_and_puts_low_confidence_first(
    harness: SaHarness,
) -> None:
    client = harness.client
    first_owner, second_owner = await register(client), await register(client)
    sa_account = await join_as_sa(client, first_owner)
    added = await client.post(
        "/api/v1/organizations/current/members",
        json={"email": sa_account.email, "role": "sa"},
        headers=second_owner.headers,
    )
    assert added.status_code == 201, added.text
    sa = await enrol(client, sa_account, harness.clock, days(365))

    certain = (await create_product(client, first_owner, name="Certain cream"))["id"]
    await clean_pif(client, first_owner, certain)
    uncertain = (await create_product(client, second_owner, name="Uncertain cream"))["id"]
    await clean_pif(client, second_owner, uncertain)
    await upload_formula(client, second_owner, uncertain, UNCERTAIN)
    await mark_reviewed(client, second_owner, uncertain)
    for owner, pid in ((first_owner, certain), (second_owner, uncertain)):
        submitted = await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)
        assert submitted.status_code == 201, submitted.text

    queue = await client.get(
        "/api/v1/sa/pending", params={"all_organizations": "true"}, headers=sa.headers
    )
    here = await client.get("/api/v1/sa/pending", headers=sa.headers)

    assert queue.status_code == 200, queue.text
    assert [e["product_name"] for e in here.json()] == ["Certain cream"]  # acting in the first
    entries = queue.json()
    assert [e["product_name"] for e in entries] == ["Uncertain cream", "Certain cream"]
    assert [e["org_id"] for e in entries] == [str(second_owner.org_id), str(first_owner.org_id)]
    low = entries[0]["low_confidence"]
    assert low and all(m["confidence"] < 0.8 for m in low)
    assert any("Aqua Dew Complex" in m["where"] for m in low)
    assert entries[0]["lowest_confidence"] < entries[1]["lowest_confidence"]

    # The owner is no SA anywhere: no queue.
    refused = await client.get("/api/v1/sa/pending", headers=first_owner.headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_safety_assessor"

    # An SA acting in an organisation where they are only a member gets no queue there.
    member_here = await client.post(
        "/api/v1/organizations/current/members",
        json={"email": first_owner.email, "role": "member"},
        headers=second_owner.headers,
    )
    assert member_here.status_code == 201, member_here.text
    await client.put(
        f"/api/v1/organizations/current/members/{first_owner.user_id}",
        json={"role": "sa"},
        headers=second_owner.headers,
    )
    as_sa_elsewhere = await client.get("/api/v1/sa/pending", headers=first_owner.headers)
    assert as_sa_elsewhere.status_code == 403
    assert as_sa_elsewhere.json()["error"]["code"] == "not_safety_assessor_here"


async def test_every_sa_step_is_audited(harness: SaHarness) -> None:
    client = harness.client
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    await clean_pif(client, owner, pid)
    sa = await enrol(client, await join_as_sa(client, owner), harness.clock, days(365))
    review = (await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)).json()
    steps = [
        ("PUT", f"/api/v1/sa/reviews/{review['id']}", {"comments": [{"text": "Looks fine."}]}),
        (
            "POST",
            f"/api/v1/sa/reviews/{review['id']}/revision",
            {"items": [6], "comment": "Add QC"},
        ),
    ]
    for method, url, body in steps:
        response = await client.request(
            method, url, json={**body, "totp_code": sa.code()}, headers=sa.headers
        )
        assert response.status_code == 200, response.text
    await mark_reviewed(client, owner, pid)
    again = (await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)).json()
    signed = await client.post(
        f"/api/v1/sa/reviews/{again['id']}/sign",
        json={"totp_code": sa.code()},
        headers=sa.headers,
    )
    assert signed.status_code == 200, signed.text

    db: Database = harness.app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        rows = (
            await session.execute(
                select(AuditLog.action, AuditLog.user_id, AuditLog.details)
                .where(AuditLog.org_id == owner.org_id, AuditLog.action.like("sa_review.%"))
                .order_by(AuditLog.seq)
            )
        ).all()
    assert [r.action for r in rows] == [
        "sa_review.submitted",
        "sa_review.updated",
        "sa_review.revision_requested",
        "sa_review.submitted",
        "sa_review.signed",
    ]
    assert {r.user_id for r in rows[1:3]} == {sa.account.user_id}
    assert rows[2].details["items"] == [6]
    signed_row = rows[-1].details
    assert signed_row["signature_hash"] == signed.json()["signed"]["signature_hash"]
    assert uuid.UUID(signed_row["version_id"]) == uuid.UUID(signed.json()["signed"]["version_id"])
