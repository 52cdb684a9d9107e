"""Whole tool-use conversations through AiService: what our code sends at each turn, what
it runs, and what it keeps of the model's answer."""

from __future__ import annotations

import json
from typing import Any

import httpx2

from pifai.ai.client import LlmClient
from pifai.ai.numbers import REJECTED_TEXT
from pifai.ai.service import NOT_CONFIGURED, AiService
from pifai.ai.tools import InciNormalize, TfdaCheck, ToolFailed
from tests.ai._anthropic import (
    FakeAnthropic,
    FakeRunner,
    ai_settings,
    llm_client,
    message,
    refuse_any_request,
    server_error,
    text,
    tool_use,
)

ENGINE_RESULTS: dict[str, Any] = {
    "product_type": "face_cream",
    "ingredients": [{"name": "苯氧乙醇", "amount_pct": 0.8, "mos": None, "basis": "TTC"}],
}
NORMALISED = {
    "status": "ok",
    "query": "苯氧乙醇",
    "inci": "PHENOXYETHANOL",
    "cas_numbers": ["122-99-6"],
    "method": "chinese",
    "confidence": 0.95,
}
LISTED = {
    "status": "ok",
    "entries": [
        {
            "entry_id": "TFDA:preservative:35",
            "authority": "TFDA",
            "limits": [{"max_pct": 1.0, "text": "1 %"}],
            "citation": {"list_name": "化粧品防腐劑成分名稱及使用限制表", "entry": "35"},
        }
    ],
}
SOURCE = "tfda_check_restricted: TFDA 化粧品防腐劑成分名稱及使用限制表 #35"


def _runner() -> FakeRunner:
    return FakeRunner({"inci_normalize": NORMALISED, "tfda_check_restricted": LISTED})


def _submit(paragraph_text: str, source: str = SOURCE, confidence: float = 0.9) -> dict[str, Any]:
    return tool_use(
        "submit_result",
        {
            "paragraphs": [
                {
                    "subject": "PHENOXYETHANOL",
                    "text": {"value": paragraph_text, "confidence": confidence, "source": source},
                }
            ],
            "open_questions": [],
        },
    )


def _service(fake: FakeAnthropic, runner: FakeRunner, **settings: Any) -> AiService:
    client = llm_client(fake, **settings)
    return AiService(client.settings, client=client, runner=runner)


def _tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
    last = body["messages"][-1]
    assert last["role"] == "user"
    return [b for b in last["content"] if b["type"] == "tool_result"]


async def test_model_normalises_then_checks_tfda_then_submits() -> None:
    normalise = tool_use("inci_normalize", {"name": "苯氧乙醇"}, id="toolu_01A")
    check = tool_use(
        "tfda_check_restricted",
        {"name": "PHENOXYETHANOL", "cas": "122-99-6", "product_type": "face_cream"},
        id="toolu_01B",
    )
    answer = "PHENOXYETHANOL (CAS 122-99-6) is used at 0.8 %; the TFDA limit is 1 %."
    fake = FakeAnthropic(
        message(text("I will identify the ingredient first."), normalise),
        message(check),
        message(_submit(answer)),
    )
    runner = _runner()

    result = await _service(fake, runner).toxicology_synthesis(ENGINE_RESULTS)

    assert result.path == "ai" and result.ai_draft
    assert result.value is not None
    assert result.value.paragraphs[0].text.value == answer
    assert result.rejected_numbers == [] and result.flags == []
    assert result.confidences == {"paragraphs.0.text": 0.9}
    assert result.prompt_version is not None
    assert result.prompt_version.startswith("toxicology_synthesis.v1#")
    assert [c.name for c in result.tool_calls] == ["inci_normalize", "tfda_check_restricted"]
    assert result.tool_calls[1].result == LISTED
    assert result.usage.requests == 3
    # our code ran the tools with validated arguments
    assert runner.calls == [
        ("inci_normalize", InciNormalize(name="苯氧乙醇")),
        (
            "tfda_check_restricted",
            TfdaCheck(name="PHENOXYETHANOL", cas="122-99-6", product_type="face_cream"),
        ),
    ]
    first, second, third = fake.bodies
    assert first["model"] == "claude-sonnet-5-5"  # strong model for the synthesis
    assert [t["name"] for t in first["tools"]] == [
        "inci_normalize",
        "tfda_check_restricted",
        "pubchem_query",
        "db_lookup_ingredient",
        "submit_result",
    ]
    assert first["tool_choice"] == {"type": "auto"}
    # prompt caching: system prompt, tool definitions, the first user turn
    assert first["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert "Never invent a number" in first["system"][0]["text"]
    assert first["tools"][-1]["cache_control"] == {"type": "ephemeral"}
    assert first["messages"][0]["content"][-1]["cache_control"] == {"type": "ephemeral"}
    assert "苯氧乙醇" in first["messages"][0]["content"][0]["text"]
    # turn 2 echoes the assistant turn and answers the tool call with our result
    assert second["messages"][1] == {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "I will identify the ingredient first."},
            {
                "type": "tool_use",
                "id": "toolu_01A",
                "name": "inci_normalize",
                "input": {"name": "苯氧乙醇"},
            },
        ],
    }
    (reply,) = _tool_results(second)
    assert reply["tool_use_id"] == "toolu_01A"
    assert "is_error" not in reply
    assert json.loads(reply["content"]) == NORMALISED
    (reply,) = _tool_results(third)
    assert reply["tool_use_id"] == "toolu_01B"
    assert json.loads(reply["content"]) == LISTED
    assert len(third["messages"]) == 5


