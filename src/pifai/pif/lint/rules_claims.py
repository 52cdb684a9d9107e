"""Rules about what the product claims: R1, R2, R7 and the prohibited medical claims."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pifai.pif.item_data.claims import ClaimsData
from pifai.pif.item_data.lab_reports import StabilityReport
from pifai.pif.item_data.label import LabelData
from pifai.pif.item_data.usage import UsageData
from pifai.pif.lint import claims, penalties
from pifai.pif.lint.model import Alert, Severity
from pifai.pif.lint.view import PifView

# Item 10 rows with this tier have no usable toxicology (assessment_model.Tier.DATA_GAP).
_NOT_COVERED_TIER = "data_gap"


def label_texts(label: LabelData | None) -> list[str]:
    if label is None:
        return []
    return [*label.claims, *([label.label_text] if label.label_text else [])]


def _claim_texts(pif: PifView) -> list[str]:
    return [*label_texts(pif.typed(4, LabelData)), *_item14_texts(pif)]


def _names(row: Mapping[str, Any]) -> set[str]:
    return {str(row[k]).casefold() for k in ("inci", "name") if row.get(k)}


def _rows(report: Any) -> list[Mapping[str, Any]]:
    rows = report.get("ingredients") if isinstance(report, Mapping) else None
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def uncovered_ingredients(pif: PifView) -> list[str] | None:
    """Formula ingredients (item 3) without a usable item-10 row; None: no toxicology at all.

    We cannot tell which ingredient carries a claim, so every ingredient must be covered.
    """
    toxicology = pif.raw(10)
    if toxicology.get("kind") != "toxicology":
        return None
    covered: set[str] = set()
    for row in _rows(toxicology):
        if row.get("tier") != _NOT_COVERED_TIER:
            covered |= _names(row)
    formula = _rows(pif.raw(3).get("formula"))
    if not formula:
        return None  # no formula: the toxicology cannot cover an active nobody listed
    return [str(row.get("inci") or row.get("name")) for row in formula if not _names(row) & covered]


def r1_strong_claim_not_covered(pif: PifView) -> list[Alert]:
    found = sorted({key for text in _claim_texts(pif) for key in claims.strong_claims(text)})
    if not found:
        return []
    uncovered = uncovered_ingredients(pif)
    if uncovered == []:
        return []
    detail = "no toxicology assessment" if uncovered is None else ", ".join(uncovered)
    return [
        Alert(
            rule="R1",
            severity=Severity.WARNING,
            target_item=10,
            message_zh=f"功效宣稱（{'、'.join(found)}）之成分未見於第10項毒理資料：{detail}",
            message_en=f"Strong claims ({', '.join(found)}) but item 10 does not cover: {detail}",
            article=penalties.PIF.article,
            penalty=penalties.PIF.penalty,
            evidence=tuple(f"claim:{k}" for k in found) + tuple(uncovered or ()),
        )
    ]


def r2_usage_incomplete(pif: PifView) -> list[Alert]:
    label = pif.typed(4, LabelData)
    if label is None or pif.not_applicable(7):
        return []
    checklist = label.art7_checklist
    if not (label.label_text or label.claims or checklist.use or checklist.directions):
        return []
    usage = pif.typed(7, UsageData)
    missing = usage.missing_fields() if usage else list(UsageData.model_fields)
    if not missing:
        return []
    return [
        Alert(
            rule="R2",
            severity=Severity.WARNING,
            target_item=7,
            message_zh=f"標籤已載明用途或用法，但第7項使用方式欄位不完整：{'、'.join(missing)}",
            message_en=f"The label implies a use but item 7 lacks: {', '.join(missing)}",
            article=penalties.PIF.article,
            penalty=penalties.PIF.penalty,
            evidence=tuple(missing),
        )
    ]


def r7_sensitive_skin_without_patch_test(pif: PifView) -> list[Alert]:
    texts = label_texts(pif.typed(4, LabelData))
    if not any(claims.claims_sensitive_skin(t) for t in texts):
        return []
    stability = pif.typed(11, StabilityReport)
    if stability is not None and stability.patch_test is not None:
        return []
    return [
        Alert(
            rule="R7",
            severity=Severity.ERROR,
            target_item=11,
            message_zh="標籤宣稱適用敏感肌，但第11項無貼膚測試",
            message_en="Sensitive-skin claim on the label but item 11 has no patch test",
            article=penalties.PIF.article,
            penalty=penalties.PIF.penalty,
        )
    ]


def _usage_texts(pif: PifView) -> list[str]:
    usage = pif.typed(7, UsageData)
    return [v for _, v in usage if isinstance(v, str)] if usage else []


def _item14_texts(pif: PifView) -> list[str]:
    data = pif.typed(14, ClaimsData)
    return [c.text for c in data.claims] if data else []


def _medical_alert(item: int, texts: Iterable[str]) -> list[Alert]:
    found = sorted({key for text in texts for key in claims.medical_claims(text)})
    if not found:
        return []
    provision = penalties.MEDICAL_CLAIM
    return [
        Alert(
            rule="MED",
            severity=Severity.ERROR,
            target_item=item,
            message_zh=f"第{item}項含醫療效能宣稱（{'、'.join(found)}），化粧品不得宣稱醫療效能",
            message_en=f"Item {item} makes medical claims ({', '.join(found)}), prohibited",
            article=provision.article,
            penalty=provision.penalty,
            evidence=tuple(found),
        )
    ]


def medical_claims(pif: PifView) -> list[Alert]:
    """Prohibited medical claims in items 4, 7 and 14 (Act Art. 10 ¶2)."""
    return [
        *_medical_alert(4, label_texts(pif.typed(4, LabelData))),
        *_medical_alert(7, _usage_texts(pif)),
        *_medical_alert(14, _item14_texts(pif)),
    ]
