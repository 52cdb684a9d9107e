"""What stands in the way of signing, in one list of sentences: blocking cross-item alerts,
ingredients whose safety verdict blocks, and formula errors. ``pifai build`` prints it when
it exits 3; the draft of item 16 lists it for the SA."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pifai.pif.lint.model import Alert, Severity
from pifai.reports.engine_items import records
from pifai.reports.i18n import EN, pick
from pifai.reports.vocabulary import VOCABULARY


def _word(code: Any, lang: str) -> str:
    pair = VOCABULARY.get(str(code))
    return pick(pair, lang) if pair else str(code)


def blockers(
    formula: Mapping[str, Any],
    assessment: Mapping[str, Any],
    alerts: Sequence[Alert],
    lang: str,
) -> list[str]:
    lines = [
        f"{a.rule} ({a.article}): {a.message_en if lang == EN else a.message_zh}"
        for a in alerts
        if a.severity is Severity.BLOCKING
    ]
    for row in records(assessment.get("ingredients")):
        if row.get("blocking"):
            why = (row.get("review") or row.get("reasons") or [row.get("method")])[0]
            name = row.get("inci") or row.get("name")
            lines.append(f"{name} — {_word(row.get('verdict'), lang)}: {why}")
    for problem in records(formula.get("problems")):
        if problem.get("severity") == "error":
            lines.append(f"{problem.get('where')}: {problem.get('message')}")
    return lines