async def test_bad_tool_arguments_are_answered_with_is_error_and_the_model_recovers() -> None:
    bad = tool_use("tfda_check_restricted", {"amount_pct": 150}, id="toolu_bad")
    good = tool_use("tfda_check_restricted", {"name": "PHENOXYETHANOL"}, id="toolu_good")
    fake = FakeAnthropic(
        message(bad),
        message(text("Sorry, I will give the name."), good),
        message(_submit("The TFDA limit for PHENOXYETHANOL is 1 %.")),
    )
    runner = _runner()

    result = await _service(fake, runner).toxicology_synthesis(ENGINE_RESULTS)

    (error,) = _tool_results(fake.bodies[1])
    assert error["tool_use_id"] == "toolu_bad"
    assert error["is_error"] is True
    assert "Invalid arguments for tfda_check_restricted" in error["content"]
    assert "amount_pct" in error["content"]
    assert [name for name, _ in runner.calls] == ["tfda_check_restricted"]  # only the good one
    assert result.path == "ai"
    assert "tool_errors" in result.flags
    assert [c.is_error for c in result.tool_calls] == [True, False]


async def test_an_unknown_tool_and_a_failing_tool_are_reported_to_the_model() -> None:
    fake = FakeAnthropic(
        message(tool_use("web_search", {"query": "phenoxyethanol limit"}, id="toolu_web")),
        message(tool_use("pubchem_query", {"query": "122-99-6"}, id="toolu_pc")),
        message(_submit("No PubChem data was available.", source="pubchem_query: failed")),
    )
    runner = FakeRunner({"pubchem_query": ToolFailed("PubChem: timed out after 5 s")})

    result = await _service(fake, runner).toxicology_synthesis(ENGINE_RESULTS)

    (unknown,) = _tool_results(fake.bodies[1])
    assert unknown["is_error"] is True
    assert unknown["content"].startswith("Unknown tool 'web_search'")
    (failed,) = _tool_results(fake.bodies[2])
    assert failed["is_error"] is True
    assert "PubChem: timed out after 5 s" in failed["content"]
    assert result.path == "ai"


async def test_a_number_no_tool_returned_is_rejected_and_flagged() -> None:
    invented = "PHENOXYETHANOL has an oral NOAEL of 250 mg/kg bw/day (rat)."
    fake = FakeAnthropic(
        message(tool_use("inci_normalize", {"name": "苯氧乙醇"})),
        message(_submit(invented, source="inci_normalize: PHENOXYETHANOL")),
    )

    result = await _service(fake, _runner()).toxicology_synthesis(ENGINE_RESULTS)

    assert result.path == "ai"
    assert result.value is not None
    paragraph = result.value.paragraphs[0].text
    assert paragraph.value is None  # dropped, never silently kept
    assert paragraph.confidence == 0.0
    assert result.confidences == {"paragraphs.0.text": 0.0}
    assert "numbers_rejected" in result.flags
    assert [(r.path, r.number) for r in result.rejected_numbers] == [
        ("paragraphs.0.text.value", "250")
    ]
    assert result.review_order()[0] == "paragraphs.0.text"


async def test_an_invented_citation_number_in_the_source_is_rejected_too() -> None:
    fake = FakeAnthropic(
        message(_submit("PHENOXYETHANOL is a preservative.", source="SCCS/1575/16"))
    )

    result = await _service(fake, _runner()).toxicology_synthesis(ENGINE_RESULTS)

    assert result.value is not None
    assert result.value.paragraphs[0].text.source == REJECTED_TEXT
    assert {r.number for r in result.rejected_numbers} == {"1575", "16"}


