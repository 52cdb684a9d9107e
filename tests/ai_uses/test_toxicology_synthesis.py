"""Item 10's synthesis: a template without a key, the AI's text with a key; citations only
from the engine's results."""

from __future__ import annotations

from typing import Any

import httpx

from pifai.ai.service import AiService
from pifai.ai_uses.clients import current
from pifai.ai_uses.synthesis import all_citations, synthesise
from tests.ai._anthropic import FakeAnthropic, FakeRunner, llm_client
from tests.ai_uses.fakes import RoutedAnthropic, fake_ai, no_ai, scored, storm, submit
from tests.factories.accounts import register
from tests.factories.items import get_item
from tests.toxicology.api.helpers import analysed_product

NOAEL_SOURCE = "SCCS/1575/16 phenoxyethanol opinion"
REPORT: dict[str, Any] = {
    "product_type": "face_cream",
    "verdict": "acceptable",
    "blocking": False,
    "exposure": {"exposure_class": "face_cream", "citation": "SCCS/1647/22 Table 3A"},
    "ingredients": [
        {
            "name": "Phenoxyethanol",
            "inci": "PHENOXYETHANOL",
            "concentration_pct": 0.8,
            "basis": "tier 1: curated NOAEL",
            "verdict": "acceptable",
            "noael": {"mg_kg_bw_d": 357, "source": NOAEL_SOURCE},
            "mos": 2300,
            "mos_threshold": 100,
            "gates": [],
            "hazard_citations": [],
        }
    ],
}


async def _ai_synthesis(*paragraphs: dict[str, Any]) -> dict[str, Any]:
    fake = FakeAnthropic(submit({"paragraphs": list(paragraphs), "open_questions": []}))
    client = llm_client(fake)
    service = AiService(client.settings, client=client, runner=FakeRunner({}))
    return await synthesise(service, "platform", REPORT)


async def test_the_template_cites_only_the_engine() -> None:
    with no_ai():
        service = AiService(current().ai_settings())
        result = await synthesise(service, "none", REPORT)

    cited = {c for p in result["paragraphs"] for c in p["citations"]}
    assert (result["path"], result["ai_draft"]) == ("deterministic", False)
    assert cited == set(all_citations(REPORT)) == {NOAEL_SOURCE, "SCCS/1647/22 Table 3A"}
    assert "MoS 2300 (threshold 100)" in result["paragraphs"][0]["text"]


async def test_ai_paragraphs_keep_only_engine_citations_and_flag_the_rest() -> None:
    cited = {
        "subject": "PHENOXYETHANOL",
        "text": scored("The margin of safety is 2300, above 100.", 0.9, NOAEL_SOURCE),
    }
    uncited = {"subject": "product", "text": scored("Well tolerated.", 0.9, "general knowledge")}

    result = await _ai_synthesis(cited, uncited)

    first, second = result["paragraphs"]
    assert (result["path"], result["ai_draft"]) == ("ai", True)
    assert first["citations"] == [NOAEL_SOURCE] and not first["uncited"]
    assert second["citations"] == [] and second["uncited"] and second["confidence"] == 0.49


async def test_an_assessment_without_a_key_writes_the_template(served: httpx.AsyncClient) -> None:
    owner = await register(served)
    with no_ai():
        product, _ = await analysed_product(served, owner)
    item10 = await get_item(served, owner, product["id"], 10)

    synthesis = item10["data"]["synthesis"]
    assert item10["data"]["path"] == "deterministic"  # the engine's own results
    assert (synthesis["path"], synthesis["ai_draft"]) == ("deterministic", False)
    assert len(synthesis["paragraphs"]) == len(item10["data"]["ingredients"]) + 1
    allowed = set(all_citations(item10["data"]))
    assert {c for p in synthesis["paragraphs"] for c in p["citations"]} <= allowed


async def test_an_api_storm_during_the_assessment_falls_back_to_the_template(
    served: httpx.AsyncClient,
) -> None:
    owner = await register(served)
    fake = RoutedAnthropic(synthesis=storm(4))
    with fake_ai(fake):
        product, _ = await analysed_product(served, owner)
    item10 = await get_item(served, owner, product["id"], 10)

    assert item10["status"] == "ai_draft_ready"
    assert item10["data"]["synthesis"]["path"] == "deterministic"
    assert "HTTP 529 after 4 attempt(s)" in item10["data"]["synthesis"]["reason"]
