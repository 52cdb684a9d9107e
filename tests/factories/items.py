"""Helpers for the 16 PIF items of a product."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories.accounts import Account

JUSTIFICATION = "This product contains no preservative, so the test does not apply."
_REPORT = {"report_date": "2025-02-10", "laboratory": "SGS Taiwan", "result": "pass"}
# Small valid data per item (docs/pif-items.md); items 3, 9, 10 take the engines' shapes.
SAMPLE_DATA: dict[int, dict[str, Any]] = {
    1: {"name_zh": "保濕乳霜"},
    2: {"registration_id": "A1234567890", "registered_on": "2025-01-15"},
    3: {"note": "formula sheet"},
    4: {"label_text": "品名:保濕乳霜"},
    5: {
        "certificate_type": "tw_cosmetic_gmp",
        "issuer": "衛生福利部食品藥物管理署",
        "site_name": "美研生技桃園廠",
        "issue_date": "2024-06-01",
    },
    6: {"steps": [{"description": "油相加熱溶解", "temperature_c": 80, "duration_min": 30}]},
    7: {"method": "洗臉後取適量塗抹於臉部", "body_area": "臉部"},
    8: {"statement_of_none": "上市至今無不良反應紀錄", "statement_date": "2025-06-30"},
    9: {"appearance": "white cream"},
    10: {"note": "toxicology reviewed"},
    11: {
        **_REPORT,
        "conditions": [{"study": "accelerated", "temperature_c": 45, "duration_days": 90}],
        "parameters": ["appearance", "ph"],
    },
    12: {**_REPORT, "results": [{"organism": "escherichia_coli", "detected": False}]},
    13: {**_REPORT, "method": "iso_11930", "criteria": "A"},
    14: {
        "claims": [
            {
                "text": "保濕",
                "evidence": [{"kind": "literature", "title": "Review", "reference": "J. 1"}],
            }
        ]
    },
    15: {"components": [{"name": "bottle", "material": "pet"}]},
    16: {"assessment_text": "依據各成分毒理資料,本產品在正常使用下安全。"},
}


def item_url(product_id: str, number: int) -> str:
    return f"/api/v1/products/{product_id}/pif/{number}"


async def put_item(
    client: httpx.AsyncClient, account: Account, product_id: str, number: int, **body: Any
) -> httpx.Response:
    return await client.put(item_url(product_id, number), json=body, headers=account.headers)


async def get_item(
    client: httpx.AsyncClient, account: Account, product_id: str, number: int
) -> dict[str, Any]:
    response = await client.get(item_url(product_id, number), headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def upload_item(
    client: httpx.AsyncClient, account: Account, product_id: str, number: int
) -> dict[str, Any]:
    """Put some valid data on an item, which moves a missing item to uploaded."""
    response = await put_item(client, account, product_id, number, data=SAMPLE_DATA[number])
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def upload_file(
    client: httpx.AsyncClient,
    account: Account,
    product_id: str,
    number: int,
    name: str = "報告.txt",
    content: bytes = "檢驗報告 批號 A123".encode(),
) -> str:
    """Upload a file to an item through the upload service; its id for item data."""
    response = await client.post(
        f"/api/v1/products/{product_id}/pif/upload",
        data={"item_number": str(number)},
        files={"file": (name, content, "application/octet-stream")},
        headers=account.headers,
    )
    assert response.status_code in (200, 201), response.text
    file_id: str = response.json()["file_id"]
    return file_id
