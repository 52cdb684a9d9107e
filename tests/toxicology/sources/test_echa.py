"""ECHA C&L: the harmonised classification, only for an exact substance match."""

from __future__ import annotations

from pifai.toxicology.sources import echa
from pifai.toxicology.sources.result import SourceResult
from tests.toxicology.sources._transport import Recorder, reply, settings, status

SEARCH = "/api-substance/v1/substance"
INFO = "/prominent/overview/info/"
CLASSES = "/prominent/overview/classifications/harmonised/"


async def _fetch(
    recorder: Recorder, query: str = "80-05-7", cas: str | None = "80-05-7"
) -> SourceResult:
    async with recorder.client() as client:
        return await echa.fetch(client, query, settings(), cas=cas)


def _harmonised() -> Recorder:
    return Recorder(
        {
            SEARCH: reply("echa_substance_search.json"),
            INFO: reply("echa_overview_info_harmonised.json"),
            CLASSES: reply("echa_harmonised_classifications.json"),
        }
    )


async def test_harmonised_classification_is_parsed() -> None:
    result = await _fetch(_harmonised())

    assert result.status == "ok"
    assert result.data == {
        "rml_id": "100.001.133",
        "name": "4,4'-isopropylidenediphenol",
        "cas": "80-05-7",
        "ec": "201-245-8",
        "harmonised": True,
        "classification_id": "139506",
        "signal_word": "Danger",
        "source_url": "https://chem.echa.europa.eu/100.001.133",
        "classes": ["Repr. 1B", "STOT SE 3"],
        "h_codes": ["H360F", "H335"],
    }


async def test_requests_follow_the_expected_endpoint_shapes() -> None:
    recorder = _harmonised()

    await _fetch(recorder)

    search, info, classes = recorder.requests
    assert search.url.path == SEARCH
    assert search.url.params["searchText"] == "80-05-7"
    assert info.url.path == "/api-cnl-inventory/prominent/overview/info/100.001.133"
    assert classes.url.path == (
        "/api-cnl-inventory/prominent/overview/classifications/harmonised/139506"
    )


async def test_no_harmonised_entry_is_ok_and_says_so_without_reading_industry_data() -> None:
    recorder = Recorder(
        {
            SEARCH: reply("echa_substance_search.json"),
            INFO: reply("echa_overview_info_industry.json"),
        }
    )

    result = await _fetch(recorder)

    assert result.status == "ok"
    assert (result.data["harmonised"], result.data["h_codes"], result.data["classes"]) == (
        False,
        [],
        [],
    )
    assert len(recorder.requests) == 2


async def test_empty_search_is_not_found() -> None:
    recorder = Recorder({SEARCH: reply("echa_substance_search_empty.json")})

    result = await _fetch(recorder)

    assert result.status == "not_found"
    assert len(recorder.requests) == 1


async def test_a_hit_with_another_cas_is_not_taken() -> None:
    recorder = Recorder({SEARCH: reply("echa_substance_search.json")})

    result = await _fetch(recorder, "80-05-8", cas="80-05-8")

    assert result.status == "not_found"


async def test_without_cas_only_an_exact_name_matches() -> None:
    exact = await _fetch(_harmonised(), "4,4'-Isopropylidenediphenol", cas=None)
    partial = await _fetch(
        Recorder({SEARCH: reply("echa_substance_search.json")}), "isopropylidene", cas=None
    )

    assert (exact.status, partial.status) == ("ok", "not_found")


async def test_server_error_is_retried_once_then_failed() -> None:
    recorder = Recorder({SEARCH: status(500)})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "ECHA: HTTP 500")
    assert len(recorder.requests) == 2


async def test_malformed_json_fails() -> None:
    recorder = Recorder({SEARCH: status(200, b"<!doctype html><title>ECHA</title>")})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "ECHA: malformed JSON")
