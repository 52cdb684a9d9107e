"""Two organisations build a PIF through the API and the cross-item lint follows them.

(a) A brand works item by item: a whitening claim whose active has no toxicology basis and
a prohibited ingredient give R1 and R9; replacing the ingredient (the worker re-analyses
item 3 and re-assesses items 9/10) and the SA's reasoned basis for the active clear both.
(b) An importer works stage by stage with the usual mistakes of a first file: a
sensitive-skin claim without a patch test, a GMP certificate expiring in 80 days, a failed
preservative test, metal packaging not used in stability, a process step at 85 °C and an
unreported serious adverse event — R7, R8, R10, R11, R12 and R13 fire, the last three block.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import httpx

from pifai.pif.catalogue import ITEMS, Stage
from tests.factories.accounts import Account, add_member, register
from tests.factories.items import put_item
from tests.factories.products import create_product
from tests.factories.tasks import poll_task

TODAY = date.today()
LIMIT_PB = {"value": 10, "unit": "mg/kg", "citation": "customer specification QS-12 §4"}


def _days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


async def _put(client: httpx.AsyncClient, owner: Account, pid: str, n: int, data: Any) -> None:
    response = await put_item(client, owner, pid, n, data=data)
    assert response.status_code == 200, (n, response.text)


async def _upload_formula(client: httpx.AsyncClient, owner: Account, pid: str, csv: bytes) -> None:
    """Item 3 through the worker: analysis, then the chained safety assessment."""
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


async def _lint(client: httpx.AsyncClient, owner: Account, pid: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/products/{pid}/cross-item-lint", headers=owner.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _safety_assessor(client: httpx.AsyncClient, owner: Account) -> Account:
    sa = await register(client)
    await add_member(client, owner, sa.email, "sa")
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=sa.headers
    )
    assert switched.status_code == 200, switched.text
    return replace(sa, org_id=owner.org_id, access_token=switched.json()["access_token"])


def _rules(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {alert["rule"]: alert for alert in report["alerts"]}


_BASE = b"INCI,%\nGlycerin,60\nButylene Glycol,33\nAscorbyl Glucoside,2\n"
WHITENING_WITH_HYDROQUINONE = _BASE + b"Hydroquinone,5\n"
WHITENING_FIXED = _BASE + b"Propylene Glycol,5\n"


async def test_a_brand_by_item_number_gets_r1_and_r9_and_clears_them(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served, org_type="brand")
    product = await create_product(served, owner, product_type="face_cream")
    pid = product["id"]
    await _put(served, owner, pid, 1, {
        "name_zh": "亮白精華霜", "name_en": "Radiance Cream", "product_type": "face_cream",
        "manufacturer_name": "代工廠股份有限公司", "manufacturer_address": "桃園市中壢區 1 號",
        "registration_id": "A2026000123", "launch_date": _days(30),
    })  # fmt: skip
    await _put(served, owner, pid, 2, {
        "registration_id": "A2026000123", "registered_on": _days(-10),
        "source": "tfda_platform_record",
    })  # fmt: skip
    await _upload_formula(served, owner, pid, WHITENING_WITH_HYDROQUINONE)
    await _put(served, owner, pid, 4, {
        "parts": ["label"], "label_text": "品名:亮白精華霜\n美白淡斑,使用前請詳閱說明",
        "claims": ["美白", "whitening"], "warnings": ["避免接觸眼睛"],
    })  # fmt: skip
    await _put(served, owner, pid, 5, {
        "certificate_type": "iso_22716", "issuer": "SGS", "site_name": "中壢廠",
        "issue_date": _days(-100), "expiry_date": _days(900),
    })  # fmt: skip
    await _put(served, owner, pid, 6, {"steps": [
        {"description": "混合", "temperature_c": 40, "duration_min": 20},
    ]})  # fmt: skip
    await _put(served, owner, pid, 7, {
        "method": "取適量塗抹臉部", "body_area": "臉部", "amount": "約 0.5 g",
        "frequency": "每日兩次", "target_population": "一般成人",
    })  # fmt: skip
    await _put(served, owner, pid, 8, {
        "statement_of_none": "尚未上市,無不良反應紀錄", "statement_date": _days(-1),
    })  # fmt: skip
    await _put(served, owner, pid, 11, {
        "report_date": _days(-20), "laboratory": "SGS Taiwan", "result": "pass",
        "conditions": [{"study": "accelerated", "temperature_c": 45, "duration_days": 90,
                        "container_material": "pet"}],
        "parameters": ["appearance", "ph", "viscosity"],
    })  # fmt: skip
    await _put(served, owner, pid, 12, {
        "report_date": _days(-20), "laboratory": "SGS Taiwan", "result": "pass",
        "results": [{"organism": "escherichia_coli", "detected": False}],
    })  # fmt: skip
    await _put(served, owner, pid, 13, {
        "report_date": _days(-20), "laboratory": "SGS Taiwan", "result": "pass",
        "method": "iso_11930", "criteria": "A",
    })  # fmt: skip
    await _put(served, owner, pid, 15, {"components": [
        {"name": "瓶身", "material": "pet", "results": [
            {"analyte": "Pb", "kind": "heavy_metal", "value": 0.2, "unit": "mg/kg",
             "limit": LIMIT_PB, "outcome": "pass"}]},
    ]})  # fmt: skip

    before = _rules(await _lint(served, owner, pid))
    # The fix: the prohibited ingredient is replaced, and the safety assessor gives the
    # whitening active (no data in our dataset) a reasoned basis of their own.
    await _upload_formula(served, owner, pid, WHITENING_FIXED)
    sa = await _safety_assessor(served, owner)
    basis = {"reason": "supplier dossier and 28-day use test reviewed", "citation": "SD-77"}
    response = await served.post(
        f"/api/v1/products/{pid}/toxicology",
        json={"overrides": {"ingredients": {"ASCORBYL GLUCOSIDE": {"basis": basis}}}},
        headers=sa.headers,
    )
    assert response.status_code == 202, response.text
    assert (await poll_task(served, sa.headers, response.json()["status_url"]))["status"] == "done"
    after = _rules(await _lint(served, owner, pid))

    assert {"R1", "R9"} <= before.keys()
    assert before["R9"]["severity"] == "blocking" and before["R9"]["target_item"] == 3
    assert "Art. 6" in before["R9"]["article"]
    assert before["R1"]["target_item"] == 10 and "Art. 4" in before["R1"]["article"]
    assert "R9" not in after and "R1" not in after, sorted(after)


async def test_an_importer_by_stage_gets_the_blocking_rules(served: httpx.AsyncClient) -> None:
    owner = await register(served, org_type="importer")
    product = await create_product(served, owner, product_type="face_cream")
    pid = product["id"]
    data: dict[int, Any] = {
        1: {"name_zh": "舒敏修護乳", "name_en": "Calming Lotion", "product_type": "face_cream",
            "launch_date": _days(-200)},
        2: {"registration_id": "B2025000777", "registered_on": _days(-210)},
        4: {"parts": ["label"], "label_text": "適合敏感肌膚使用", "claims": ["適合敏感肌膚"],
            "warnings": ["避免接觸眼睛"]},
        7: {"method": "塗抹", "body_area": "臉部", "amount": "適量", "frequency": "每日",
            "target_population": "成人"},
        11: {"report_date": _days(-30), "laboratory": "Lab A", "result": "pass",
             "conditions": [{"study": "long_term", "temperature_c": 25, "duration_days": 180,
                             "container_material": "pet"}],
             "parameters": ["appearance", "ph"]},
        12: {"report_date": _days(-30), "laboratory": "Lab A", "result": "pass",
             "results": [{"organism": "escherichia_coli", "detected": False}]},
        15: {"components": [{"name": "鋁管", "material": "aluminium"}]},
        5: {"certificate_type": "iso_22716", "issuer": "Bureau Veritas", "site_name": "Lyon",
            "issue_date": _days(-200), "expiry_date": _days(80)},
        6: {"steps": [{"description": "乳化", "temperature_c": 85, "duration_min": 30}]},
        8: {"events": [{"description": "臉部紅腫就醫", "seriousness": "serious",
                        "event_date": _days(-40), "aware_date": _days(-38)}]},
        13: {"report_date": _days(-30), "laboratory": "Lab A", "result": "fail",
             "method": "iso_11930", "criteria": "not_met"},
        16: {"assessment_text": "待補"},
    }  # fmt: skip
    await _upload_formula(served, owner, pid, b"INCI,%\nGlycerin,90\nButylene Glycol,10\n")
    for stage in Stage:  # the order people work in, not the item numbers
        for item in ITEMS:
            if item.stage is stage and item.number in data:
                await _put(served, owner, pid, item.number, data[item.number])

    report = await _lint(served, owner, pid)
    alerts = _rules(report)

    assert {"R7", "R8", "R10", "R11", "R12", "R13"} <= alerts.keys(), sorted(alerts)
    assert {alerts[r]["severity"] for r in ("R11", "R12", "R13")} == {"blocking"}
    assert alerts["R7"]["severity"] == "error" and alerts["R8"]["severity"] == "error"
    assert alerts["R10"]["severity"] == "warning"
    assert "Art. 12" in alerts["R13"]["article"]
    assert report["blocking"] is True
