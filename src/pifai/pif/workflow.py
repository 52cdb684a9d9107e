"""The seven-step workflow of SPEC §2.3, derived from the 16 items' statuses.

Pure: it takes each item's status and not-applicable flag and returns each step's
completion, the current step (the first incomplete one) and, for the current step's
open items, who provides them according to the responsibility matrix (SPEC §2.4).

An item is done when a person has reviewed it (``human_reviewed``), signing has approved
it (``approved``), or it is declared not applicable with a justification (SPEC §2.1;
the service refuses a declaration without one, so the flag implies the justification).
Item 8 (adverse reactions, post-launch) belongs to no step in SPEC §2.3: it counts
towards the file's total but never holds up a step.
Step 7, re-signing after a change (V2/V3, SPEC §12), needs a signed version followed by
a later one; versions are not stored yet, so step 7 is always reported as not started.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pifai.models.enums import ItemStatus, OrgType
from pifai.pif import responsibility
from pifai.pif.responsibility import Responsibility

DONE_STATUSES = frozenset({ItemStatus.HUMAN_REVIEWED, ItemStatus.APPROVED})
RESIGN_STEP = 7
RESIGN_NOTE = (
    "Re-signing after a change (V2/V3) starts once a signed version exists and the "
    "product changes; PIF versions are not tracked yet, so this step has not started."
)


class StepState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Step:
    number: int
    title_zh: str
    title_en: str
    items: tuple[int, ...]


# SPEC §2.3, in order. Step 7 has no items of its own: it re-opens the whole file.
STEPS: tuple[Step, ...] = (
    Step(1, "配方定案", "Formula freeze", (3,)),
    Step(2, "試產", "Trial production", (5, 6, 9, 11, 12, 13)),
    Step(3, "包材", "Packaging", (15,)),
    Step(4, "資料整合", "Information integration", (1, 2, 4, 7)),
    Step(5, "安全評估", "Safety assessment", (10, 14)),
    Step(6, "首次簽署V1", "First signing (V1)", (16,)),
    Step(RESIGN_STEP, "變更後重新簽署(V2/V3)", "Re-signing after change (V2/V3)", ()),
)


@dataclass(frozen=True)
class ItemState:
    status: ItemStatus
    not_applicable: bool = False

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES or self.not_applicable


@dataclass(frozen=True)
class StepProgress:
    number: int
    title_zh: str
    title_en: str
    items: tuple[int, ...]
    done_items: tuple[int, ...]
    done: int
    total: int
    percent: int
    state: StepState
    note: str | None = None


@dataclass(frozen=True)
class Workflow:
    org_type: OrgType
    steps: tuple[StepProgress, ...]
    current_step: int
    items_done: int
    items_total: int
    suggestions: tuple[Responsibility, ...]


def _percent(done: int, total: int) -> int:
    return (done * 100) // total if total else 0


def _state(done: int, total: int) -> StepState:
    if total and done == total:
        return StepState.COMPLETE
    return StepState.IN_PROGRESS if done else StepState.NOT_STARTED


def step_progress(step: Step, items: Mapping[int, ItemState]) -> StepProgress:
    """Step 7 has no items, so it stays not started (with the note saying why)."""
    done = tuple(n for n in step.items if items[n].done)
    total = len(step.items)
    return StepProgress(
        number=step.number,
        title_zh=step.title_zh,
        title_en=step.title_en,
        items=step.items,
        done_items=done,
        done=len(done),
        total=total,
        percent=_percent(len(done), total),
        state=_state(len(done), total),
        note=RESIGN_NOTE if step.number == RESIGN_STEP else None,
    )


def _suggestions(org_type: OrgType, current: StepProgress) -> tuple[Responsibility, ...]:
    open_items: Iterable[int] = (n for n in current.items if n not in current.done_items)
    return tuple(responsibility.cell(org_type, n) for n in open_items)


def derive(org_type: OrgType, items: Mapping[int, ItemState]) -> Workflow:
    """The workflow of one product; ``items`` must hold all 16 item numbers."""
    missing = {n for step in STEPS for n in step.items} - items.keys()
    if missing:
        raise ValueError(f"workflow needs every PIF item; missing {sorted(missing)}")
    steps = tuple(step_progress(step, items) for step in STEPS)
    current = next(s for s in steps if s.state != StepState.COMPLETE)
    return Workflow(
        org_type=org_type,
        steps=steps,
        current_step=current.number,
        items_done=sum(1 for state in items.values() if state.done),
        items_total=len(items),
        suggestions=_suggestions(org_type, current),
    )
