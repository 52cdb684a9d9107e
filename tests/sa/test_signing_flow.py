"""SPEC §12 end to end through the API: V0 → revision → fix → V1 → formula change → V2 →
label change → V3 #1 → another change → V3 #2, each signed version reading back exactly
as signed, with the product's pif_status following the review."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from pifai.core.database import Database
from pifai.pif.versions import service as versions
from pifai.products import service as products
from tests.factories.accounts import Account, register
from tests.factories.items import get_item
from tests.factories.products import create_product
from tests.factories.sa import (
    FORMULA,
    TODAY,
    SafetyAssessor,
    clean_pif,
    days,
    enrol,
    join_as_sa,
    mark_reviewed,
    put_data,
    upload_formula,
)
from tests.sa.conftest import SaHarness

CHANGED_FORMULA = FORMULA.replace(b"Glycerin,10", b"Glycerin,5").replace(b"Aqua,80", b"Aqua,85")


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def _status(client: httpx.AsyncClient, owner: Account, pid: str) -> str:
    product = await _ok(await client.get(f"/api/v1/products/{pid}", headers=owner.headers))
    return str(product["pif_status"])


async def _submit(client: httpx.AsyncClient, owner: Account, pid: str) -> dict[str, Any]:
    review: dict[str, Any] = await _ok(
        await client.post(f"/api/v1/products/{pid}/sa-review", headers=owner.headers), 201
    )
    assert review["status"] == "pending"
    assert await _status(client, owner, pid) == "sa_review"
    return review


async def _sign(client: httpx.AsyncClient, sa: SafetyAssessor, review_id: str) -> dict[str, Any]:
    detail = await _ok(await client.get(f"/api/v1/sa/reviews/{review_id}", headers=sa.headers))
    assert detail["can_sign"], detail["sign_blockers"]
    signed: dict[str, Any] = await _ok(
        await client.post(
            f"/api/v1/sa/reviews/{review_id}/sign",
            json={
                "totp_code": sa.code(),
                "content_hash": detail["current_content_hash"],
                "sa_final_assessment": "Safe for the intended use (SED and MoS in item 16).",
            },
            headers=sa.headers,
        )
    )
    assert signed["status"] == "signed"
    assert {i["status"] for i in signed["items"]} == {"approved"}
    return signed


async def _version(
    client: httpx.AsyncClient, owner: Account, pid: str, version_id: str
) -> dict[str, Any]:
    url = f"/api/v1/products/{pid}/pif-versions/{version_id}"
    body: dict[str, Any] = await _ok(await client.get(url, headers=owner.headers))
    return body


async def _detection(client: httpx.AsyncClient, owner: Account, pid: str) -> dict[str, Any]:
    url = f"/api/v1/products/{pid}/pif-versions/change-detection"
    body: dict[str, Any] = await _ok(await client.get(url, headers=owner.headers))
    return body


async def test_v0_revision_v1_v2_v3_and_every_signature_reads_back(harness: SaHarness) -> None:
    client = harness.client
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    await clean_pif(client, owner, pid)
    sa = await enrol(client, await join_as_sa(client, owner), harness.clock, days(365))

    # V0: the submission snapshots a draft; the SA sees it in the queue.
    review = await _submit(client, owner, pid)
    versions = await _ok(
        await client.get(f"/api/v1/products/{pid}/pif-versions", headers=owner.headers)
    )
    assert [(v["label"], v["locked"]) for v in versions] == [("V0", False)]
    queue = await _ok(await client.get("/api/v1/sa/pending", headers=sa.headers))
    assert review["id"] in [p["review_id"] for p in queue]

    # The SA sends item 4 back with a comment.
    revision = await _ok(
        await client.post(
            f"/api/v1/sa/reviews/{review['id']}/revision",
            json={
                "totp_code": sa.code(),
                "items": [4],
                "comment": "The label lacks the Art. 7 elements; complete it.",
            },
            headers=sa.headers,
        )
    )
    assert revision["status"] == "revision_requested"
    assert revision["revision_items"] == [4]
    assert revision["comments"][0]["text"].startswith("The label lacks")
    assert (await get_item(client, owner, pid, 4))["status"] == "uploaded"
    assert await _status(client, owner, pid) == "in_progress"
    history = await _ok(
        await client.get(f"/api/v1/products/{pid}/sa-reviews", headers=owner.headers)
    )
    assert [h["status"] for h in history] == ["revision_requested"]

    # Fix, resubmit, sign: V1 (the V0 draft is signed as V1).
    await put_data(client, owner, pid, 4, {"label_text": "品名:保濕乳霜 用法:洗臉後塗抹"})
    await mark_reviewed(client, owner, pid)
    review = await _submit(client, owner, pid)
    v1 = await _sign(client, sa, review["id"])
    assert (v1["signed"]["label"], v1["signed"]["sequence"]) == ("V1", 1)
    assert v1["signed"]["signature_method"] == "password_2fa"
    assert v1["signed"]["certificate_ref"] == "TFDA-SA-2026-0042"
    assert await _status(client, owner, pid) == "completed"
    v1_read = await _version(client, owner, pid, v1["signed"]["version_id"])
    assert (
        v1_read["locked"]
        and v1_read["signature"]["signature_hash"] == v1["signed"]["signature_hash"]
    )
    assert v1_read["snapshot"]["items"]["4"]["data"]["label_text"].endswith("塗抹")
    assert v1_read["snapshot"]["signature"]["certificate_ref"] == "TFDA-SA-2026-0042"
    assert (await _detection(client, owner, pid))["needs_resign"] is False

    # Formula change: detection asks for V2 with the formula reason.
    await upload_formula(client, owner, pid, CHANGED_FORMULA)
    assert await _status(client, owner, pid) == "in_progress"
    detection = await _detection(client, owner, pid)
    assert detection["needs_resign"] is True
    assert [r["fingerprint"] for r in detection["reasons"]] == ["formula"]
    assert detection["current_version"] == {"label": "V1", "sequence": 1}
    assert detection["suggested_next"] == {"label": "V2", "sequence": 1}
    draft = await _ok(
        await client.post(f"/api/v1/products/{pid}/pif-versions/auto-draft", headers=owner.headers),
        201,
    )
    assert (draft["label"], draft["source_version_id"]) == ("V2", v1["signed"]["version_id"])
    await mark_reviewed(client, owner, pid)
    v2 = await _sign(client, sa, (await _submit(client, owner, pid))["id"])
    assert (v2["signed"]["label"], v2["signed"]["sequence"]) == ("V2", 1)
    assert v2["signed"]["version_id"] == draft["id"]  # the auto-draft became V2

    # A label-only change: V3 #1; then a use change: V3 #2.
    await put_data(client, owner, pid, 4, {"label_text": "品名:保濕乳霜 新包裝文字"})
    detection = await _detection(client, owner, pid)
    assert [r["fingerprint"] for r in detection["reasons"]] == ["label_name"]
    assert detection["suggested_next"] == {"label": "V3", "sequence": 1}
    await mark_reviewed(client, owner, pid)
    v3_1 = await _sign(client, sa, (await _submit(client, owner, pid))["id"])
    assert (v3_1["signed"]["label"], v3_1["signed"]["sequence"]) == ("V3", 1)

    await put_data(client, owner, pid, 7, {"method": "早晚各一次", "body_area": "臉部"})
    detection = await _detection(client, owner, pid)
    assert [r["fingerprint"] for r in detection["reasons"]] == ["use"]
    assert detection["suggested_next"] == {"label": "V3", "sequence": 2}
    await mark_reviewed(client, owner, pid)
    v3_2 = await _sign(client, sa, (await _submit(client, owner, pid))["id"])
    assert (v3_2["signed"]["label"], v3_2["signed"]["sequence"]) == ("V3", 2)

    # Every signed version still reads back exactly as signed, and verifies.
    signed = [v1, v2, v3_1, v3_2]
    listed = await _ok(
        await client.get(f"/api/v1/products/{pid}/pif-versions", headers=owner.headers)
    )
    assert [(v["label"], v["sequence"]) for v in listed if v["locked"]] == [
        ("V1", 1),
        ("V2", 1),
        ("V3", 1),
        ("V3", 2),
    ]
    formula_rows = []
    for review_body in signed:
        version = await _version(client, owner, pid, review_body["signed"]["version_id"])
        assert version["signature"]["signature_hash"] == review_body["signed"]["signature_hash"]
        assert version["content_hash"] == review_body["signed"]["signature_hash"]
        report = await _ok(
            await client.get(
                f"/api/v1/sa/reviews/{review_body['id']}/verify", headers=owner.headers
            )
        )
        assert report["valid"] is True and report["tampered"] is False, report
        formula_rows.append(version["snapshot"]["items"]["3"]["data"])
    assert formula_rows[0] != formula_rows[1]  # V1 kept the old formula
    assert v1_read == await _version(client, owner, pid, v1["signed"]["version_id"])


async def test_a_signed_version_whose_gmp_certificate_expires_makes_the_pif_expired(
    harness: SaHarness,
) -> None:
    client = harness.client
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    await clean_pif(client, owner, pid)
    sa = await enrol(client, await join_as_sa(client, owner), harness.clock, days(365))
    gmp = {
        "certificate_type": "tw_cosmetic_gmp",
        "issuer": "衛生福利部食品藥物管理署",
        "site_name": "美研生技桃園廠",
        "issue_date": days(-700),
        "expiry_date": days(200),
    }
    await put_data(client, owner, pid, 5, gmp)
    await mark_reviewed(client, owner, pid)
    await _sign(client, sa, (await _submit(client, owner, pid))["id"])

    async def status_on(day: date) -> str:
        db: Database = harness.app.state.db
        async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
            product = await products.get_product(session, owner.org_id, uuid.UUID(pid))
            await versions.refresh_expiry(session, owner.org_id, product, day)
            return product.pif_status

    assert await status_on(TODAY + timedelta(days=200)) == "completed"  # last valid day
    assert await status_on(TODAY + timedelta(days=201)) == "expired"
    assert await _status(client, owner, pid) == "expired"  # stored, and shown by the API
    events = await _ok(
        await client.get(f"/api/v1/products/{pid}/pif-versions/expiring", headers=owner.headers)
    )
    assert events["documents"] == [] or all(d["state"] != "expired" for d in events["documents"])

    # Renewing the certificate makes the file stale (in progress) until it is re-signed.
    await put_data(client, owner, pid, 5, {**gmp, "expiry_date": days(900)})
    assert await _status(client, owner, pid) == "in_progress"
