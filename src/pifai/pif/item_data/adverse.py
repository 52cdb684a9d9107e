"""Item 8: adverse-reaction records, or a dated statement that there are none.

Seriousness is recorded as judged; ``unassessed`` exists so that nobody has to guess, and
downstream checks treat it like ``serious`` (fail-safe, SPEC §1 proposition 5).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import (
    FieldProblem,
    FileIds,
    IsoDate,
    Paragraph,
    not_after_today,
    require_order,
)


class Seriousness(StrEnum):
    NON_SERIOUS = "non_serious"
    SERIOUS = "serious"
    UNASSESSED = "unassessed"


class AdverseEvent(InputModel):
    description: Paragraph
    seriousness: Seriousness
    event_date: IsoDate
    aware_date: IsoDate | None = Field(default=None, description="when the company learned of it")
    report_date: IsoDate | None = Field(default=None, description="when it was reported to TFDA")
    file_ids: FileIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        not_after_today(self.event_date, "event_date")
        not_after_today(self.report_date, "report_date")
        require_order(
            self.event_date, self.aware_date, "aware_date", "cannot learn of an event before it"
        )
        require_order(
            self.event_date, self.report_date, "report_date", "cannot report an event before it"
        )
        return self


class AdverseReactions(InputModel):
    """Exactly one of: events, or a statement of none with its date."""

    events: list[AdverseEvent] = Field(default_factory=list, max_length=1000)
    statement_of_none: Paragraph | None = None
    statement_date: IsoDate | None = None

    @model_validator(mode="after")
    def _events_or_statement(self) -> Self:
        if self.events and self.statement_of_none:
            raise FieldProblem("statement_of_none", "a statement of none contradicts the events")
        if not self.events and not self.statement_of_none:
            raise FieldProblem("events", "record the events or a statement that there are none")
        if self.statement_of_none and self.statement_date is None:
            raise FieldProblem("statement_date", "a statement of none needs its date")
        not_after_today(self.statement_date, "statement_date")
        return self
