"""Rules read from the compliance engine's stored report (item 3) and the label (item 4):
R4, R9 and the Art. 7 label elements. R9 never re-runs the regulatory rules: it reports the
verdicts and citations that the formula check wrote into item 3."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pifai.pif.item_data.label import LabelData
from pifai.pif.lint import penalties
from pifai.pif.lint.model import Alert, Severity
from pifai.pif.lint.view import PifView

R9_VERDICTS = {
    "prohibited": ("禁用成分", "prohibited"),
    "over_limit": ("超過限量", "over limit"),
    "not_permitted": ("不得用於此類產品", "not permitted in this product"),
    "not_on_positive_list": ("不在正面表列", "not on the positive list"),
    "incomplete": ("無可用含量，無法判定", "no usable amount: it cannot be judged"),
}
# An amount missing is an incomplete PIF (Art. 4), not a prohibited ingredient (Art. 6).
_INCOMPLETE = "incomplete"
# Art. 7 elements as the item-4 checklist names them (SPEC §11 label rule).
ART7_ELEMENTS: dict[str, tuple[str, str]] = {
    "product_name": ("品名", "product name"),
    "use": ("用途", "use"),
    "directions": ("用法", "directions"),
    "storage": ("保存方法", "storage"),
    "net_content": ("重量或容量", "net content"),
    "full_ingredient_list": ("全成分名稱", "full ingredient list"),
    "specific_purpose_ingredient_content": ("特定用途成分含量", "specific-purpose content"),
    "warnings": ("警語及注意事項", "warnings"),
    "responsible_party_name": ("製造或輸入業者名稱", "maker or importer name"),
    "responsible_party_address": ("製造或輸入業者地址", "maker or importer address"),
    "responsible_party_phone": ("製造或輸入業者電話", "maker or importer telephone"),
    "origin": ("原產地（輸入產品）", "origin (imports)"),
    "manufacture_date_and_shelf_life_or_expiry": (
        "製造日期及有效期間或有效日期",
        "manufacture date with shelf life or expiry",
    ),
    "batch_number": ("批號", "batch number"),
    "in_chinese": ("中文標示", "in Chinese"),
}


def _formula(pif: PifView) -> Mapping[str, Any]:
    report = pif.raw(3).get("formula")
    return report if isinstance(report, Mapping) else {}


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _citation_label(finding: Mapping[str, Any]) -> str | None:
    citation = finding.get("citation")
    if isinstance(citation, Mapping) and citation.get("label"):
        return str(citation["label"])
    return None


def r9_prohibited_or_over_limit(pif: PifView) -> list[Alert]:
    alerts = []
    for row in _dicts(_formula(pif).get("ingredients")):
        verdict = R9_VERDICTS.get(str(row.get("verdict")))
        if verdict is None:
            continue
        incomplete = row.get("verdict") == _INCOMPLETE
        provision = penalties.PIF if incomplete else penalties.PROHIBITED_INGREDIENT
        name = str(row.get("inci") or row.get("name"))
        findings = _dicts(row.get("findings"))
        cited = tuple(c for c in (_citation_label(f) for f in findings) if c)
        reasons = tuple(str(f["message"]) for f in findings if f.get("message"))
        alerts.append(
            Alert(
                rule="R9",
                severity=Severity.BLOCKING,
                target_item=3,
                message_zh=f"成分 {name}：{verdict[0]}",
                message_en=f"Ingredient {name}: {verdict[1]}",
                article=provision.article,
                penalty=provision.penalty,
                evidence=(f"ingredient:{name}", *reasons, *cited),
            )
        )
    return alerts


def _normalised(text: str) -> str:
    return "".join(text.split()).casefold()


def r4_mandatory_warning_missing(pif: PifView) -> list[Alert]:
    label = pif.typed(4, LabelData)
    if label is None:
        return []
    printed = _normalised(" ".join([label.label_text or "", *label.warnings]))
    alerts = []
    for req in _dicts(_formula(pif).get("label_requirements")):
        text = str(req.get("text") or "")
        if not text or _normalised(text) in printed:
            continue
        ingredient = str(req.get("ingredient") or "")
        cited = _citation_label(req)
        alerts.append(
            Alert(
                rule="R4",
                severity=Severity.ERROR,
                target_item=4,
                message_zh=f"限用成分 {ingredient} 之規定警語未見於標籤：「{text}」",
                message_en=f"The mandatory warning for {ingredient} is not on the label: {text!r}",
                article=penalties.LABEL.article,
                penalty=penalties.LABEL.penalty,
                evidence=(f"ingredient:{ingredient}", text, *((cited,) if cited else ())),
            )
        )
    return alerts


def art7_label_elements(pif: PifView) -> list[Alert]:
    """A checklist element marked missing (``false``) is an error; unchecked (null) is not."""
    label = pif.typed(4, LabelData)
    if label is None:
        return []
    checklist = label.art7_checklist
    return [
        Alert(
            rule="ART7",
            severity=Severity.ERROR,
            target_item=4,
            message_zh=f"標籤缺少法定應標示事項：{zh}",
            message_en=f"The label lacks a mandatory Art. 7 element: {en}",
            article=penalties.LABEL.article,
            penalty=penalties.LABEL.penalty,
            evidence=(field,),
        )
        for field, (zh, en) in ART7_ELEMENTS.items()
        if getattr(checklist, field) is False
    ]
