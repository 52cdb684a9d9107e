"""``pifai rag backfill``: create the knowledge bases that fail-soft creation left out.

Organisation by organisation, each in a session bound to that organisation (row-level
security applies); for each active product whose ``rag_kb_id`` is empty: create, then store
the id in a short unit of work of its own — no transaction is open during the HTTP call.
A product that got an id meanwhile keeps it and the extra knowledge base is deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pifai.core.database import Database
from pifai.rag import repository as repo
from pifai.rag.client import RagClient, RagError
from pifai.rag.hooks import delete_kb_soft, open_client
from pifai.rag.settings import RagSettings

SOURCE = "pifai-backfill"


@dataclass
class BackfillReport:
    organizations: int = 0
    candidates: int = 0
    created: int = 0
    already_linked: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Pending:
    org_id: uuid.UUID
    product_id: uuid.UUID
    name: str


ProgressFn = Callable[[Pending, str], None]  # called after each product with its outcome


async def pending_products(database: Database, org_ids: Sequence[uuid.UUID]) -> list[Pending]:
    found: list[Pending] = []
    for org_id in org_ids:
        async with database.session(org_id=org_id) as session:
            products = await repo.products_without_kb_for_org(session, org_id)
            found.extend(Pending(p.org_id, p.id, p.name) for p in products)
    return found


async def backfill(
    database: Database,
    settings: RagSettings,
    org_ids: Sequence[uuid.UUID],
    *,
    client: RagClient | None = None,
    pending: Sequence[Pending] | None = None,
    progress: ProgressFn | None = None,
) -> BackfillReport:
    """Create the missing knowledge bases of these organisations' products."""
    todo = list(pending) if pending is not None else await pending_products(database, org_ids)
    report = BackfillReport(organizations=len(org_ids), candidates=len(todo))
    async with open_client(client, settings) as rag:
        if rag is None:
            raise RagError("the knowledge base service is not configured (PIFAI_RAG_*)")
        for item in todo:
            outcome = await _one(database, rag, item, report)
            if progress is not None:
                progress(item, outcome)
    return report


async def _one(database: Database, rag: RagClient, item: Pending, report: BackfillReport) -> str:
    try:
        kb = await rag.create_kb(item.org_id, item.product_id, item.name, SOURCE)
    except RagError as exc:
        report.failed += 1
        report.errors.append(f"{item.product_id}: {exc.message}")
        return "failed"
    async with database.session(org_id=item.org_id) as session:
        linked = await repo.set_rag_kb_id_for_org(session, item.org_id, item.product_id, kb.id)
    if linked:
        report.created += 1
        return "created"
    await delete_kb_soft(kb.id, org_id=item.org_id, product_id=item.product_id, client=rag)
    report.already_linked += 1
    return "already linked"
