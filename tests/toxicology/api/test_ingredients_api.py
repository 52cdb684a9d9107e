"""Ingredient search, one ingredient's toxicology, and the external-data refresh task."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from pifai.core.database import Database
from pifai.ingredients.dictionary import load_dictionary
from pifai.models.base import utcnow
from pifai.toxicology.dataset import load_dataset
from pifai.toxicology.sources import repository as cache_repo
from tests.factories.accounts import register
from tests.factories.tasks import poll_task

SEARCH = "/api/v1/ingredients/search"


def _id(inci: str) -> str:
    entry = load_dictionary().get(inci)
    assert entry is not None
    return entry.ingredient_id


async def _get(client: httpx.AsyncClient, url: str, **params: Any) -> httpx.Response:
    owner = await register(client)
    return await client.get(url, params=params, headers=owner.headers)


async def test_a_search_by_inci_puts_the_exact_match_first(client: httpx.AsyncClient) -> None:
    response = await _get(client, SEARCH, q="glycerin")

    first = response.json()["results"][0]
    assert response.status_code == 200
    assert (first["id"], first["inci"], first["method"]) == (_id("GLYCERIN"), "GLYCERIN", "exact")
    assert first["cas_numbers"] == ["56-81-5"]
    assert "HUMECTANT" in first["functions"]
    assert first["confidence"] == 1.0


async def test_a_search_by_cas_finds_the_ingredient(client: httpx.AsyncClient) -> None:
    response = await _get(client, SEARCH, q="122-99-6")

    first = response.json()["results"][0]
    assert (first["inci"], first["method"]) == ("PHENOXYETHANOL", "cas")


async def test_a_partial_name_lists_inci_names_containing_it(client: httpx.AsyncClient) -> None:
    response = await _get(client, SEARCH, q="hyaluronate", limit=50)

    results = response.json()["results"]
    assert "SODIUM HYALURONATE" in {r["inci"] for r in results}
    assert len(results) <= 50
    assert all(0 <= r["confidence"] <= 1 for r in results)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "   "}, "query.q"),
        ({}, "query.q"),
        ({"q": "x" * 201}, "query.q"),
        ({"q": "["}, "query.q"),
        ({"q": "\\\\"}, "query.q"),
        ({"q": "glycerin", "limit": 0}, "query.limit"),
        ({"q": "glycerin", "limit": 101}, "query.limit"),
    ],
)
async def test_bad_searches_are_a_422_naming_the_field(
    client: httpx.AsyncClient, params: dict[str, Any], field: str
) -> None:
    response = await _get(client, SEARCH, **params)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


async def test_an_ingredient_shows_its_curated_record_with_citations(
    client: httpx.AsyncClient,
) -> None:
    curated = load_dataset().find("GLYCERIN", ("56-81-5",))
    assert curated is not None and curated.noael is not None

    response = await _get(client, f"/api/v1/ingredients/{_id('GLYCERIN')}")

    body = response.json()
    record = body["toxicology"]["curated"]
    assert response.status_code == 200
    assert (body["inci"], body["cas_numbers"]) == ("GLYCERIN", ["56-81-5"])
    assert record["noael"]["value"] == curated.noael.value
    assert record["noael"]["citation"] == curated.noael.citation != ""
    assert record["smiles"] == curated.smiles
    assert body["toxicology"]["dataset"].startswith(load_dataset().name)


async def test_an_ingredient_shows_its_harmonised_classification(
    client: httpx.AsyncClient,
) -> None:
    response = await _get(client, f"/api/v1/ingredients/{_id('FORMALDEHYDE')}")

    hazards = response.json()["toxicology"]["hazards"]
    assert [h["index_no"] for h in hazards] == ["605-001-00-5"]
    assert "H350" in hazards[0]["h_codes"] and "cmr_1ab" in hazards[0]["flags"]
    assert hazards[0]["citation"].startswith("CLP Annex VI index 605-001-00-5")


async def test_an_ingredient_without_curated_data_says_so_with_nulls(
    client: httpx.AsyncClient,
) -> None:
    response = await _get(client, f"/api/v1/ingredients/{_id('FORMALDEHYDE')}")

    assert response.json()["toxicology"]["curated"] is None


async def test_cached_external_answers_are_shown_with_their_age(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    db: Database = app.state.db
    now = utcnow()
    async with db.sessionmaker.begin() as session:
        await cache_repo.upsert_entry(
            session,
            source="pubchem",
            query_key="cas:50-28-2",
            status="ok",
            payload={"cid": 5757},
            fetched_at=now - timedelta(days=40),
            expires_at=now - timedelta(days=10),
        )
        await cache_repo.upsert_entry(
            session,
            source="echa",
            query_key="cas:50-28-2",
            status="not_found",
            payload={},
            fetched_at=now,
            expires_at=now + timedelta(days=30),
        )

    response = await _get(client, f"/api/v1/ingredients/{_id('ESTRADIOL')}")

    external = {e["source"]: e for e in response.json()["toxicology"]["external"]}
    assert (external["pubchem"]["status"], external["pubchem"]["stale"]) == ("ok", True)
    assert external["pubchem"]["data"] == {"cid": 5757}
    assert (external["echa"]["status"], external["echa"]["stale"]) == ("not_found", False)


async def test_an_unknown_ingredient_is_a_404_in_the_shared_shape(
    client: httpx.AsyncClient,
) -> None:
    response = await _get(client, "/api/v1/ingredients/cosing:0")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "cosing:0" in response.json()["error"]["message"]


async def test_a_refresh_runs_and_reports_disabled_sources(served: httpx.AsyncClient) -> None:
    owner = await register(served)

    response = await served.post(
        f"/api/v1/ingredients/{_id('GLYCERIN')}/toxicology", headers=owner.headers
    )
    task = await poll_task(served, owner.headers, response.json()["status_url"])

    assert response.status_code == 202
    assert task["status"] == "done", task
    assert task["result"]["query_key"] == "cas:56-81-5"
    assert task["result"]["sources"] == {
        source: {"status": "disabled", "error": None, "fetched_at": None}
        for source in ("echa", "epa", "pubchem")
    }


async def test_refreshing_an_unknown_ingredient_is_a_404(client: httpx.AsyncClient) -> None:
    owner = await register(client)

    response = await client.post("/api/v1/ingredients/cosing:0/toxicology", headers=owner.headers)

    assert response.status_code == 404
