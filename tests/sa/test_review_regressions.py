"""Defects found by breaking the SA review: each stays fixed."""

from __future__ import annotations

from pifai.audit.verify import verify_all
from pifai.core.database import Database
from tests.factories.accounts import Account, register
from tests.factories.products import create_product
from tests.factories.sa import SafetyAssessor, clean_pif, days, enrol, join_as_sa
from tests.sa.conftest import SaHarness


async def _ready(harness: SaHarness) -> tuple[Account, SafetyAssessor, str, str]:
    client = harness.client
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    await clean_pif(client, owner, pid)
    sa = await enrol(client, await join_as_sa(client, owner), harness.clock, days(365))
    review = await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers)
    assert review.status_code == 201, review.text
    return owner, sa, pid, review.json()["id"]


async def test_a_revision_of_items_9_and_10_keeps_the_audit_chain_intact(
    harness: SaHarness,
) -> None:
    owner, sa, _, review_id = await _ready(harness)
    revised = await harness.client.post(
        f"/api/v1/sa/reviews/{review_id}/revision",
        json={"totp_code": sa.code(), "items": [9, 10], "comment": "Redo the toxicology."},
        headers=sa.headers,
    )
    assert revised.status_code == 200, revised.text

    db: Database = harness.app.state.db
    async with db.session(org_id=owner.org_id) as session:
        report = await verify_all(session)
    assert report.rows > 0
    assert report.breaks == []


async def test_a_refused_signature_leaves_the_code_usable(harness: SaHarness) -> None:
    _, sa, _, review_id = await _ready(harness)
    client = harness.client
    code = sa.code()

    refused = await client.post(
        f"/api/v1/sa/reviews/{review_id}/sign",
        json={"totp_code": code, "content_hash": "a" * 64},
        headers=sa.headers,
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "content_changed"

    signed = await client.post(
        f"/api/v1/sa/reviews/{review_id}/sign", json={"totp_code": code}, headers=sa.headers
    )
    assert signed.status_code == 200, signed.text


async def test_renaming_or_retyping_a_signed_product_needs_a_new_signature(
    harness: SaHarness,
) -> None:
    owner, sa, pid, review_id = await _ready(harness)
    client = harness.client
    signed = await client.post(
        f"/api/v1/sa/reviews/{review_id}/sign", json={"totp_code": sa.code()}, headers=sa.headers
    )
    assert signed.status_code == 200, signed.text

    for change, reason in (
        ({"name": "改名乳霜"}, "label_name"),
        ({"product_type": "lipstick"}, "use"),
    ):
        updated = await client.put(f"/api/v1/products/{pid}", json=change, headers=owner.headers)
        assert updated.status_code == 200, updated.text
        assert updated.json()["pif_status"] == "in_progress"
        detection = await client.get(
            f"/api/v1/products/{pid}/pif-versions/change-detection", headers=owner.headers
        )
        assert detection.json()["needs_resign"] is True
        assert reason in [r["fingerprint"] for r in detection.json()["reasons"]]


async def test_full_width_digits_are_not_a_code(harness: SaHarness) -> None:
    _, sa, _, review_id = await _ready(harness)
    ascii_code = sa.code()
    full_width = ascii_code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    refused = await harness.client.post(
        f"/api/v1/sa/reviews/{review_id}/sign", json={"totp_code": full_width}, headers=sa.headers
    )

    assert refused.status_code == 422
