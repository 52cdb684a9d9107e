"""A Safety Assessor with two-factor on, a clock the test moves, and a clean 16-item PIF.

The app's TOTP dependency is overridden with the test's clock, so every SA action gets a
fresh code by moving the clock one 30-second step; nothing sleeps."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pyotp
from fastapi import FastAPI

from pifai.api.deps import get_totp
from pifai.auth.totp import TotpService
from tests.factories.accounts import Account, add_member, register
from tests.factories.items import put_item
from tests.factories.tasks import poll_task

STEP = timedelta(seconds=30)
TODAY = date.today()


class Clock:
    """The TOTP clock: starts now and only moves when the test says so."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def use_clock(app: FastAPI, clock: Clock) -> None:
    app.dependency_overrides[get_totp] = lambda: TotpService(
        app.state.db, app.state.settings, clock=clock
    )


@dataclass
class SafetyAssessor:
    account: Account
    secret: str
    clock: Clock

    @property
    def headers(self) -> dict[str, str]:
        return self.account.headers

    def code(self) -> str:
        """A code of the next time step (each step's code is accepted once)."""
        self.clock.now += STEP
        return pyotp.TOTP(self.secret).at(self.clock.now)


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


async def join_as_sa(client: httpx.AsyncClient, owner: Account) -> Account:
    """A new user added to the owner's organisation with role sa, acting there."""
    sa = await register(client)
    added = await add_member(client, owner, sa.email, "sa")
    assert added.status_code in (200, 201), added.text
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=sa.headers
    )
    assert switched.status_code == 200, switched.text
    return replace(sa, org_id=owner.org_id, access_token=switched.json()["access_token"])


async def enrol(
    client: httpx.AsyncClient,
    account: Account,
    clock: Clock,
    qualified_until: str | None = None,
) -> SafetyAssessor:
    """Two-factor on (setup + first code) and, unless None, a qualification on record."""
    setup = await client.post("/api/v1/auth/setup-2fa", headers=account.headers)
    assert setup.status_code == 200, setup.text
    sa = SafetyAssessor(account, setup.json()["secret"], clock)
    verified = await client.post(
        "/api/v1/auth/verify-2fa", json={"code": sa.code()}, headers=account.headers
    )
    assert verified.status_code == 200, verified.text
    if qualified_until is not None:
        recorded = await client.put(
            "/api/v1/sa/qualification",
            json={
                "totp_code": sa.code(),
                "certificate_ref": "TFDA-SA-2026-0042",
                "qualified_until": qualified_until,
            },
            headers=account.headers,
        )
        assert recorded.status_code == 200, recorded.text
    return sa


def clean_items() -> dict[int, dict[str, Any]]:
    """Items 1, 2 and 4–16 of a complete, consistent PIF with current dates (item 3 comes
    from a formula upload, items 9/10 from the assessment task)."""
    report = {"report_date": days(-40), "laboratory": "SGS Taiwan", "result": "pass"}
    return {
        1: {
            "name_zh": "保濕乳霜",
            "name_en": "Moisturising Cream",
            "manufacturer_name": "美研生技股份有限公司",
            "manufacturer_address": "桃園市龜山區文化一路1號",
        },
        2: {"registration_id": "A1234567890", "registered_on": days(-300)},
        4: {"label_text": "品名:保濕乳霜"},
        5: {
            "certificate_type": "tw_cosmetic_gmp",
            "issuer": "衛生福利部食品藥物管理署",
            "site_name": "美研生技桃園廠",
            "issue_date": days(-200),
            "expiry_date": days(900),
        },
        6: {
            "steps": [
                {"description": "水相與油相混合乳化", "temperature_c": 70, "duration_min": 20}
            ]
        },
        7: {"method": "洗臉後取適量塗抹於臉部", "body_area": "臉部"},
        8: {"statement_of_none": "上市至今無不良反應紀錄", "statement_date": days(-10)},
        11: {
            **report,
            "conditions": [{"study": "accelerated", "temperature_c": 45, "duration_days": 90}],
            "parameters": ["appearance", "ph"],
        },
        12: {**report, "results": [{"organism": "escherichia_coli", "detected": False}]},
        13: {**report, "method": "iso_11930", "criteria": "A"},
        14: {
            "claims": [
                {
                    "text": "保濕",
                    "evidence": [{"kind": "literature", "title": "Review", "reference": "J. 1"}],
                }
            ]
        },
        15: {"components": [{"name": "jar", "material": "pet"}]},
        16: {"assessment_text": "依據各成分毒理資料,本產品在正常使用下安全。"},
    }


FORMULA = b"INCI,%\nAqua,80\nGlycerin,10\nButylene Glycol,8\nPhenoxyethanol,0.9\n"


async def upload_formula(
    client: httpx.AsyncClient, owner: Account, pid: str, csv: bytes = FORMULA
) -> None:
    """Item 3 through the worker, then the chained assessment that fills items 9 and 10."""
    uploaded = await client.post(
        f"/api/v1/products/{pid}/pif/upload",
        data={"item_number": "3"},
        files={"file": ("formula.csv", csv, "text/csv")},
        headers=owner.headers,
    )
    assert uploaded.status_code == 202, uploaded.text
    analysis = await poll_task(client, owner.headers, uploaded.headers["Location"])
    assert analysis["status"] == "done", analysis
    chained = f"/api/v1/tasks/{analysis['result']['toxicology_task_id']}"
    assessment = await poll_task(client, owner.headers, chained)
    assert assessment["status"] == "done", assessment


async def put_data(
    client: httpx.AsyncClient, owner: Account, pid: str, number: int, data: dict[str, Any]
) -> None:
    response = await put_item(client, owner, pid, number, data=data)
    assert response.status_code == 200, (number, response.text)


async def mark_reviewed(client: httpx.AsyncClient, owner: Account, pid: str) -> None:
    """Every item not yet reviewed or approved goes to human_reviewed."""
    items = await client.get(f"/api/v1/products/{pid}/pif", headers=owner.headers)
    assert items.status_code == 200, items.text
    for item in items.json()["items"]:
        if item["status"] in ("human_reviewed", "approved"):
            continue
        response = await put_item(client, owner, pid, item["number"], status="human_reviewed")
        assert response.status_code == 200, (item["number"], response.text)


async def clean_pif(client: httpx.AsyncClient, owner: Account, pid: str) -> None:
    await upload_formula(client, owner, pid)
    for number, data in clean_items().items():
        await put_data(client, owner, pid, number, data)
    await mark_reviewed(client, owner, pid)
