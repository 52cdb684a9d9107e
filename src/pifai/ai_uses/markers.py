"""How every AI use says which path produced its output (SPEC §14: "the output says so")."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pifai.ai.results import AiResult

DETERMINISTIC = "deterministic"
NO_KEY = "no Anthropic key for the organisation or the platform: deterministic path"


def markers(result: AiResult[Any], key_source: str) -> dict[str, Any]:
    """``path``, ``ai_draft`` and the reason, plus what a reviewer needs to weigh an AI
    draft: model, prompt, per-field confidence, flags, the numbers the guard touched."""
    marks: dict[str, Any] = {
        "path": result.path,
        "ai_draft": result.ai_draft,
        "reason": result.reason,
        "key_source": key_source,
    }
    if result.path == "ai":
        marks.update(
            model=result.model,
            prompt_version=result.prompt_version,
            confidences=result.confidences,
            review_order=result.review_order(),
            flags=result.flags,
            rejected_numbers=_dump(result.rejected_numbers),
            unverified_numbers=_dump(result.unverified_numbers),
            usage=result.usage.model_dump(mode="json"),
        )
    return marks


def deterministic(reason: str | None, key_source: str = "none") -> dict[str, Any]:
    """The deterministic path's markers. ``key_source`` is the key the AI was tried with
    before the fallback (``organization`` or ``platform``), ``none`` when none was tried."""
    return {"path": DETERMINISTIC, "ai_draft": False, "reason": reason, "key_source": key_source}


def failed_after_trying(result: AiResult[Any], available: bool) -> bool:
    """The AI was configured but did not answer (API storm, invalid answers …)."""
    return available and result.path == DETERMINISTIC


def _dump(models: list[Any]) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") if isinstance(m, BaseModel) else m for m in models]
