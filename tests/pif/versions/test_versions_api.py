"""PIF versions through the API on both backends: snapshots, change detection against a
signed version, auto-draft labels, expiring documents, and 404 for other organisations.

Signing is not part of this package; a signature is recorded directly through the
repository, exactly as the signing service will."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from pifai.core.database import Database
from pifai.models.base import utcnow
from pifai.pif.versions import repository as repo
from pifai.pif.versions.canonical import canonical_json
from tests.factories.accounts import Account, register
from tests.factories.items import SAMPLE_DATA, put_item, upload_file
from tests.factories.products import create_product


def _url(product_id: str, tail: str = "") -> str:
    return f"/api/v1/products/{product_id}/pif-versions{tail}"


async def _product(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await register(client)
    pid = (await create_product(client, owner))["id"]
    for number in (1, 4, 6, 7, 15):
        response = await put_item(client, owner, pid, number, data=SAMPLE_DATA[number])
        assert response.status_code == 200, response.text
    return owner, pid


async def _post(client: httpx.AsyncClient, owner: Account, pid: str, tail: str) -> dict[str, Any]:
    response = await client.post(_url(pid, tail), headers=owner.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _get(client: httpx.AsyncClient, owner: Account, pid: str, tail: str = "") -> Any:
    response = await client.get(_url(pid, tail), headers=owner.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _sign(
    app: FastAPI, owner: Account, pid: str, version: dict[str, Any], label: str | None = None
) -> None:
    db: Database = app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        row = await repo.record_signature_for_org(
            session,
            owner.org_id,
            uuid.UUID(pid),
            uuid.UUID(version["id"]),
            signed_at=utcnow(),
            signed_by=owner.user_id,
            signature_hash=version["content_hash"],
            method="password_2fa",
            ip="127.0.0.1",
            user_agent="pytest",
            certificate_ref="SA-1",
            label=label,
        )
        assert row is not None and row.locked


async def _stored_json(app: FastAPI, owner: Account, pid: str, version_id: str) -> str:
    db: Database = app.state.db
    async with db.session(org_id=owner.org_id, user_id=owner.user_id) as session:
        row = await repo.get_version_for_org(
            session, owner.org_id, uuid.UUID(pid), uuid.UUID(version_id)
        )
        assert row is not None
        return row.canonical_json


async def test_snapshot_is_a_replaceable_v0_draft(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)

    first = await _post(client, owner, pid, "/snapshot")
    again = await _post(client, owner, pid, "/snapshot")

    assert (first["label"], first["sequence"], first["locked"], first["signature"]) == (
        "V0",
        1,
        False,
        None,
    )
    assert again["id"] == first["id"] and again["content_hash"] == first["content_hash"]
    await put_item(client, owner, pid, 7, data={**SAMPLE_DATA[7], "frequency": "每日一次"})
    changed = await _post(client, owner, pid, "/snapshot")
    assert changed["id"] == first["id"]
    assert changed["content_hash"] != first["content_hash"]
    assert changed["fingerprints"]["use"] != first["fingerprints"]["use"]
    assert changed["fingerprints"]["formula"] == first["fingerprints"]["formula"]
    listed = await _get(client, owner, pid)
    assert [v["id"] for v in listed] == [first["id"]]


async def test_stored_snapshot_is_the_canonical_json_of_all_16_items(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, pid = await _product(client)
    version = await _post(client, owner, pid, "/snapshot")

    text = await _stored_json(app, owner, pid, version["id"])

    import hashlib
    import json

    state = json.loads(text)
    assert sorted(state["items"], key=int) == [str(n) for n in range(1, 17)]
    assert state["items"]["1"]["data"]["name_zh"] == "保濕乳霜"
    assert canonical_json(state) == text.encode("utf-8")
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == version["content_hash"]


async def test_change_detection_before_any_signature(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)

    report = await _get(client, owner, pid, "/change-detection")

    assert report == {
        "needs_resign": False,
        "reasons": [],
        "current_version": None,
        "suggested_next": {"label": "V1", "sequence": 1},
    }


async def test_change_detection_against_the_signed_version(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, pid = await _product(client)
    draft = await _post(client, owner, pid, "/snapshot")
    await _sign(app, owner, pid, draft, label="V1")

    unchanged = await _get(client, owner, pid, "/change-detection")
    assert unchanged["needs_resign"] is False
    assert unchanged["current_version"] == {"label": "V1", "sequence": 1}
    assert unchanged["suggested_next"] == {"label": "V2", "sequence": 1}

    artwork_id = await upload_file(client, owner, pid, 4, "artwork.png", b"\x89PNG\r\n\x1a\n")
    artwork = {**SAMPLE_DATA[4], "artwork_file_ids": [artwork_id]}
    assert (await put_item(client, owner, pid, 4, data=artwork)).status_code == 200
    assert (await _get(client, owner, pid, "/change-detection"))["needs_resign"] is False

    use = {**SAMPLE_DATA[7], "target_population": "孩童"}
    assert (await put_item(client, owner, pid, 7, data=use)).status_code == 200
    label = {**artwork, "label_text": "品名:保濕霜"}
    assert (await put_item(client, owner, pid, 4, data=label)).status_code == 200
    changed = await _get(client, owner, pid, "/change-detection")
    assert changed["needs_resign"] is True
    assert [(r["fingerprint"], r["items"]) for r in changed["reasons"]] == [
        ("label_name", [1, 4]),
        ("use", [7]),
    ]


async def test_signed_versions_are_never_replaced(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)
    v1 = await _post(client, owner, pid, "/snapshot")
    await _sign(app, owner, pid, v1, label="V1")
    before = await _stored_json(app, owner, pid, v1["id"])
    await put_item(client, owner, pid, 7, data={**SAMPLE_DATA[7], "amount": "1 g"})

    draft = await _post(client, owner, pid, "/snapshot")

    assert draft["id"] != v1["id"]
    assert (draft["label"], draft["sequence"], draft["locked"]) == ("V2", 1, False)
    assert await _stored_json(app, owner, pid, v1["id"]) == before
    listed = await _get(client, owner, pid)
    signed = [v for v in listed if v["signature"]]
    assert [(v["label"], v["locked"], v["signature"]["method"]) for v in signed] == [
        ("V1", True, "password_2fa")
    ]


async def test_auto_draft_labels_and_sequences(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)
    refused = await client.post(_url(pid, "/auto-draft"), headers=owner.headers)
    assert refused.status_code == 409, refused.text
    v1 = await _post(client, owner, pid, "/snapshot")
    await _sign(app, owner, pid, v1, label="V1")
    await put_item(client, owner, pid, 7, data={**SAMPLE_DATA[7], "amount": "1 g"})

    seen = []
    for _ in range(4):
        draft = await _post(client, owner, pid, "/auto-draft")
        seen.append((draft["label"], draft["sequence"]))
        latest = max(
            (v for v in await _get(client, owner, pid) if v["signature"]),
            key=lambda v: (v["label"], v["sequence"]),
        )
        assert draft["source_version_id"] == latest["id"]
        assert draft["content_hash"] == latest["content_hash"]
        assert draft["fingerprints"] == latest["fingerprints"]
        await _sign(app, owner, pid, draft)

    assert seen == [("V2", 1), ("V3", 1), ("V3", 2), ("V3", 3)]
    report = await _get(client, owner, pid, "/change-detection")
    assert report["current_version"] == {"label": "V3", "sequence": 3}
    assert report["suggested_next"] == {"label": "V3", "sequence": 4}
    assert report["needs_resign"] is True  # item 7 changed after V1; the clones kept V1


async def test_auto_draft_replaces_the_open_draft(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)
    v1 = await _post(client, owner, pid, "/snapshot")
    await _sign(app, owner, pid, v1, label="V1")
    await put_item(client, owner, pid, 7, data={**SAMPLE_DATA[7], "amount": "1 g"})
    fresh = await _post(client, owner, pid, "/snapshot")

    clone = await _post(client, owner, pid, "/auto-draft")

    assert clone["id"] == fresh["id"] and (clone["label"], clone["sequence"]) == ("V2", 1)
    assert clone["content_hash"] == v1["content_hash"] != fresh["content_hash"]
    assert len(await _get(client, owner, pid)) == 2


async def test_expiring_documents(client: httpx.AsyncClient) -> None:
    owner, pid = await _product(client)
    today = date.today()
    gmp = {
        **SAMPLE_DATA[5],
        "issue_date": (today - timedelta(days=300)).isoformat(),
        "expiry_date": (today + timedelta(days=30)).isoformat(),
    }
    assert (await put_item(client, owner, pid, 5, data=gmp)).status_code == 200
    aware = today - timedelta(days=3)
    events = {
        "events": [
            {"description": "紅腫", "seriousness": "serious", "event_date": aware.isoformat()}
        ]
    }
    assert (await put_item(client, owner, pid, 8, data=events)).status_code == 200
    old = {**SAMPLE_DATA[12], "report_date": (today - timedelta(days=400)).isoformat()}
    assert (await put_item(client, owner, pid, 12, data=old)).status_code == 200
    fresh = {**SAMPLE_DATA[13], "report_date": today.isoformat()}
    assert (await put_item(client, owner, pid, 13, data=fresh)).status_code == 200

    body = await _get(client, owner, pid, "/expiring")

    assert body["as_of"] == today.isoformat()
    summary = [(d["kind"], d["item_number"], d["days_left"]) for d in body["documents"]]
    assert summary[1:] == [("serious_adverse_event", 8, 12), ("gmp_certificate", 5, 30)]
    assert summary[0][:2] == ("test_report", 12) and summary[0][2] < 0
    assert body["documents"][1]["due_date"] == (aware + timedelta(days=15)).isoformat()


async def test_another_organisation_gets_404(client: httpx.AsyncClient, app: FastAPI) -> None:
    owner, pid = await _product(client)
    await _post(client, owner, pid, "/snapshot")
    intruder = await register(client)

    for method, tail in [
        ("GET", ""),
        ("POST", "/snapshot"),
        ("GET", "/expiring"),
        ("GET", "/change-detection"),
        ("POST", "/auto-draft"),
    ]:
        response = await client.request(method, _url(pid, tail), headers=intruder.headers)
        assert response.status_code == 404, (tail, response.text)
    assert len(await _get(client, owner, pid)) == 1


async def test_a_new_maker_on_the_product_record_asks_for_re_signing(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    owner, pid = await _product(client)  # item 1 names no manufacturer
    moved = await client.put(
        f"/api/v1/products/{pid}", json={"manufacturer_name": "美研生技"}, headers=owner.headers
    )
    assert moved.status_code == 200, moved.text
    await _sign(app, owner, pid, await _post(client, owner, pid, "/snapshot"), label="V1")
    assert (await _get(client, owner, pid, "/change-detection"))["needs_resign"] is False

    changed = await client.put(
        f"/api/v1/products/{pid}", json={"manufacturer_name": "新竹代工廠"}, headers=owner.headers
    )

    assert changed.status_code == 200, changed.text
    detection = await _get(client, owner, pid, "/change-detection")
    assert detection["needs_resign"] is True
    assert [(r["fingerprint"], r["items"]) for r in detection["reasons"]] == [
        ("process_maker", [1, 5, 6])
    ]
