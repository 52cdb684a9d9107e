"""The answers the model must submit, one Pydantic model per task. Every content field is
a :class:`Scored` value (value, confidence, source); the ``submit_result`` tool's schema is
generated from these models and the model's input is validated against them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pifai.ai.results import Scored

PENDING = "[pending]"


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractedRow(Answer):
    name: Scored[str]
    inci: Scored[str]
    cas: Scored[str]
    percent: Scored[float]
    function: Scored[str]


class FormulaExtraction(Answer):
    rows: list[ExtractedRow]
    notes: list[str] = Field(default_factory=list)


class ProcessStep(Answer):
    order: int = Field(ge=1)
    action: Scored[str]
    temperature: Scored[str]
    duration: Scored[str]
    equipment: Scored[str]
    qc_point: Scored[str]


class ProcessSteps(Answer):
    steps: list[ProcessStep]
    missing: list[str] = Field(default_factory=list)

    def with_pending_markers(self) -> ProcessSteps:
        """Every value the input did not give (or that was rejected) reads ``[pending]``."""
        steps = [
            step.model_copy(
                update={
                    name: field.model_copy(update={"value": PENDING})
                    for name, field in step
                    if isinstance(field, Scored) and field.value in (None, "")
                }
            )
            for step in self.steps
        ]
        return self.model_copy(update={"steps": steps})


class Paragraph(Answer):
    subject: str = Field(description="the INCI name, or 'product'")
    text: Scored[str]


class SynthesisText(Answer):
    paragraphs: list[Paragraph]
    open_questions: list[str] = Field(default_factory=list)


class Section(Answer):
    title: str
    text: Scored[str]


class DraftAssessment(Answer):
    sections: list[Section]
    open_questions: list[str] = Field(default_factory=list)
