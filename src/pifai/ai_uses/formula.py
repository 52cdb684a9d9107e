"""Item 3 from a PDF or photo the formula parser cannot read: the AI's transcription
becomes the same parsed rows the deterministic check consumes, so the regulatory verdicts
come from our rules, never from the model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.ai.results import Scored
from pifai.ai.schemas import ExtractedRow, FormulaExtraction
from pifai.ai.vision import IMAGE_SIGNATURES, PDF
from pifai.formulas.amounts import read_amount
from pifai.formulas.model import (
    Amount,
    Location,
    ParsedFormula,
    ParsedRow,
    RowProblem,
)

FORMAT = "ai_extraction"


def ai_media_type(data: bytes) -> str | None:
    """The media type to send when the file is a PDF or an image the model reads."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    for media_type, signatures in IMAGE_SIGNATURES.items():
        if media_type != "image/webp" and data.startswith(signatures):
            return media_type
    return None


def _text(field: Scored[str]) -> str | None:
    value = field.value
    return value.strip() or None if isinstance(value, str) else None


def _amount(field: Scored[float], where: Location) -> tuple[Amount, RowProblem | None]:
    if field.value is None:
        return Amount.missing(), RowProblem(where, "the amount could not be read", field="amount")
    return read_amount(f"{field.value:g}", where)


def row_confidence(row: ExtractedRow) -> float:
    """A row is as sure as its least sure field that matters (name and amount)."""
    return min(row.name.confidence, row.percent.confidence)


def parsed_from_extraction(extraction: FormulaExtraction, filename: str) -> ParsedFormula:
    rows: list[ParsedRow] = []
    problems: list[RowProblem] = []
    for number, row in enumerate(extraction.rows, start=1):
        where = Location(file=filename, row=number, column="AI transcription")
        name = _text(row.name) or _text(row.inci)
        if name is None:
            problems.append(RowProblem(where, "the row has no readable name", field="name"))
            continue
        amount, problem = _amount(row.percent, where)
        cells = [name, amount.text, _text(row.cas) or "", _text(row.function) or ""]
        rows.append(
            ParsedRow(
                name=name,
                amount=amount,
                location=where,
                raw=" | ".join(cells),
                inci=_text(row.inci),
                cas=_text(row.cas),
                function=_text(row.function),
            )
        )
        if problem is not None:
            problems.append(problem)
    return ParsedFormula(source=filename, rows=tuple(rows), problems=tuple(problems), format=FORMAT)


def row_confidences(extraction: FormulaExtraction) -> dict[int, float]:
    """Row number (as in :func:`parsed_from_extraction`) → the transcription's confidence."""
    return {n: row_confidence(r) for n, r in enumerate(extraction.rows, start=1)}


def rows_summary(extraction: FormulaExtraction) -> list[dict[str, Any]]:
    return [
        {
            "row": n,
            "name": r.name.value,
            "percent": r.percent.value,
            "confidence": round(row_confidence(r), 3),
            "fields": {
                name: round(field.confidence, 3) for name, field in r if isinstance(field, Scored)
            },
        }
        for n, r in enumerate(extraction.rows, start=1)
    ]


def formula_from_item(data: Mapping[str, Any], filename: str) -> ParsedFormula | None:
    """Item 3's stored AI transcription as parsed rows (None on the deterministic path):
    the safety assessment re-checks what item 3 shows, not a second reading of the file."""
    stored = data.get("ai_extraction")
    if data.get("path") != "ai" or not isinstance(stored, dict):
        return None
    return parsed_from_extraction(FormulaExtraction.model_validate(stored), filename)
