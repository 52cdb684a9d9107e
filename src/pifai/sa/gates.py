"""What stands between a PIF and its signature (SPEC §12.6), as pure functions.

Each refusal carries the code and the sentence the SA sees. Role and TOTP are checked by
the service before these; these read the qualification, the items and the live lint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pifai.models.enums import ItemStatus
from pifai.pif.lint.model import Alert, Severity

SIGNABLE_STATUSES = frozenset({ItemStatus.HUMAN_REVIEWED.value, ItemStatus.APPROVED.value})


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    details: list[dict[str, object]] = field(default_factory=list)


def alert_key(alert: Alert) -> str:
    """A stable name for one alert: its rule, its item and a digest of its text, so a note
    written for one finding does not silently cover a different one."""
    digest = hashlib.sha256(alert.message_en.encode("utf-8")).hexdigest()[:12]
    return f"{alert.rule}:{alert.target_item}:{digest}"


def qualification_refusal(
    qualified_until: date | None, certificate_ref: str | None, today: date
) -> Refusal | None:
    if qualified_until is None:
        return Refusal(
            "sa_qualification_missing",
            "No Safety Assessor qualification is on record for your account; record your "
            "certificate and its expiry date (PUT /api/v1/sa/qualification) before signing",
        )
    if qualified_until < today:
        return Refusal(
            "sa_qualification_expired",
            f"Your Safety Assessor qualification ({certificate_ref or 'no certificate number'}) "
            f"expired on {qualified_until.isoformat()}; renew it before signing",
            [{"qualified_until": qualified_until.isoformat()}],
        )
    return None


def items_refusal(statuses: Mapping[int, str]) -> Refusal | None:
    """Every item human_reviewed (a not-applicable item is reviewed too) or approved."""
    open_items = [
        (number, statuses.get(number, ItemStatus.MISSING.value))
        for number in range(1, 17)
        if statuses.get(number) not in SIGNABLE_STATUSES
    ]
    if not open_items:
        return None
    listed = ", ".join(f"{n} ({s})" for n, s in open_items)
    return Refusal(
        "items_not_reviewed",
        f"Items not yet reviewed: {listed}. Every item must be human_reviewed (or declared "
        "not applicable with a justification) before signing",
        [{"item": n, "status": s} for n, s in open_items],
    )


def _alert_detail(alert: Alert) -> dict[str, object]:
    return {
        "key": alert_key(alert),
        "rule": alert.rule,
        "item": alert.target_item,
        "message": alert.message_en,
    }


def alerts_refusals(alerts: list[Alert], notes: Mapping[str, object]) -> list[Refusal]:
    """No blocking alert; an SA note on every error alert."""
    refusals = []
    blocking = [a for a in alerts if a.severity is Severity.BLOCKING]
    if blocking:
        listed = "; ".join(f"{a.rule} (item {a.target_item}): {a.message_en}" for a in blocking)
        refusals.append(
            Refusal(
                "blocking_alerts",
                f"Blocking alerts prevent signing: {listed}",
                [_alert_detail(a) for a in blocking],
            )
        )
    unnoted = [a for a in alerts if a.severity is Severity.ERROR and alert_key(a) not in notes]
    if unnoted:
        listed = "; ".join(f"{a.rule} (item {a.target_item})" for a in unnoted)
        refusals.append(
            Refusal(
                "error_alerts_without_note",
                f"Each error alert needs an SA note before signing; missing for: {listed}",
                [_alert_detail(a) for a in unnoted],
            )
        )
    return refusals


def sign_refusals(
    *,
    qualified_until: date | None,
    certificate_ref: str | None,
    today: date,
    statuses: Mapping[int, str],
    alerts: list[Alert],
    notes: Mapping[str, object],
) -> list[Refusal]:
    """Everything that prevents signing now, in the order the SA should fix it."""
    found = [
        qualification_refusal(qualified_until, certificate_ref, today),
        items_refusal(statuses),
    ]
    return [r for r in found if r is not None] + alerts_refusals(alerts, notes)
