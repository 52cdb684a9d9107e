"""Tokens and cost of each call, as one structured log line on logger ``pifai.ai``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pifai.ai.config import ModelPrice

log = logging.getLogger("pifai.ai")
PER_MILLION = 1_000_000


@dataclass(frozen=True)
class CallUsage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    @classmethod
    def from_response(cls, usage: Any) -> CallUsage:
        def count(name: str) -> int:
            value = getattr(usage, name, None)
            return value if isinstance(value, int) else 0

        return cls(
            count("input_tokens"),
            count("output_tokens"),
            count("cache_creation_input_tokens"),
            count("cache_read_input_tokens"),
        )

    def __add__(self, other: CallUsage) -> CallUsage:
        return CallUsage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_creation_input_tokens + other.cache_creation_input_tokens,
            self.cache_read_input_tokens + other.cache_read_input_tokens,
        )


def cost_usd(usage: CallUsage, price: ModelPrice | None) -> float | None:
    """The call's cost from the configured prices; None when the model has none.

    Cache writes and reads are billed at their own prices; when those are not configured
    they are counted at the input price (the operator chose not to distinguish them).
    """
    if price is None:
        return None
    write = price.input if price.cache_write is None else price.cache_write
    read = price.input if price.cache_read is None else price.cache_read
    total = (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * write
        + usage.cache_read_input_tokens * read
    )
    return round(total / PER_MILLION, 6)


def log_call(
    *,
    task: str,
    model: str,
    prompt_version: str,
    usage: CallUsage,
    cost: float | None,
    duration_seconds: float,
    attempts: int,
    outcome: str,
) -> None:
    log.info(
        "ai call %s %s",
        task,
        outcome,
        extra={
            "ai_task": task,
            "ai_model": model,
            "ai_prompt_version": prompt_version,
            "ai_outcome": outcome,
            "ai_attempts": attempts,
            "ai_duration_ms": round(duration_seconds * 1000),
            "ai_input_tokens": usage.input_tokens,
            "ai_output_tokens": usage.output_tokens,
            "ai_cache_creation_input_tokens": usage.cache_creation_input_tokens,
            "ai_cache_read_input_tokens": usage.cache_read_input_tokens,
            "ai_cost_usd": cost,
        },
    )
