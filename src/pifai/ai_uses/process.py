"""Item 6: a manufacturer's free process text as ordered steps (SPEC §2 item 6: "structure
into steps; flag missing fields").

With a key the AI structures it (values it cannot find in the text read ``[pending]``, and
its numbers must appear in the text); without one — or when the AI fails — a plain splitter
does: numbered lines (or lines, or sentences) become steps, a temperature or duration is
taken only when written with its unit, and everything else reads ``[pending]``. Both give
``steps`` (with the markers) and ``process``: the same steps in item 6's own schema, ready
for a person to check and PUT.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from pifai.ai.results import AiResult
from pifai.ai.schemas import PENDING, ProcessSteps
from pifai.ai.service import AiService
from pifai.ai_uses.markers import NO_KEY, deterministic, failed_after_trying, markers
from pifai.pif.item_data.manufacturing import ProcessStep as ItemStep

FIELDS = ("temperature", "duration", "equipment", "qc_point")
MAX_TEXT_CHARS = 20_000
# "1." "1)" "(1)" "Step 1:" "步驟1" "一、" at the start of a line.
_NUMBERED = re.compile(
    r"^\s*(?:(?:step|步驟|步骤)\s*\d+\s*[:：.、)]?|\(?\d{1,3}\s*[.)、:：]|\(\d{1,3}\)|"
    r"[一二三四五六七八九十]+\s*[、.])\s*",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[。；;])|(?<=\.)\s+")
_TEMPERATURE = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[-–~～至]\s*(\d+(?:\.\d+)?))?\s*(?:°\s*C|℃|度)")
_DURATION = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*[-–~～至]\s*(\d+(?:\.\d+)?))?\s*"
    r"(hours?|hrs?|h\b|小時|小时|minutes?|mins?|min\b|分鐘|分钟|分|seconds?|secs?|秒)",
    re.IGNORECASE,
)
_EQUIPMENT = re.compile(
    r"(homogeni[sz]er|mixer|emulsifier|tank|vessel|kettle|mill|filter|"
    r"乳化機|乳化机|均質機|均质机|攪拌機|搅拌机|攪拌槽|鍋|锅|槽|過濾器|过滤器)",
    re.IGNORECASE,
)
_QC = re.compile(r"(\bpH\b|viscosity|黏度|粘度|\bQC\b|inspect|檢驗|检验|檢查|检查|取樣|取样|check)")
_MINUTES = {"h": 60.0, "小": 60.0, "m": 1.0, "分": 1.0, "s": 1 / 60, "秒": 1 / 60}


def _steps_text(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if any(_NUMBERED.match(line) for line in lines):
        steps: list[str] = []
        for line in lines:
            if _NUMBERED.match(line) or not steps:
                steps.append(_NUMBERED.sub("", line, count=1).strip())
            else:
                steps[-1] += " " + line  # a continuation of the numbered step above
        return [s for s in steps if s]
    if len(lines) > 1:
        return lines
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def _found(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(0).strip() if match else PENDING


def split_steps(text: str) -> dict[str, Any]:
    """The deterministic structure: ``steps`` with ``[pending]`` markers and ``missing``."""
    steps = []
    missing = []
    for order, action in enumerate(_steps_text(text), start=1):
        step = {
            "order": order,
            "action": action,
            "temperature": _found(_TEMPERATURE, action),
            "duration": _found(_DURATION, action),
            "equipment": _found(_EQUIPMENT, action),
            "qc_point": action if _QC.search(action) else PENDING,
        }
        missing += [f"step {order}: {f}" for f in FIELDS if step[f] == PENDING]
        steps.append(step)
    return {"steps": steps, "missing": missing}


def _number(pattern: re.Pattern[str], value: str) -> float | None:
    match = pattern.search(value)
    if match is None:
        return None
    return max(float(g) for g in match.groups()[:2] if g is not None)


def _minutes(value: str) -> float | None:
    match = _DURATION.search(value)
    amount = _number(_DURATION, value)
    if match is None or amount is None:
        return None
    return round(amount * _MINUTES.get(match.group(3)[0].lower(), 1.0), 3)


def _item_step(step: dict[str, Any]) -> dict[str, Any]:
    """One step in item 6's schema; a value the schema refuses is left for a person."""

    def given(name: str) -> str:
        value = step.get(name)
        return "" if value in (None, PENDING) else str(value)

    candidate: dict[str, Any] = {
        "description": step["action"],
        "temperature_c": _number(_TEMPERATURE, given("temperature")),
        "duration_min": _minutes(given("duration")),
        "equipment": [given("equipment")] if given("equipment") else [],
        "qc_points": [given("qc_point")] if given("qc_point") else [],
    }
    for drop in ((), ("temperature_c", "duration_min"), ("equipment", "qc_points")):
        candidate.update({k: None if k.endswith(("_c", "_min")) else [] for k in drop})
        try:
            return ItemStep.model_validate(candidate).model_dump(mode="json")
        except ValidationError:
            continue
    return {"description": str(step["action"])[:5000]}


def item_process(steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {"steps": [_item_step(s) for s in steps if s.get("action") not in (None, PENDING)]}


def _from_ai(value: ProcessSteps) -> dict[str, Any]:
    steps = [
        {
            "order": s.order,
            "action": s.action.value,
            **{f: getattr(s, f).value for f in FIELDS},
            "confidence": {f: getattr(s, f).confidence for f in ("action", *FIELDS)},
            "source": {f: getattr(s, f).source for f in ("action", *FIELDS)},
        }
        for s in sorted(value.steps, key=lambda s: s.order)
    ]
    return {"steps": steps, "missing": list(value.missing)}


async def structure(ai: AiService, key_source: str, text: str) -> dict[str, Any]:
    """The structured process with its path markers; never raises for an AI problem."""
    if not ai.available:
        result: AiResult[ProcessSteps] | None = None
    else:
        result = await ai.structure_process(text)
    if result is not None and result.value is not None and result.value.steps:
        body = _from_ai(result.value)
        return {**markers(result, key_source), **body, "process": item_process(body["steps"])}
    reason, tried = NO_KEY, "none"
    if result is not None:
        reason, tried = result.reason or "the AI returned no steps", key_source
        if failed_after_trying(result, ai.available):
            reason = f"AI path failed ({reason}); deterministic splitter used"
    body = split_steps(text)
    return {**deterministic(reason, tried), **body, "process": item_process(body["steps"])}
