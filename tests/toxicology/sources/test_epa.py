"""EPA CompTox: DTXSID by exact search, then ToxValDB points of departure as given."""

from __future__ import annotations

import httpx

from pifai.toxicology.sources import epa
from pifai.toxicology.sources.result import SourceResult
from tests.toxicology.sources._transport import Recorder, reply, settings, status

SEARCH = "/chemical/search/equal/"
TOXVAL = "/hazard/toxval/search/by-dtxsid/"


async def _fetch(
    recorder: Recorder, query: str = "Bisphenol A", cas: str | None = None, **overrides: object
) -> SourceResult:
    async with recorder.client() as client:
        return await epa.fetch(client, query, settings(**overrides), cas=cas)


def _found() -> Recorder:
    return Recorder(
        {SEARCH: reply("epa_chemical_search.json"), TOXVAL: reply("epa_toxval_by_dtxsid.json")}
    )


async def test_points_of_departure_are_the_human_dose_response_values() -> None:
    result = await _fetch(_found())

    assert result.status == "ok"
    assert result.data == {
        "dtxsid": "DTXSID7020182",
        "points_of_departure": [
            {
                "value": 40.0,
                "qualifier": "=",
                "units": "mg/kg-day",
                "type": "NOEL",
                "species": "Rat",
                "route": "oral",
                "study_type": "subchronic",
                "source": "HESS",
                "year": None,
                "record_id": 4194,
            },
            {
                "value": 1000.0,
                "qualifier": "=",
                "units": "ppm",
                "type": "LOAEL",
                "species": "Rat",
                "route": "oral",
                "study_type": "reproduction developmental",
                "source": "HPVIS",
                "year": 1982,
                "record_id": 5535,
            },
        ],
    }


async def test_the_api_key_header_and_paths_are_sent() -> None:
    recorder = _found()

    await _fetch(recorder, "80-05-7", cas="80-05-7")

    search, toxval = recorder.requests
    assert search.url.path == "/chemical/search/equal/80-05-7"
    assert toxval.url.path == "/hazard/toxval/search/by-dtxsid/DTXSID7020182"
    assert {r.headers["x-api-key"] for r in recorder.requests} == {"test-key"}


async def test_a_cas_that_the_hit_does_not_carry_is_not_found() -> None:
    result = await _fetch(_found(), "80-05-7", cas="50-00-0")

    assert result.status == "not_found"


async def test_unknown_word_answered_with_400_problem_is_not_found() -> None:
    recorder = Recorder({SEARCH: reply("epa_search_not_found.json", 400)})

    result = await _fetch(recorder, "gvfds")

    assert result.status == "not_found"
    assert len(recorder.requests) == 1


async def test_no_points_of_departure_is_not_found_but_keeps_the_dtxsid() -> None:
    recorder = Recorder(
        {SEARCH: reply("epa_chemical_search.json"), TOXVAL: lambda _r: httpx.Response(200, json=[])}
    )

    result = await _fetch(recorder)

    assert (result.status, result.data) == (
        "not_found",
        {"dtxsid": "DTXSID7020182", "points_of_departure": []},
    )


async def test_without_an_api_key_nothing_is_sent() -> None:
    recorder = _found()

    result = await _fetch(recorder, epa_api_key=None)

    assert (result.status, result.error) == (
        "failed",
        "EPA: no API key configured (PIFAI_EPA_API_KEY)",
    )
    assert recorder.requests == []


async def test_server_error_is_retried_once_then_failed() -> None:
    recorder = Recorder({SEARCH: reply("epa_chemical_search.json"), TOXVAL: status(500)})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "EPA: HTTP 500")
    assert len(recorder.paths(TOXVAL)) == 2


async def test_malformed_json_fails() -> None:
    recorder = Recorder({SEARCH: status(200, b"[{")})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "EPA: malformed JSON")
