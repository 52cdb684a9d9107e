"""The check through the API: JSON rows, file uploads, the raw-material library, and the
item-3 upload analysed on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories.accounts import Account, register
from tests.factories.products import create_product
from tests.factories.tasks import poll_task

ROOT = Path(__file__).resolve().parents[2]
CHECK = "/api/v1/ingredients/check-formula"


async def _upload_item_3(
    client: httpx.AsyncClient,
    owner: Account,
    product_id: str,
    name: str,
    content: bytes,
    mime: str = "text/csv",
) -> httpx.Response:
    return await client.post(
        f"/api/v1/products/{product_id}/pif/upload",
        data={"item_number": "3"},
        files={"file": (name, content, mime)},
        headers=owner.headers,
    )


async def _item_3(client: httpx.AsyncClient, owner: Account, product_id: str) -> Any:
    return (await client.get(f"/api/v1/products/{product_id}/pif/3", headers=owner.headers)).json()


async def _ingredients(client: httpx.AsyncClient, owner: Account, product_id: str) -> Any:
    url = f"/api/v1/products/{product_id}/ingredients"
    return (await client.get(url, headers=owner.headers)).json()


async def test_json_rows_get_verdicts_with_citations(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.post(
        CHECK,
        json={
            "product_type": "face_cream",
            "rows": [
                {"name": "Aqua", "amount": "q.s."},
                {"name": "Glycerin", "amount": 5},
                {"name": "Estradiol", "amount": "0.0001"},
            ],
        },
        headers=owner.headers,
    )

    body = response.json()
    assert response.status_code == 200
    assert body["blocking"] is True
    estradiol = next(i for i in body["ingredients"] if i["inci"] == "ESTRADIOL")
    assert estradiol["verdict"] == "prohibited"
    assert estradiol["findings"][0]["citation"]["entry"]


async def test_a_formula_file_is_checked_like_the_cli_does(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    data = (ROOT / "examples/face-cream.csv").read_bytes()

    response = await client.post(
        CHECK,
        data={"product_type": "面霜"},
        files={"file": ("face-cream.csv", data, "text/csv")},
        headers=owner.headers,
    )

    body = response.json()
    assert response.status_code == 200
    assert body["product_type"]["key"] == "face_cream"
    names = {i["name"] for i in body["ingredients"]}
    assert "Euxyl PE 9010" in names  # no breakdown in this organisation's library yet


async def test_the_organisations_raw_material_library_resolves_trade_names(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    created = await client.post(
        "/api/v1/raw-materials",
        json={
            "name": "Euxyl PE 9010",
            "supplier": "Schülke",
            "components": [
                {"name": "Phenoxyethanol", "share": "90", "cas": "122-99-6"},
                {"name": "Ethylhexylglycerin", "share": "10"},
            ],
        },
        headers=owner.headers,
    )
    data = (ROOT / "examples/face-cream.csv").read_bytes()

    response = await client.post(
        CHECK,
        data={"product_type": "face_cream"},
        files={"file": ("face-cream.csv", data, "text/csv")},
        headers=owner.headers,
    )

    assert created.status_code == 201
    by_inci = {i["inci"]: i for i in response.json()["ingredients"]}
    assert by_inci["PHENOXYETHANOL"]["judged_pct"] == pytest.approx(0.72)
    assert response.json()["blocking"] is False


async def test_another_organisations_library_is_not_used(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    other = await register(client)
    await client.post(
        "/api/v1/raw-materials",
        json={"name": "Euxyl PE 9010", "components": [{"name": "Phenoxyethanol", "share": "90"}]},
        headers=other.headers,
    )

    response = await client.post(
        CHECK,
        json={"product_type": "face_cream", "rows": [{"name": "Euxyl PE 9010", "amount": 1}]},
        headers=owner.headers,
    )

    assert [i["name"] for i in response.json()["ingredients"]] == ["Euxyl PE 9010"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"product_type": "spaceship", "rows": [{"name": "Aqua", "amount": 1}]},
            "body.product_type",
        ),
        ({"product_type": "face_cream"}, "body.rows"),
        ({"product_type": "face_cream", "rows": [{"name": "", "amount": 1}]}, "body.rows.0.name"),
    ],
)
async def test_bad_check_requests_name_the_field(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    owner = await register(client)

    response = await client.post(CHECK, json=body, headers=owner.headers)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


async def test_a_binary_formula_file_is_a_422_that_says_so(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.post(
        CHECK,
        data={"product_type": "face_cream"},
        files={"file": ("formula.csv", b"\x89PNG\r\n\x1a\n" + bytes(100), "text/csv")},
        headers=owner.headers,
    )

    assert response.status_code == 422
    assert "PNG" in response.json()["error"]["message"]


async def test_a_raw_material_share_must_be_an_amount(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.post(
        "/api/v1/raw-materials",
        json={"name": "Blend", "components": [{"name": "Phenoxyethanol", "share": "lots"}]},
        headers=owner.headers,
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.components.0.share"


async def test_a_breakdown_sheet_fills_the_library(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    sheet = (ROOT / "examples/raw-materials.csv").read_bytes()

    imported = await client.post(
        "/api/v1/raw-materials/upload",
        files={"file": ("raw-materials.csv", sheet, "text/csv")},
        headers=owner.headers,
    )
    listed = await client.get("/api/v1/raw-materials", headers=owner.headers)

    assert imported.status_code == 200 and imported.json()["created"] == 1
    assert listed.json()["total"] == 1
    assert [c["name"] for c in listed.json()["items"][0]["components"]] == [
        "Phenoxyethanol",
        "Ethylhexylglycerin",
    ]


async def test_an_item_3_upload_is_analysed_on_the_worker(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")
    data = (ROOT / "examples/face-cream.csv").read_bytes()

    uploaded = await _upload_item_3(served, owner, product["id"], "formula.csv", data)
    task = await poll_task(served, owner.headers, uploaded.headers["Location"])
    item = await _item_3(served, owner, product["id"])
    rows = await _ingredients(served, owner, product["id"])

    assert uploaded.status_code == 202
    assert task["status"] == "done", task
    assert item["status"] == "ai_draft_ready"
    assert 0 < item["ai_confidence"] <= 1
    assert item["data"]["formula"]["ingredients"]
    assert len(rows) == task["result"]["ingredients"] == 15  # the blend stays one line
    assert rows[0]["inci"] == "AQUA"
    assert "Euxyl PE 9010" in {r["raw_name"] for r in rows}


async def test_an_unusable_item_3_file_goes_back_to_uploaded_with_the_reason(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")

    uploaded = await _upload_item_3(
        served, owner, product["id"], "formula.txt", b"just some words, no table", "text/plain"
    )
    task = await poll_task(served, owner.headers, uploaded.headers["Location"])
    item = await _item_3(served, owner, product["id"])

    assert task["status"] == "failed" and task["attempts"] == 1
    assert item["status"] == "uploaded"
    assert item["data"]["analysis_error"] == task["error"]


async def test_a_breakdown_that_does_not_add_up_is_refused(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.post(
        "/api/v1/raw-materials",
        json={"name": "Phenoxyethanol", "components": [{"name": "Phenoxyethanol", "share": "1"}]},
        headers=owner.headers,
    )

    assert response.status_code == 422
    assert "add up" in response.json()["error"]["message"]


async def test_a_formula_sheet_uploaded_as_breakdowns_imports_nothing(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client)
    formula = (ROOT / "examples/face-cream.csv").read_bytes()

    imported = await client.post(
        "/api/v1/raw-materials/upload",
        files={"file": ("face-cream.csv", formula, "text/csv")},
        headers=owner.headers,
    )

    assert imported.status_code == 200
    assert imported.json()["created"] == 0
    assert imported.json()["problems"]


async def test_item_3_is_analysed_again_after_a_new_upload(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")
    first = await _upload_item_3(
        served, owner, product["id"], "v1.csv", b"INCI,%\nAqua,95\nGlycerin,5\n"
    )
    await poll_task(served, owner.headers, first.headers["Location"])

    second = await _upload_item_3(
        served, owner, product["id"], "v2.csv", b"INCI,%\nAqua,99.99\nEstradiol,0.01\n"
    )
    task = await poll_task(served, owner.headers, second.headers["Location"])
    item = await _item_3(served, owner, product["id"])

    assert task["status"] == "done", task
    assert item["status"] == "ai_draft_ready"
    assert item["data"]["formula"]["source"] == "v2.csv"
    assert item["data"]["formula"]["blocking"] is True


async def test_a_header_only_file_keeps_the_formula_already_read(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")
    first = await _upload_item_3(
        served, owner, product["id"], "v1.csv", b"INCI,%\nAqua,95\nGlycerin,5\n"
    )
    assert (await poll_task(served, owner.headers, first.headers["Location"]))["status"] == "done"

    second = await _upload_item_3(served, owner, product["id"], "header-only.csv", b"INCI,%\n")
    task = await poll_task(served, owner.headers, second.headers["Location"])
    item = await _item_3(served, owner, product["id"])
    rows = await _ingredients(served, owner, product["id"])

    assert task["status"] == "failed", task
    assert "header-only.csv: no ingredient rows could be read" in task["error"]
    assert "header but no ingredient rows" in task["error"]
    assert item["status"] == "uploaded"
    assert item["data"]["analysis_error"] == task["error"]
    assert item["data"]["formula"]["source"] == "v1.csv"
    assert [r["inci"] for r in rows] == ["AQUA", "GLYCERIN"]


async def test_concurrent_uploads_leave_the_newest_formula_in_item_3(
    served: httpx.AsyncClient,
) -> None:
    """Several uploads analysed at once: only the newest file's result is written, older
    analyses stop as superseded, none fails, and the chained assessment judges it."""
    owner = await register(served)
    product = await create_product(served, owner, product_type="face_cream")
    clean = b"INCI,%\nAqua,95\nGlycerin,5\n"
    locations = []
    for n in range(4):
        response = await _upload_item_3(served, owner, product["id"], f"clean{n}.csv", clean)
        locations.append(response.headers["Location"])
    last = await _upload_item_3(
        served, owner, product["id"], "bad.csv", b"INCI,%\nAqua,99.9999\nEstradiol,0.0001\n"
    )
    tasks = [await poll_task(served, owner.headers, loc) for loc in locations]
    final = await poll_task(served, owner.headers, last.headers["Location"])
    item = await _item_3(served, owner, product["id"])

    assert all(t["status"] == "done" for t in [*tasks, final]), [t["last_error"] for t in tasks]
    assert final["result"].get("toxicology_task_id"), final["result"]
    assert item["status"] == "ai_draft_ready"
    assert item["data"]["formula"]["source"] == "bad.csv"
    assert "analysis_error" not in item["data"]
    assessed = await poll_task(
        served, owner.headers, f"/api/v1/tasks/{final['result']['toxicology_task_id']}"
    )
    item10 = (
        await served.get(f"/api/v1/products/{product['id']}/pif/10", headers=owner.headers)
    ).json()
    assert assessed["status"] == "done"
    assert item10["data"]["verdict"] == "prohibited"