async def test_an_invalid_answer_gets_one_repair_turn() -> None:
    incomplete = tool_use(
        "submit_result",
        {"paragraphs": [{"subject": "PHENOXYETHANOL", "text": {"value": "x", "confidence": 1.7}}]},
        id="toolu_sub1",
    )
    fake = FakeAnthropic(message(incomplete), message(_submit("PHENOXYETHANOL is used at 0.8 %.")))

    result = await _service(fake, _runner()).toxicology_synthesis(ENGINE_RESULTS)

    (repair,) = _tool_results(fake.bodies[1])
    assert repair["tool_use_id"] == "toolu_sub1" and repair["is_error"] is True
    assert "paragraphs.0.text.confidence" in repair["content"]
    assert "paragraphs.0.text.source" in repair["content"]
    assert result.path == "ai"


async def test_a_second_invalid_answer_degrades_with_the_reason() -> None:
    bad = {"paragraphs": "none"}
    fake = FakeAnthropic(
        message(tool_use("submit_result", bad)), message(tool_use("submit_result", bad))
    )

    result = await _service(fake, _runner()).toxicology_synthesis(ENGINE_RESULTS)

    assert result.path == "deterministic" and not result.ai_draft and result.value is None
    assert result.reason is not None
    assert result.reason.startswith("the answer did not match the schema after a repair")
    assert result.usage.requests == 2


async def test_a_text_only_answer_is_asked_for_submit_result() -> None:
    fake = FakeAnthropic(
        message(text("Phenoxyethanol is fine.")),
        message(_submit("PHENOXYETHANOL is a preservative.")),
    )

    result = await _service(fake, _runner()).toxicology_synthesis(ENGINE_RESULTS)

    nudge = fake.bodies[1]["messages"][-1]
    assert nudge["role"] == "user" and "submit_result" in nudge["content"][0]["text"]
    assert result.path == "ai"


async def test_the_number_of_turns_is_bounded() -> None:
    fake = FakeAnthropic(
        *[message(tool_use("inci_normalize", {"name": "苯氧乙醇"})) for _ in range(3)]
    )

    result = await _service(fake, _runner(), max_tool_turns=3).toxicology_synthesis(ENGINE_RESULTS)

    assert result.path == "deterministic"
    assert result.reason == "no valid answer within 3 turns"
    assert len(fake.requests) == 3
    assert [b["tool_choice"] for b in fake.bodies] == [
        {"type": "auto"},
        {"type": "auto"},
        {"type": "tool", "name": "submit_result"},  # the last turn must submit
    ]
    assert len(result.tool_calls) == 3  # what was learnt is still reported


async def test_a_refusal_degrades() -> None:
    fake = FakeAnthropic(message(text("I can't help with that."), stop_reason="refusal"))

    result = await _service(fake, _runner()).toxicology_synthesis(ENGINE_RESULTS)

    assert result.path == "deterministic"
    assert result.reason == "the model declined to answer"


async def test_an_api_failure_mid_conversation_degrades() -> None:
    fake = FakeAnthropic(
        message(tool_use("inci_normalize", {"name": "苯氧乙醇"})),
        *[server_error() for _ in range(2)],
    )

    result = await _service(fake, _runner(), max_retries=1).toxicology_synthesis(ENGINE_RESULTS)

    assert result.path == "deterministic"
    assert result.reason == "Anthropic API: HTTP 500 after 2 attempt(s)"
    assert result.model == "claude-sonnet-5-5"


async def test_without_a_key_every_task_degrades_and_sends_nothing() -> None:
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(refuse_any_request))
    settings = ai_settings(anthropic_api_key=None)
    service = AiService(settings, client=LlmClient(settings, http_client=http), runner=_runner())

    results = [
        await service.extract_formula(b"%PDF-1.4 ...", "application/pdf"),
        await service.structure_process("Heat phase A to 75 °C."),
        await service.toxicology_synthesis(ENGINE_RESULTS),
        await service.sa_draft({"product": "face cream"}),
    ]

    assert not service.available
    assert [r.path for r in results] == ["deterministic"] * 4
    assert {r.reason for r in results} == {NOT_CONFIGURED}
    assert not any(r.ai_draft for r in results)


async def test_sa_draft_uses_the_strong_model_and_marks_a_draft() -> None:
    section = {
        "title": "Conclusion",
        "text": {
            "value": "[pending]: the SA decides.",
            "confidence": 0.3,
            "source": "assessment: conclusion",
        },
    }
    fake = FakeAnthropic(
        message(
            tool_use(
                "submit_result",
                {"sections": [section], "open_questions": ["Is the MoS acceptable?"]},
            )
        )
    )

    result = await _service(fake, _runner()).sa_draft({"product": "face cream", "mos": 120})

    assert fake.bodies[0]["model"] == "claude-sonnet-5-5"
    assert result.path == "ai" and result.ai_draft
    assert result.confidences == {"sections.0.text": 0.3}
