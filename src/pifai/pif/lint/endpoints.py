"""GET /products/{product_id}/cross-item-lint: the live lint of a product's 16 items.

The product is fetched through the org-scoped access first, so another organisation's
product is a 404 before any item is read."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.pif import repository as repo
from pifai.pif.lint.model import Alert, Penalty, Severity
from pifai.pif.lint.run import counts, item_snapshots, lint
from pifai.products import service as products

router = APIRouter(tags=["compliance"])


class PenaltyOut(BaseModel):
    article: str
    text: str
    citation: str


class AlertOut(BaseModel):
    rule: str
    severity: Severity
    target_item: int
    message_zh: str
    message_en: str
    article: str
    penalty: PenaltyOut | str
    evidence: list[str]

    @classmethod
    def of(cls, alert: Alert) -> AlertOut:
        penalty = alert.penalty
        return cls(
            rule=alert.rule,
            severity=alert.severity,
            target_item=alert.target_item,
            message_zh=alert.message_zh,
            message_en=alert.message_en,
            article=alert.article,
            penalty=PenaltyOut(**vars(penalty)) if isinstance(penalty, Penalty) else penalty,
            evidence=list(alert.evidence),
        )


class CrossItemLint(BaseModel):
    product_id: uuid.UUID
    as_of: date
    blocking: bool
    counts: dict[Severity, int]
    alerts: list[AlertOut]


@router.get("/products/{product_id}/cross-item-lint")
async def cross_item_lint(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> CrossItemLint:
    """Every cross-item alert (SPEC §11), most severe first; ``blocking`` prevents signing."""
    await products.get_product(session, principal.org_id, product_id)
    docs = await repo.list_items_for_org(session, principal.org_id, product_id)
    items = item_snapshots(docs)
    today = date.today()
    alerts = lint(items, today=today)
    by_severity = counts(alerts)
    return CrossItemLint(
        product_id=product_id,
        as_of=today,
        blocking=by_severity[Severity.BLOCKING] > 0,
        counts=by_severity,
        alerts=[AlertOut.of(a) for a in alerts],
    )
