"""Item 6: free text to ordered steps; what the text does not say reads [pending]."""

from __future__ import annotations

from typing import Any

from pifai.ai.schemas import PENDING
from pifai.ai.service import AiService
from tests.ai._anthropic import FakeAnthropic, FakeRunner, llm_client, message, tool_use

PROCESS = "相A加熱至75°C，攪拌15分鐘。Cool to 40 °C, then add phase C (preservative)."


def _scored(
    value: Any, source: str = "input: sentence 1", confidence: float = 0.9
) -> dict[str, Any]:
    return {"value": value, "confidence": confidence, "source": source}


def _step(order: int, action: str, temperature: str | None, duration: str | None) -> dict[str, Any]:
    return {
        "order": order,
        "action": _scored(action),
        "temperature": _scored(temperature),
        "duration": _scored(duration),
        "equipment": _scored(None, confidence=0.0),
        "qc_point": _scored(None, confidence=0.0),
    }


async def test_steps_keep_supplied_values_and_mark_the_rest_pending() -> None:
    steps = [
        _step(1, "Heat phase A and stir", "75 °C", "15 min"),
        _step(2, "Cool, then add phase C", "40 °C", "30 min"),  # 30 is not in the text
    ]
    fake = FakeAnthropic(
        message(tool_use("submit_result", {"steps": steps, "missing": ["equipment"]}))
    )
    client = llm_client(fake)
    service = AiService(client.settings, client=client, runner=FakeRunner({}))

    result = await service.structure_process(PROCESS)

    body = fake.bodies[0]
    assert [t["name"] for t in body["tools"]] == ["submit_result"]  # no lookups needed
    assert PROCESS in body["messages"][0]["content"][0]["text"]
    assert result.path == "ai" and result.value is not None
    first, second = result.value.steps
    assert (first.order, first.temperature.value, first.duration.value) == (1, "75 °C", "15 min")
    assert first.equipment.value == PENDING and first.qc_point.value == PENDING
    assert second.temperature.value == "40 °C"
    assert second.duration.value == PENDING  # the invented 30 minutes were removed
    assert [(r.path, r.number) for r in result.rejected_numbers] == [
        ("steps.1.duration.value", "30")
    ]
    assert result.confidences["steps.1.duration"] == 0.0
    assert result.value.missing == ["equipment"]
