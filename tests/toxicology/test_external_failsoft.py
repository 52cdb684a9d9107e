"""With every external source failing, the assessment still completes and says what it lacked.

The real clients run against ``httpx.MockTransport``: PubChem times out, ECHA answers 500,
EPA answers malformed JSON (each retried once). The result must equal the offline
assessment ingredient by ingredient, with the missing sources named in the report and on
the SA's list. A source that answers does change the result: a structure from PubChem lets
an ingredient unknown to our dataset reach the structural tiers.
"""

from __future__ import annotations

from datetime import date

import httpx

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.parsers import parse_file
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.toxicology.assess import AssessmentInput, assess_product
from pifai.toxicology.assessment_model import Tier
from pifai.toxicology.assessment_report import assessment_dict
from pifai.toxicology.external_lookup import facts_for_inputs
from pifai.toxicology.formula_inputs import inputs_from_check
from pifai.toxicology.sources.http import RateLimiter
from tests.toxicology.sources._transport import Recorder, raises, reply, settings, status

FORMULA = b"""INCI,%
Aqua,80
Glycerin,5
Butylene Glycol,3
Phenoxyethanol,0.8
Sodium Benzoate,0.3
Xyzzy Frobnicate,0.5
Estradiol,0.0001
"""

FAILING = {
    "/property/": raises(httpx.ReadTimeout),
    "/pug_view/": raises(httpx.ReadTimeout),
    "/api-substance/": status(500),
    "/chemical/search/equal/": status(200, b"{not json"),
}


async def _no_sleep(_seconds: float) -> None:
    return None


def _inputs() -> list[AssessmentInput]:
    product = find_product_type("face_cream")
    check = check_parsed_formula(
        parse_file(FORMULA, "f.csv"), product, shipped_index(), as_of=date(2026, 12, 3)
    )
    return inputs_from_check(check)


async def test_every_source_failing_still_completes_and_marks_the_missing_sources() -> None:
    inputs = _inputs()
    recorder = Recorder(FAILING)
    async with recorder.client() as client:
        facts = await facts_for_inputs(
            inputs,
            settings(),
            session_factory=None,
            client=client,
            pubchem_limiter=RateLimiter(1000.0, sleep=_no_sleep),
        )
    product = find_product_type("face_cream")
    online = assess_product(inputs, product, facts=facts)
    offline = assess_product(inputs, product)

    assert recorder.requests, "the sources were really asked"
    assert online.sources_missing == ("echa", "epa", "pubchem")
    assert online.sources_used == ()
    for with_sources, without in zip(online.ingredients, offline.ingredients, strict=True):
        assert with_sources.verdict is without.verdict, with_sources.name
        assert with_sources.tier is without.tier, with_sources.name
        assert with_sources.sources_missing == ("echa", "epa", "pubchem")
        assert any("external sources unavailable" in r for r in with_sources.review)
    report = assessment_dict(online)
    assert report["sources_missing"] == ["echa", "epa", "pubchem"]
    assert {i["verdict"] for i in report["ingredients"]} >= {"prohibited"}


async def test_a_structure_from_pubchem_reaches_the_structural_tiers() -> None:
    inputs = [AssessmentInput("Acetylsalicylic test", None, (), 0.001)]
    recorder = Recorder(
        {
            "/property/": reply("pubchem_properties_aspirin.json"),
            "/pug_view/": reply("pubchem_ghs_aspirin.json"),
        }
    )
    async with recorder.client() as client:
        facts = await facts_for_inputs(
            inputs,
            settings(echa_enabled=False, epa_enabled=False),
            session_factory=None,
            client=client,
            pubchem_limiter=RateLimiter(1000.0, sleep=_no_sleep),
        )
    product = find_product_type("face_cream")
    offline = assess_product(inputs, product).ingredients[0]
    online = assess_product(inputs, product, facts=facts).ingredients[0]

    assert offline.tier is Tier.DATA_GAP
    assert online.tier in {Tier.STRUCTURAL, Tier.TTC}
    assert online.properties.smiles and "PubChem" in (online.properties.structure_citation or "")
    assert online.sources_missing == ()
