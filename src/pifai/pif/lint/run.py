"""Runs every cross-item rule over a product's items: the one entry point for the API, the
CLI pipeline and the reports (SPEC §3, §11, §13)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from pifai.models import PifDocument
from pifai.pif.lint import rules_claims, rules_dates, rules_regulatory, rules_reports
from pifai.pif.lint.model import Alert, ItemSnapshot, Severity
from pifai.pif.lint.view import PifView

__all__ = ["RULES", "ItemSnapshot", "counts", "item_snapshots", "lint"]

Rule = Callable[[PifView], list[Alert]]
RULES: tuple[tuple[str, Rule], ...] = (
    ("R1", rules_claims.r1_strong_claim_not_covered),
    ("R2", rules_claims.r2_usage_incomplete),
    ("R3", rules_reports.r3_extreme_ph_not_tested),
    ("R4", rules_regulatory.r4_mandatory_warning_missing),
    ("R5", rules_dates.r5_launched_without_adverse_record),
    ("R6", rules_reports.r6_old_reports),
    ("R7", rules_claims.r7_sensitive_skin_without_patch_test),
    ("R8", rules_reports.r8_special_container_not_tested),
    ("R9", rules_regulatory.r9_prohibited_or_over_limit),
    ("R10", rules_dates.r10_gmp_certificate),
    ("R11", rules_reports.r11_hot_process_without_high_temperature_stability),
    ("R12", rules_reports.r12_preservative_efficacy_failed),
    ("R13", rules_dates.r13_serious_event_not_reported),
    ("R14", rules_dates.r14_sa_certificate_expired),
    ("ART7", rules_regulatory.art7_label_elements),
    ("MED", rules_claims.medical_claims),
)
_ORDER = {Severity.BLOCKING: 0, Severity.ERROR: 1, Severity.WARNING: 2}


def lint(items: Mapping[int, ItemSnapshot], *, today: date) -> list[Alert]:
    """All alerts, most severe first; ``today`` is explicit so results are reproducible."""
    pif = PifView(items, today)
    alerts = [alert for _, rule in RULES for alert in rule(pif)]
    return sorted(alerts, key=lambda a: _ORDER[a.severity])


def counts(alerts: list[Alert]) -> dict[Severity, int]:
    return {s: sum(1 for a in alerts if a.severity is s) for s in Severity}


def item_snapshots(docs: Iterable[PifDocument]) -> dict[int, ItemSnapshot]:
    """The stored items as the rules read them."""
    return {
        d.item_number: ItemSnapshot(
            status=d.status,
            not_applicable=d.not_applicable_justification is not None,
            data=d.data or {},
        )
        for d in docs
    }
