"""The four AI tasks the rest of PIF AI may call (SPEC §14). Each returns an
:class:`AiResult`: ``path="ai"`` with a validated, number-checked draft, or
``path="deterministic"`` with the reason, so the caller runs its own parsers and
templates. Nothing here raises for an API or model problem, and without an API key
nothing is sent.

The item uses (``pifai.ai_uses``) construct one :class:`AiService` per process (it holds
the HTTP connection pool) and close it at shutdown.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pifai.ai.client import LlmClient
from pifai.ai.config import AiSettings, get_ai_settings
from pifai.ai.engine_tools import EngineToolRunner
from pifai.ai.errors import AiError, AiInputRejected
from pifai.ai.loop import ToolLoop
from pifai.ai.numbers import Evidence, NumberViolation, scrub
from pifai.ai.prompts import prompt_for
from pifai.ai.results import AiResult, RejectedNumber, confidences
from pifai.ai.router import Task
from pifai.ai.schemas import DraftAssessment, FormulaExtraction, ProcessSteps, SynthesisText
from pifai.ai.tools import TOOLS, ToolRunner, ToolSpec
from pifai.ai.vision import content_block, pdf_text
from pifai.core.config import get_settings

T = TypeVar("T", bound=BaseModel)

NOT_CONFIGURED = "AI not configured (no PIFAI_ANTHROPIC_API_KEY): deterministic path"
# Keys the number guard leaves alone: the model's own confidence, a step's position.
EXEMPT_KEYS = ("confidence", "order")
# A number read from a photo cannot be checked against any text; it stays, flagged, red.
UNVERIFIED_CAP = 0.49
ALL_TOOLS = tuple(TOOLS.values())
IDENTITY_TOOLS = (TOOLS["inci_normalize"], TOOLS["db_lookup_ingredient"])


def _json_text(label: str, data: Any) -> dict[str, Any]:
    body = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    return {"type": "text", "text": f"{label}:\n{body}"}


def _rejected(violations: Sequence[NumberViolation]) -> list[RejectedNumber]:
    return [RejectedNumber(path=v.path, number=v.number, context=v.context) for v in violations]


def _cap(data: Any, violations: Sequence[NumberViolation], cap: float) -> Any:
    """Lower the confidence of every scored field holding an unverified number."""
    for violation in violations:
        node = data
        parts = violation.path.split(".")[:-1]  # the scored field, not its value/source
        for part in parts:
            node = node[int(part)] if isinstance(node, list) else node.get(part, {})
        if isinstance(node, dict) and "confidence" in node:
            node["confidence"] = min(float(node["confidence"]), cap)
    return data


class AiService:
    def __init__(
        self,
        settings: AiSettings | None = None,
        *,
        client: LlmClient | None = None,
        runner: ToolRunner | None = None,
    ) -> None:
        self.settings = settings or get_ai_settings()
        self.client = client or LlmClient(self.settings)
        self._runner = runner

    @property
    def available(self) -> bool:
        return self.client.available

    @property
    def runner(self) -> ToolRunner:
        if self._runner is None:
            self._runner = EngineToolRunner(get_settings())
        return self._runner

    async def aclose(self) -> None:
        await self.client.aclose()

    async def extract_formula(
        self, content: bytes, media_type: str, *, text_layer: str | None = None
    ) -> AiResult[FormulaExtraction]:
        """Item 3 from a formula PDF or photo. Numbers are checked against the PDF's text
        layer (or ``text_layer`` when the caller has it); a photo or a scan has none, so
        its numbers are kept but flagged and their confidence capped to red."""
        task = Task.EXTRACT_FORMULA
        if not self.available:
            return AiResult[FormulaExtraction].degraded(task.value, NOT_CONFIGURED)
        try:
            block = content_block(content, media_type, self.settings)
        except AiInputRejected as exc:
            return AiResult[FormulaExtraction].degraded(task.value, exc.reason)
        if text_layer is None and block["type"] == "document":
            text_layer = await asyncio.to_thread(pdf_text, content)
        ask = {"type": "text", "text": "Transcribe the ingredient table of this formula."}
        return await self._run(
            task,
            FormulaExtraction,
            [block, ask],
            IDENTITY_TOOLS,
            evidence=[text_layer] if text_layer else [],
            verifiable=text_layer is not None,
        )

    async def structure_process(self, text: str) -> AiResult[ProcessSteps]:
        """Item 6: the manufacturer's text as ordered steps, ``[pending]`` where a value
        is missing (or was rejected)."""
        task = Task.STRUCTURE_PROCESS
        content = [{"type": "text", "text": f"Manufacturing process as supplied:\n{text}"}]
        result = await self._run(task, ProcessSteps, content, (), evidence=[text])
        if result.value is not None:
            result = result.model_copy(update={"value": result.value.with_pending_markers()})
        return result

    async def toxicology_synthesis(
        self, engine_results: Mapping[str, Any]
    ) -> AiResult[SynthesisText]:
        """Item 10's narrative from the safety engine's results (citations only from them
        or from tool answers)."""
        content = [_json_text("Safety engine results", engine_results)]
        return await self._run(
            Task.TOXICOLOGY_SYNTHESIS,
            SynthesisText,
            content,
            ALL_TOOLS,
            evidence=[engine_results],
        )

    async def sa_draft(self, assessment: Mapping[str, Any]) -> AiResult[DraftAssessment]:
        """Item 16's draft for the SA to edit and sign."""
        content = [_json_text("Assessment data", assessment)]
        return await self._run(
            Task.SA_DRAFT, DraftAssessment, content, ALL_TOOLS, evidence=[assessment]
        )

    async def _run(
        self,
        task: Task,
        output: type[T],
        content: list[dict[str, Any]],
        tools: Sequence[ToolSpec],
        *,
        evidence: Sequence[Any],
        verifiable: bool = True,
    ) -> AiResult[T]:
        if not self.available:
            return AiResult[output].degraded(task.value, NOT_CONFIGURED)  # type: ignore[valid-type]
        prompt = prompt_for(task)
        loop = ToolLoop(
            self.client, self.runner, task=task, prompt=prompt, output=output, tools=tools
        )
        context: dict[str, Any] = {"model": loop.model, "prompt_version": prompt.label}
        try:
            answer = await loop.run(content)
        except AiError as exc:
            return AiResult[output].degraded(  # type: ignore[valid-type]
                task.value, exc.reason, usage=loop.usage, tool_calls=loop.calls, **context
            )
        allowed = Evidence(*evidence, *(c.result for c in loop.calls if not c.is_error))
        data = answer.model_dump(mode="json")
        flags = ["tool_errors"] if any(c.is_error for c in loop.calls) else []
        if verifiable:
            data, violations = scrub(data, allowed, exempt_keys=EXEMPT_KEYS)
            flags += ["numbers_rejected"] if violations else []
        else:
            _unused, violations = scrub(data, allowed, exempt_keys=EXEMPT_KEYS)
            data = _cap(data, violations, UNVERIFIED_CAP)
            flags += ["numbers_unverified"] if violations else []
        try:
            value = output.model_validate(data)
        except ValidationError:
            reason = "the answer could not be kept once unsupported numbers were removed"
            return AiResult[output].degraded(  # type: ignore[valid-type]
                task.value, reason, usage=loop.usage, tool_calls=loop.calls, **context
            )
        return AiResult[output](  # type: ignore[valid-type]
            task=task.value,
            path="ai",
            ai_draft=True,
            value=value,
            confidences=confidences(data),
            flags=flags,
            rejected_numbers=_rejected(violations) if verifiable else [],
            unverified_numbers=[] if verifiable else _rejected(violations),
            tool_calls=loop.calls,
            usage=loop.usage,
            **context,
        )
