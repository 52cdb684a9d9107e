"""Writing PIF items 9 and 10 from a safety assessment, through the status machine.

The worker takes the AI edges of SPEC §2.1 only: ``missing → uploaded → ai_processing →
ai_draft_ready``, and the fail-soft ``ai_processing → uploaded``. An item a person has
already reviewed (``human_reviewed`` or ``approved``) is never overwritten: the new result
waits under ``data["pending_toxicology"]`` and the status stays, so nobody's review is
undone behind their back.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import PifDocument
from pifai.models.base import utcnow
from pifai.models.enums import ItemStatus
from pifai.pif import repository as items
from pifai.pif.status_machine import Actor, check_transition
from pifai.tasks.registry import PermanentTaskError

PROPERTIES_ITEM = 9
TOXICOLOGY_ITEM = 10
ASSESSED_ITEMS = (PROPERTIES_ITEM, TOXICOLOGY_ITEM)
PENDING_KEY = "pending_toxicology"
ERROR_KEY = "analysis_error"

# The worker's forward path; an item further along than a step is never moved back.
_FORWARD = (
    ItemStatus.MISSING,
    ItemStatus.UPLOADED,
    ItemStatus.AI_PROCESSING,
    ItemStatus.AI_DRAFT_READY,
)
_REVIEWED = frozenset({ItemStatus.HUMAN_REVIEWED, ItemStatus.APPROVED})


class MissingItem(PermanentTaskError):
    """The product lacks one of its 16 item rows (created with the product): retrying
    cannot help."""


def _advance(item: PifDocument, target: ItemStatus) -> None:
    """Walk the forward path up to ``target``, each edge checked by the machine."""
    current = ItemStatus(item.status)
    if current not in _FORWARD or _FORWARD.index(current) >= _FORWARD.index(target):
        return
    for step in _FORWARD[_FORWARD.index(current) + 1 : _FORWARD.index(target) + 1]:
        check_transition(ItemStatus(item.status), step, Actor.WORKER)
        item.status = step.value


async def _item(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, number: int
) -> PifDocument:
    item = await items.get_item_for_org(session, org_id, product_id, number)
    if item is None:
        raise MissingItem(f"the product has no item {number}")
    return item


async def mark_processing(session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID) -> None:
    """Show items 9 and 10 as being analysed; drafts and reviewed items keep their status."""
    for number in ASSESSED_ITEMS:
        item = await _item(session, org_id, product_id, number)
        if ItemStatus(item.status) in (ItemStatus.MISSING, ItemStatus.UPLOADED):
            _advance(item, ItemStatus.AI_PROCESSING)
            item.updated_at = utcnow()


# What people enter on these items beside the engine's result (the finished product's own
# physico-chemistry on item 9, e.g. its pH, read by lint R3): a new assessment keeps it.
PERSON_KEYS = frozenset({"product"})


async def write_results(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    contents: Mapping[int, dict[str, Any]],
) -> dict[str, str]:
    """Store each item's new data; returns what happened per item number: the status it
    reached, or ``pending_review`` when a reviewed item keeps its data and status."""
    outcome: dict[str, str] = {}
    for number, content in contents.items():
        item = await _item(session, org_id, product_id, number)
        if ItemStatus(item.status) in _REVIEWED:
            item.data = {**(item.data or {}), PENDING_KEY: content}
            outcome[str(number)] = "pending_review"
        else:
            _advance(item, ItemStatus.AI_DRAFT_READY)
            kept = {k: v for k, v in (item.data or {}).items() if k in PERSON_KEYS}
            item.data = {**content, **kept}
            outcome[str(number)] = item.status
        item.updated_at = utcnow()
    return outcome


async def give_back(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, message: str
) -> None:
    """Fail-soft edge: an item left in ``ai_processing`` returns to ``uploaded`` with the
    reason, for a person; items in any other status are not touched."""
    for number in ASSESSED_ITEMS:
        item = await items.get_item_for_org(session, org_id, product_id, number)
        if item is None or item.status != ItemStatus.AI_PROCESSING.value:
            continue
        check_transition(ItemStatus.AI_PROCESSING, ItemStatus.UPLOADED, Actor.WORKER)
        item.status = ItemStatus.UPLOADED.value
        item.data = {**(item.data or {}), ERROR_KEY: message}
        item.updated_at = utcnow()
