"""The lookup: only enabled sources, all at once, each failure named, never an exception."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from pifai.toxicology.sources.http import RateLimiter
from pifai.toxicology.sources.lookup import ExternalLookup, lookup_external, make_query
from tests.conftest import make_settings
from tests.toxicology.sources._transport import (
    Handler,
    Recorder,
    raises,
    reply,
    settings,
    status,
)

ROUTES = {
    "/property/": reply("pubchem_properties_aspirin.json"),
    "/pug_view/": reply("pubchem_ghs_aspirin.json"),
    "/api-substance/": reply("echa_substance_search.json"),
    "/overview/info/": reply("echa_overview_info_harmonised.json"),
    "/classifications/harmonised/": reply("echa_harmonised_classifications.json"),
    "/chemical/search/equal/": reply("epa_chemical_search.json"),
    "/hazard/toxval/": reply("epa_toxval_by_dtxsid.json"),
}


async def _no_sleep(_seconds: float) -> None:
    return None


async def _lookup(recorder: Recorder, **overrides: object) -> ExternalLookup:
    async with recorder.client() as client:
        return await lookup_external(
            cas="80-05-7",
            name="Bisphenol A",
            settings=settings(**overrides),
            session_factory=None,
            client=client,
            pubchem_limiter=RateLimiter(1000.0, sleep=_no_sleep),
        )


async def test_sources_are_off_by_default_and_nothing_is_sent() -> None:
    recorder = Recorder(ROUTES)

    async with recorder.client() as client:
        found = await lookup_external(
            cas="80-05-7", name=None, settings=make_settings(), session_factory=None, client=client
        )

    assert recorder.requests == []
    assert found.disabled == ("echa", "epa", "pubchem")
    assert found.missing == found.ok == ()


async def test_all_enabled_sources_answer() -> None:
    found = await _lookup(Recorder(ROUTES))

    assert found.ok == ("echa", "epa", "pubchem")
    assert found.results["echa"].data["h_codes"] == ["H360F", "H335"]
    assert found.results["epa"].data["dtxsid"] == "DTXSID7020182"
    assert all(not r.from_cache for r in found.results.values())


async def test_all_three_failing_still_completes_and_names_them_in_order() -> None:
    recorder = Recorder(
        {
            "/property/": raises(httpx.ConnectTimeout),
            "/api-substance/": status(503),
            "/chemical/search/equal/": status(200, b"not json"),
        }
    )

    found = await _lookup(recorder)

    assert found.missing == ("echa", "epa", "pubchem")
    assert {s: r.error for s, r in found.results.items()} == {
        "echa": "ECHA: HTTP 503",
        "epa": "EPA: malformed JSON",
        "pubchem": "PubChem: timed out after 5 s",
    }


async def test_one_source_off_and_one_failing_are_told_apart() -> None:
    recorder = Recorder({**ROUTES, "/api-substance/": status(500)})

    found = await _lookup(recorder, epa_enabled=False)

    assert (found.ok, found.missing, found.disabled) == (("pubchem",), ("echa",), ("epa",))
    assert recorder.paths("/chemical/") == []


async def test_sources_are_queried_concurrently() -> None:
    """Each source's first request waits until all three have started: run one after
    another, the lookup would time out instead."""
    barrier = asyncio.Barrier(3)

    def waits_for_the_others(fragment: str) -> Handler:
        async def handler(request: httpx.Request) -> httpx.Response:
            await barrier.wait()
            response = ROUTES[fragment](request)
            assert isinstance(response, httpx.Response)
            return response

        return handler

    routes = {
        **ROUTES,
        **{
            f: waits_for_the_others(f)
            for f in ("/property/", "/api-substance/", "/chemical/search/equal/")
        },
    }

    found = await _lookup(
        Recorder(routes),
        pubchem_timeout_seconds=1.0,
        echa_timeout_seconds=1.0,
        epa_timeout_seconds=1.0,
    )

    assert found.ok == ("echa", "epa", "pubchem")


async def test_nothing_to_look_up_is_not_found_without_requests() -> None:
    recorder = Recorder(ROUTES)

    async with recorder.client() as client:
        found = await lookup_external(
            cas=" ", name=None, settings=settings(), session_factory=None, client=client
        )

    assert {r.status for r in found.results.values()} == {"not_found"}
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("cas", "name", "text", "key"),
    [
        ("80\u201305\u20137", "ignored", "80-05-7", "cas:80-05-7"),
        (None, "  Bisphenol   A ", "Bisphenol A", "name:bisphenol a"),
        ("", "BISPHENOL A", "BISPHENOL A", "name:bisphenol a"),
    ],
)
def test_queries_prefer_cas_and_key_names_case_insensitively(
    cas: str | None, name: str, text: str, key: str
) -> None:
    query = make_query(cas, name)

    assert query is not None
    assert (query.text, query.key) == (text, key)
