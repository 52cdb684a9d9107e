"""Rules about dates: R5 (launched without adverse-reaction records), R10 (GMP certificate
age and expiry), R13 (serious adverse event reporting deadline), R14 (SA certificate)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import TypeAdapter, ValidationError

from pifai.pif.item_data.adverse import AdverseEvent, AdverseReactions, Seriousness
from pifai.pif.item_data.common import IsoDate
from pifai.pif.item_data.identity import BasicData
from pifai.pif.item_data.manufacturing import GmpCertificate
from pifai.pif.lint import penalties
from pifai.pif.lint.model import Alert, Severity
from pifai.pif.lint.view import PifView, one_year_before

GMP_EXPIRY_WARNING = timedelta(days=90)  # SPEC §11 R10 and §12.5
# Regulations for Reporting Cosmetics Serious Adverse Effects (under Act Art. 12 ¶3), Art. 2:
# report "within 15 days from the day of awareness of the event"; read at
# https://www.listenlaw.info/2019/05/regulations-for-reporting-cosmetics.html
REPORT_WITHIN = timedelta(days=15)
SA_CERTIFICATE_FIELD = "sa_certificate_expires"
_ISO_DATE: TypeAdapter[date] = TypeAdapter(IsoDate)


def r5_launched_without_adverse_record(pif: PifView) -> list[Alert]:
    basic = pif.typed(1, BasicData)
    if basic is None or basic.launch_date is None or basic.launch_date > pif.today:
        return []
    if pif.not_applicable(8) or pif.typed(8, AdverseReactions) is not None:
        return []
    launched = basic.launch_date.isoformat()
    return [
        Alert(
            rule="R5",
            severity=Severity.WARNING,
            target_item=8,
            message_zh=f"產品已於 {launched} 上市，但第8項無不良反應紀錄或無不良反應聲明",
            message_en=f"Launched on {launched} but item 8 has no adverse-reaction record or "
            "statement of none",
            article=penalties.PIF.article,
            penalty=penalties.PIF.penalty,
            evidence=(f"launch_date:{launched}",),
        )
    ]


def _gmp_problem(cert: GmpCertificate, today: date) -> tuple[str, str] | None:
    expiry = cert.expiry_date
    if expiry is not None and expiry < today:
        return f"已於 {expiry} 過期", f"expired on {expiry}"
    if expiry is not None and expiry - today <= GMP_EXPIRY_WARNING:
        return f"將於 {expiry} 到期（90日內）", f"expires on {expiry}, within 90 days"
    if cert.issue_date < one_year_before(today):
        return (
            f"發證日 {cert.issue_date} 已逾12個月",
            f"was issued on {cert.issue_date}, over 12 months ago",
        )
    return None


def r10_gmp_certificate(pif: PifView) -> list[Alert]:
    cert = pif.typed(5, GmpCertificate)
    problem = _gmp_problem(cert, pif.today) if cert else None
    if cert is None or problem is None:
        return []
    return [
        Alert(
            rule="R10",
            severity=Severity.WARNING,
            target_item=5,
            message_zh=f"GMP 證書{problem[0]}",
            message_en=f"The GMP certificate {problem[1]}",
            article=penalties.GMP.article,
            penalty=penalties.GMP.penalty,
            evidence=(f"issue_date:{cert.issue_date}", f"expiry_date:{cert.expiry_date}"),
        )
    ]


def _late(event: AdverseEvent, today: date) -> tuple[str, str] | None:
    """Unreported (or reported late) serious events; the clock starts at awareness."""
    start = event.aware_date or event.event_date
    due = start + REPORT_WITHIN
    if event.report_date is None:
        state = "overdue" if today > due else "not yet reported"
        return f"尚未通報（期限 {due}）", f"{state}, due by {due}"
    if event.report_date > due:
        return (
            f"於 {event.report_date} 通報，逾期限 {due}",
            f"reported on {event.report_date}, after {due}",
        )
    return None


def r13_serious_event_not_reported(pif: PifView) -> list[Alert]:
    record = pif.typed(8, AdverseReactions)
    alerts = []
    provision = penalties.SERIOUS_ADVERSE_EFFECT
    for event in record.events if record else []:
        if event.seriousness is Seriousness.NON_SERIOUS:
            continue
        late = _late(event, pif.today)
        if late is None:
            continue
        alerts.append(
            Alert(
                rule="R13",
                severity=Severity.BLOCKING,
                target_item=8,
                message_zh=f"嚴重不良反應（{event.event_date}）{late[0]}：應於知悉起15日內通報",
                message_en=f"Serious adverse event of {event.event_date} {late[1]}: report "
                "within 15 days of awareness",
                article=provision.article,
                penalty=provision.penalty,
                evidence=(f"seriousness:{event.seriousness.value}", event.description[:200]),
            )
        )
    return alerts


def sa_certificate_expiry(pif: PifView) -> date | None:
    """Item 16 ``sa_certificate_expires`` (ISO date), read defensively: data stored before
    the field existed, or not fitting it, counts as absent."""
    value = pif.raw(16).get(SA_CERTIFICATE_FIELD)
    try:
        return _ISO_DATE.validate_python(value) if value is not None else None
    except ValidationError:
        return None


def r14_sa_certificate_expired(pif: PifView) -> list[Alert]:
    expires = sa_certificate_expiry(pif)
    if expires is None or expires >= pif.today:
        return []
    return [
        Alert(
            rule="R14",
            severity=Severity.BLOCKING,
            target_item=16,
            message_zh=f"安全評估人員資格證明已於 {expires} 過期，不得簽署",
            message_en=f"The safety assessor's certificate expired on {expires}: cannot sign",
            article=penalties.SA_QUALIFICATION.article,
            penalty=penalties.SA_QUALIFICATION.penalty,
            evidence=(f"{SA_CERTIFICATE_FIELD}:{expires}",),
        )
    ]
