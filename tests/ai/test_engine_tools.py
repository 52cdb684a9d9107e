"""The default tool runner answers from our own engines, offline; PubChem only when it is
enabled, through our PubChem client."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from pifai.ai.engine_tools import EngineToolRunner
from pifai.ai.tools import (
    TOOLS,
    InciNormalize,
    IngredientLookup,
    PubchemQuery,
    TfdaCheck,
    ToolFailed,
)
from pifai.toxicology.sources.http import RateLimiter
from tests.conftest import make_settings
from tests.toxicology.sources._transport import Recorder, reply

AS_OF = date(2026, 7, 1)


def _runner(**settings: object) -> EngineToolRunner:
    return EngineToolRunner(make_settings(**settings), as_of=AS_OF)


async def test_inci_normalize_identifies_a_chinese_name() -> None:
    answer = await _runner().inci_normalize(InciNormalize(name="苯氧乙醇"))

    assert answer["status"] == "ok"
    assert answer["inci"] == "PHENOXYETHANOL"
    assert answer["cas_numbers"] == ["122-99-6"]
    assert answer["method"] == "chinese"
    assert answer["confidence"] >= 0.8


async def test_inci_normalize_reports_what_it_cannot_identify() -> None:
    answer = await _runner().inci_normalize(InciNormalize(name="Secret Blend XYZ-9000"))

    assert answer["status"] == "not_found" and answer["inci"] is None


async def test_tfda_check_lists_entries_tfda_first_and_judges_a_use() -> None:
    args = TfdaCheck(
        name="Phenoxyethanol", cas="122-99-6", product_type="face_cream", amount_pct=2.0
    )

    answer = await _runner().tfda_check_restricted(args)

    ids = [e["entry_id"] for e in answer["entries"]]
    assert ids[0].startswith("TFDA:preservative:")
    assert any(i.startswith("EU:") for i in ids)
    assert answer["verdict"]["verdict"] == "over_limit"
    assert answer["verdict"]["as_of"] == "2026-07-01"
    assert {f["allowed_pct"] for f in answer["verdict"]["findings"]} == {1.0}


async def test_tfda_check_of_an_unlisted_substance() -> None:
    answer = await _runner().tfda_check_restricted(TfdaCheck(name="Water", cas="7732-18-5"))

    assert answer == {"status": "not_listed", "entries": []}


async def test_tfda_check_with_an_unknown_product_type_tells_the_model() -> None:
    args = TfdaCheck(name="Phenoxyethanol", product_type="moon_cream", amount_pct=0.5)

    with pytest.raises(ToolFailed, match="unknown product type 'moon_cream'"):
        await _runner().tfda_check_restricted(args)


def test_tool_arguments_are_checked() -> None:
    with pytest.raises(ValidationError, match="give a name or a CAS number"):
        TfdaCheck(amount_pct=1)
    with pytest.raises(ValidationError, match="extra"):
        InciNormalize(name="x", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="give an INCI name"):
        IngredientLookup()


async def test_db_lookup_returns_the_entry_and_the_curated_record() -> None:
    answer = await _runner().db_lookup_ingredient(IngredientLookup(inci="Phenoxyethanol"))

    assert answer["status"] == "ok"
    assert answer["entry"]["ingredient_id"].startswith("cosing:")
    assert answer["curated"]["inci"] == "PHENOXYETHANOL"
    by_id = await _runner().db_lookup_ingredient(
        IngredientLookup(ingredient_id=answer["entry"]["ingredient_id"])
    )
    assert by_id["entry"] == answer["entry"]


async def test_db_lookup_by_cas_and_not_found() -> None:
    by_cas = await _runner().db_lookup_ingredient(IngredientLookup(cas="122-99-6"))
    missing = await _runner().db_lookup_ingredient(IngredientLookup(inci="Unobtainium"))

    assert by_cas["entry"]["inci"] == "PHENOXYETHANOL"
    assert missing == {"status": "not_found"}


async def test_pubchem_disabled_sends_nothing() -> None:
    recorder = Recorder({})
    async with recorder.client() as client:
        runner = EngineToolRunner(make_settings(pubchem_enabled=False), http_client=client)
        answer = await runner.pubchem_query(PubchemQuery(query="50-78-2"))

    assert answer["status"] == "disabled"
    assert recorder.requests == []


async def test_pubchem_enabled_goes_through_our_client(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_sleep(_seconds: float) -> None:
        return None

    monkeypatch.setattr(
        "pifai.toxicology.sources.pubchem.shared_limiter",
        lambda *_: RateLimiter(1000.0, sleep=no_sleep),
    )
    recorder = Recorder(
        {
            "/property/": reply("pubchem_properties_aspirin.json"),
            "/pug_view/": reply("pubchem_ghs_aspirin.json"),
        }
    )
    async with recorder.client() as client:
        runner = EngineToolRunner(make_settings(pubchem_enabled=True), http_client=client)
        answer = await runner.pubchem_query(PubchemQuery(query="50-78-2"))

    assert answer["status"] == "ok"
    assert answer["data"]["cid"] == 2244
    assert answer["data"]["ghs_h_codes"] == ["H302"]
    assert len(recorder.requests) == 2


def test_tool_definitions_are_self_contained_json_schemas() -> None:
    for spec in TOOLS.values():
        definition = spec.definition()
        assert set(definition) == {"name", "description", "input_schema"}
        assert definition["input_schema"]["type"] == "object"
        assert "$defs" not in str(definition) and "$ref" not in str(definition)
