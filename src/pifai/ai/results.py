"""What every AI task returns: the validated answer with per-field confidence, or the
reason the deterministic path must do the work (SPEC §14)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

V = TypeVar("V")
T = TypeVar("T", bound=BaseModel)

GREEN, YELLOW = 0.8, 0.5  # SPEC §14: ≥ 0.8 green, 0.5–0.8 yellow, < 0.5 red


class Scored(BaseModel, Generic[V]):
    """One field of an answer: its value, how sure the model is, and where it came from."""

    model_config = ConfigDict(extra="forbid")

    value: V | None = Field(description="null when the input and the tools do not give it")
    confidence: float = Field(ge=0, le=1, description="0..1; below 0.5 means a guess")
    source: str = Field(
        min_length=1, description="where the value comes from: the input or a tool result"
    )


def band(confidence: float) -> Literal["green", "yellow", "red"]:
    if confidence >= GREEN:
        return "green"
    return "yellow" if confidence >= YELLOW else "red"


def confidences(data: Any, path: str = "") -> dict[str, float]:
    """Each scored field's confidence by its path in the answer ("rows.0.percent")."""
    found: dict[str, float] = {}
    if isinstance(data, dict):
        if {"value", "confidence", "source"} <= data.keys():
            return {path: float(data["confidence"])}
        for key, value in data.items():
            found.update(confidences(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found.update(confidences(item, f"{path}.{i}" if path else str(i)))
    return found


class RejectedNumber(BaseModel):
    path: str
    number: str
    context: str


class ToolCallRecord(BaseModel):
    """One tool call the model made and what our code answered (every value is kept)."""

    id: str
    name: str
    input: dict[str, Any]
    is_error: bool
    result: Any


class UsageTotals(BaseModel):
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cost_usd: float | None = None


class AiResult(BaseModel, Generic[T]):
    """``path="ai"``: ``value`` is an AI draft (``ai_draft`` True) for a human to review.
    ``path="deterministic"``: ``value`` is None and ``reason`` says why; the caller runs
    its parsers, rules and templates and says so in the output."""

    task: str
    path: Literal["ai", "deterministic"]
    ai_draft: bool
    value: T | None = None
    reason: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    confidences: dict[str, float] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    # Removed by the number guard: the field's value is gone and its confidence is 0.
    rejected_numbers: list[RejectedNumber] = Field(default_factory=list)
    # Read from a photo, so not checkable against any text: kept, confidence capped (red).
    unverified_numbers: list[RejectedNumber] = Field(default_factory=list)
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    usage: UsageTotals = Field(default_factory=UsageTotals)

    @classmethod
    def degraded(
        cls, task: str, reason: str, *, usage: UsageTotals | None = None, **extra: Any
    ) -> AiResult[T]:
        return cls(
            task=task,
            path="deterministic",
            ai_draft=False,
            reason=reason,
            usage=usage or UsageTotals(),
            **extra,
        )

    def review_order(self) -> list[str]:
        """Field paths, least confident first (red fields lead the SA queue)."""
        return sorted(self.confidences, key=lambda p: (self.confidences[p], p))
