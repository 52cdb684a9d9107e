"""PubChem: properties and notified GHS codes parsed from recorded shapes; every failure
mode ends in a result, never an exception."""

from __future__ import annotations

import httpx
import pytest

from pifai.toxicology.sources import pubchem
from pifai.toxicology.sources.http import RateLimiter
from pifai.toxicology.sources.result import SourceResult
from tests.toxicology.sources._transport import Recorder, raises, reply, settings, status

PROPS = "/property/"
GHS = "/pug_view/"


def _no_wait_limiter() -> RateLimiter:
    async def no_sleep(_seconds: float) -> None:
        return None

    return RateLimiter(1000.0, sleep=no_sleep)


async def _fetch(recorder: Recorder, query: str = "50-78-2", **overrides: object) -> SourceResult:
    async with recorder.client() as client:
        return await pubchem.fetch(client, query, settings(**overrides), limiter=_no_wait_limiter())


async def test_properties_and_ghs_codes_are_normalised() -> None:
    recorder = Recorder(
        {PROPS: reply("pubchem_properties_aspirin.json"), GHS: reply("pubchem_ghs_aspirin.json")}
    )

    result = await _fetch(recorder)

    assert result.status == "ok"
    assert result.data == {
        "cid": 2244,
        "iupac_name": "2-acetyloxybenzoic acid",
        "mw": 180.16,
        "smiles": "CC(=O)OC1=CC=CC=C1C(=O)O",
        "xlogp": 1.2,
        "xlogp_kind": pubchem.XLOGP_KIND,
        "source_url": "https://pubchem.ncbi.nlm.nih.gov/compound/2244",
        "ghs_h_codes": ["H302"],
        "ghs_sources": ["European Chemicals Agency (ECHA)"],
    }
    assert "computed" in result.data["xlogp_kind"]


async def test_requests_name_the_properties_and_the_ghs_heading() -> None:
    recorder = Recorder(
        {PROPS: reply("pubchem_properties_aspirin.json"), GHS: reply("pubchem_ghs_aspirin.json")}
    )

    await _fetch(recorder, "acetylsalicylic acid")

    props, ghs = recorder.requests
    assert props.url.raw_path.decode() == (
        "/rest/pug/compound/name/acetylsalicylic%20acid/property/"
        "MolecularWeight,SMILES,ConnectivitySMILES,XLogP,IUPACName/JSON"
    )
    assert ghs.url.path == "/rest/pug_view/data/compound/2244/JSON"
    assert ghs.url.params["heading"] == "GHS Classification"


async def test_legacy_smiles_keys_are_still_read_and_missing_xlogp_is_unknown() -> None:
    recorder = Recorder(
        {
            PROPS: reply("pubchem_properties_legacy_keys.json"),
            GHS: reply("pubchem_ghs_aspirin.json"),
        }
    )

    result = await _fetch(recorder)

    assert result.data["smiles"] == "CC(=O)OC1=CC=CC=C1C(=O)O"
    assert result.data["xlogp"] is None


async def test_unknown_name_is_not_found_without_retry() -> None:
    recorder = Recorder({PROPS: reply("pubchem_not_found.json", 404)})

    result = await _fetch(recorder, "no such thing")

    assert (result.status, result.error) == ("not_found", None)
    assert len(recorder.requests) == 1


async def test_compound_without_ghs_section_has_unknown_codes_not_an_empty_list() -> None:
    recorder = Recorder(
        {
            PROPS: reply("pubchem_properties_aspirin.json"),
            GHS: reply("pubchem_view_not_found.json", 404),
        }
    )

    result = await _fetch(recorder)

    assert result.status == "ok"
    assert result.data["ghs_h_codes"] is None


async def test_server_busy_is_retried_once_then_failed() -> None:
    recorder = Recorder({PROPS: reply("pubchem_server_busy.json", 503)})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "PubChem: HTTP 503")
    assert len(recorder.requests) == 2


async def test_timeouts_are_retried_once_with_the_configured_timeout_in_the_message() -> None:
    recorder = Recorder({PROPS: raises(httpx.ReadTimeout)})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "PubChem: timed out after 5 s")
    assert len(recorder.requests) == 2
    assert recorder.requests[0].extensions["timeout"]["read"] == 5.0


async def test_ghs_failure_keeps_the_properties_but_fails_the_source() -> None:
    recorder = Recorder({PROPS: reply("pubchem_properties_aspirin.json"), GHS: status(500)})

    result = await _fetch(recorder)

    assert result.status == "failed"
    assert result.error == "PubChem: HTTP 500 (GHS classification)"
    assert result.data["cid"] == 2244


async def test_malformed_json_fails() -> None:
    recorder = Recorder({PROPS: status(200, b"{not json")})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "PubChem: malformed JSON")


async def test_unexpected_shape_fails_with_what_was_missing() -> None:
    recorder = Recorder({PROPS: lambda _r: httpx.Response(200, json={"IdentifierList": {}})})

    result = await _fetch(recorder)

    assert result.status == "failed"
    assert result.error == "PubChem: unexpected response shape (no PropertyTable.Properties)"


async def test_a_fault_in_a_200_answer_is_not_taken_as_data() -> None:
    recorder = Recorder({PROPS: reply("pubchem_server_busy.json", 200)})

    result = await _fetch(recorder)

    assert (result.status, result.error) == ("failed", "PubChem: fault PUGREST.ServerBusy")


def _statements(*strings: str) -> dict[str, object]:
    info = {
        "Name": "GHS Hazard Statements",
        "Value": {"StringWithMarkup": [{"String": s} for s in strings]},
    }
    section = {"TOCHeading": "GHS Classification", "Information": [info]}
    return {"Record": {"Section": [{"TOCHeading": "Safety and Hazards", "Section": [section]}]}}


@pytest.mark.parametrize(
    ("strings", "codes"),
    [
        (
            [
                "H360 (100%): May damage fertility",
                "H312: Harmful in contact with skin",
                "H226: Flammable liquid and vapour",
            ],
            ["H226", "H312", "H360"],
        ),
        (["H360FD (12.5%): May damage fertility. May damage the unborn child"], ["H360FD"]),
        (["H350i: May cause cancer by inhalation", "EUH066: Repeated exposure"], ["H350i"]),
        (["H302 (90%): Harmful if swallowed", "H302 (10%): Harmful if swallowed"], ["H302"]),
    ],
)
def test_h_codes_are_read_from_the_statements(strings: list[str], codes: list[str]) -> None:
    assert pubchem.parse_ghs(_statements(*strings))["ghs_h_codes"] == codes
