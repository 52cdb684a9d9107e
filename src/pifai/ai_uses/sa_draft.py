"""Item 16: the draft assessment the Safety Assessor starts from (SPEC §2 item 16: "AI
draft → SA edits → TOTP e-signature").

With a key the AI drafts it from the engine's results and the live alerts; otherwise (or
when the AI fails after its retries) the fixed template of ``pifai build`` does
(:func:`pifai.reports.draft.draft_text`). The text stored on the review starts with a
marker line saying which path wrote it; the SA's own text (``sa_final_assessment``) is a
separate field and never touched here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pifai.ai.schemas import DraftAssessment
from pifai.ai.service import AiService
from pifai.ai_uses.markers import NO_KEY, deterministic, failed_after_trying, markers
from pifai.ai_uses.synthesis import engine_view
from pifai.pif.lint.model import Alert
from pifai.reports.draft import draft_text

_MARK = re.compile(r"^\[(AI DRAFT|DRAFT) · path: (ai|deterministic)(?: · ([^\]\n]*))?\]")


@dataclass(frozen=True)
class DraftInfo:
    path: str
    ai_draft: bool
    note: str | None


def marker_line(marks: Mapping[str, Any]) -> str:
    if marks["path"] == "ai":
        note = f"{marks.get('model')} · {marks.get('prompt_version')}"
        return f"[AI DRAFT · path: ai · {note}] Review and edit before signing."
    reason = str(marks.get("reason") or "template").replace("]", ")").replace("\n", " ")
    return f"[DRAFT · path: deterministic · {reason}]"


def read_marker(text: str | None) -> DraftInfo | None:
    """Which path wrote a stored draft (None for a text this module did not write)."""
    match = _MARK.match(text or "")
    if match is None:
        return None
    return DraftInfo(
        path=match.group(2), ai_draft=match.group(1) == "AI DRAFT", note=match.group(3)
    )


def assessment_input(
    formula: Mapping[str, Any], toxicology: Mapping[str, Any], alerts: Sequence[Alert]
) -> dict[str, Any]:
    """What the model is given: the checked formula's summary, the engine's results and
    the open cross-item alerts."""
    return {
        "formula_summary": formula.get("summary"),
        "formula_blocking": formula.get("blocking"),
        "safety_engine": engine_view(toxicology),
        "alerts": [
            {"rule": a.rule, "severity": a.severity, "item": a.target_item, "message": a.message_en}
            for a in alerts
        ],
    }


def _ai_text(value: DraftAssessment) -> str:
    parts = [f"## {s.title}\n{s.text.value or '[pending]'}" for s in value.sections]
    if value.open_questions:
        parts.append("## Open questions\n" + "\n".join(f"- {q}" for q in value.open_questions))
    return "\n\n".join(parts)


async def draft(
    ai: AiService,
    key_source: str,
    formula: Mapping[str, Any],
    toxicology: Mapping[str, Any],
    alerts: Sequence[Alert],
    lang: str,
) -> tuple[str, dict[str, Any]]:
    """(the text to store, its markers); never raises for an AI problem."""
    reason, tried = NO_KEY, "none"
    if ai.available:
        tried = key_source
        result = await ai.sa_draft(assessment_input(formula, toxicology, alerts))
        if result.value is not None and result.value.sections:
            marks = markers(result, key_source)
            return f"{marker_line(marks)}\n\n{_ai_text(result.value)}", marks
        reason = result.reason or "the AI returned no sections"
        if failed_after_trying(result, ai.available):
            reason = f"AI path failed ({reason}); template used"
    marks = deterministic(reason, tried)
    return f"{marker_line(marks)}\n{draft_text(formula, toxicology, alerts, lang)}", marks
