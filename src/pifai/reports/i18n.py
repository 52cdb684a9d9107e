"""The report's own words: titles, labels, declarations and page furniture, in Traditional
Chinese (the default, for TFDA inspectors) and English; the names of coded values and data
fields live in ``reports.vocabulary``.

Data is never translated: ingredient names, citations and what people typed are printed as
stored.
"""

from __future__ import annotations

from pifai.reports.vocabulary import FIELDS, VOCABULARY

ZH = "zh-Hant"
EN = "en"
LANGUAGES = (ZH, EN)
_ALIASES = {"zh": ZH, "zh-hant": ZH, "zh-tw": ZH, "en": EN, "en-gb": EN, "en-us": EN}


def language(value: str | None) -> str:
    """The canonical language tag (``zh-Hant`` or ``en``); anything else is refused."""
    key = (value or ZH).strip().lower()
    if key not in _ALIASES:
        raise ValueError(f"unknown report language {value!r}: use zh-Hant or en")
    return _ALIASES[key]


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == EN else pair[0]


# Titles, headings and sentences of the report.
TEXT: dict[str, tuple[str, str]] = {
    "doc_title": ("化粧品產品資訊檔案", "Cosmetic Product Information File"),
    "list_sep": ("、", ", "),
    "doc_subtitle": (
        "依化粧品衛生安全管理法第4條及化粧品產品資訊檔案管理辦法",
        "Under Art. 4 of the Cosmetic Hygiene and Safety Act and the PIF regulations",
    ),
    "product_name": ("產品名稱", "Product name"),
    "product_name_en": ("英文名稱", "English name"),
    "product_type": ("產品類型", "Product type"),
    "company": ("製造業者", "Manufacturer"),
    "company_address": ("製造業者地址", "Manufacturer address"),
    "registration_id": ("產品登錄編號", "Registration number"),
    "version": ("版本", "Version"),
    "as_of": ("資料日期", "As of"),
    "source": ("內容來源", "Content"),
    "source_current": ("目前狀態（稽核警示即時計算）", "Current state (alerts computed live)"),
    "source_version": ("已儲存版本之快照（原樣還原）", "Stored version, restored exactly"),
    "current_unsigned": ("目前狀態（未簽署）", "Current state (not signed)"),
    "after_version": ("最近簽署版本", "latest signed"),
    "draft": ("草稿", "draft"),
    "signed": ("已簽署", "signed"),
    "unsigned": ("未簽署", "not signed"),
    "declarations": ("聲明", "Declarations"),
    "contents": ("目錄", "Contents"),
    "summary": ("摘要", "Summary"),
    "items_complete": ("已提供項目", "Items provided"),
    "items_not_applicable": ("不適用項目", "Items not applicable"),
    "items_missing": ("缺件項目", "Items missing"),
    "alerts_count": ("稽核警示", "Alerts"),
    "blocking_stands": ("有阻擋簽署之發現", "A blocking finding stands"),
    "no_blocking": ("無阻擋簽署之發現", "No blocking finding"),
    "item": ("第{n}項", "Item {n}"),
    "status": ("狀態", "Status"),
    "not_applicable": ("不適用", "Not applicable"),
    "justification": ("不適用理由", "Justification"),
    "missing": ("缺件", "Missing"),
    "missing_provided_by": ("缺件 — 由「{provider}」提供", "Missing — provided by {provider}"),
    "missing_no_org_type": (
        "缺件 — 未設定業者類型，無法依責任分工表判定提供者",
        "Missing — the business type is not set, so the responsibility matrix cannot say "
        "who provides it",
    ),
    "suggested_source": ("建議資料來源", "Suggested source"),
    "outsourced": ("通常委外", "usually outsourced"),
    "in_house": ("通常自行準備", "usually in-house"),
    "no_data": ("（未填寫內容）", "(no content recorded)"),
    "from_product_record": (
        "本項目尚未提供；以下為產品基本資料中已登載之內容：",
        "This item is not provided yet; the product record already states:",
    ),
    "alerts_on_item": ("本項稽核警示", "Alerts on this item"),
    "attached_files": ("附件數", "Attached files"),
    "analysis_error": ("分析失敗", "Analysis failed"),
    "pending_review": (
        "有較新之分析結果待人工審查（本文件列印已審查之內容）",
        "A newer analysis awaits review (this document prints the reviewed content)",
    ),
    # Item 3
    "formula_summary": ("配方摘要", "Formula summary"),
    "ingredient_table": ("全成分表", "Ingredient table"),
    "source_file": ("配方檔案", "Formula file"),
    "checked_as_of": ("法規比對日期", "Checked against the lists as of"),
    "ingredient_count": ("成分數", "Ingredients"),
    "total_pct": ("配方總量 (%)", "Total (%)"),
    "verdict_counts": ("判定統計", "Verdicts"),
    "formula_problems": ("配方問題", "Formula problems"),
    "label_requirements": ("成分所需之標示", "Label requirements from the ingredient lists"),
    "col_no": ("#", "#"),
    "col_name": ("成分（原文）", "Ingredient as written"),
    "col_inci": ("INCI 名稱", "INCI"),
    "col_cas": ("CAS No.", "CAS No."),
    "col_pct": ("含量 % w/w", "% w/w"),
    "col_function": ("功能", "Function"),
    "col_tfda": ("法規判定（TFDA）", "TFDA status"),
    # Item 4
    "art7_checklist": ("第7條標示檢核表", "Art. 7 label checklist"),
    "check_present": ("有", "present"),
    "check_missing": ("缺", "missing"),
    "check_unchecked": ("未檢查", "not checked"),
    "col_element": ("標示事項", "Label element"),
    "col_present": ("檢核結果", "Result"),
    # Item 9
    "product_properties": ("產品物化特性", "Product physico-chemistry"),
    "ingredient_properties": ("各成分物化特性", "Physico-chemistry per ingredient"),
    "col_cid": ("PubChem CID", "PubChem CID"),
    "col_mw": ("分子量 (g/mol)", "MW (g/mol)"),
    "col_log_pow": ("log Pow", "log Pow"),
    "citations": ("出處", "Citations"),
    # Item 10
    "toxicology_table": ("各成分毒理資料", "Toxicology per ingredient"),
    "col_tier": ("依據層級", "Tier"),
    "col_method": ("依據（方法）", "Basis (method)"),
    "col_noael": ("NOAEL (mg/kg bw/day)", "NOAEL (mg/kg bw/day)"),
    "noael_see_16": (
        "各成分之依據方法、NOAEL 出處及安全邊際列於第16項。",
        "Each ingredient's basis (method), NOAEL source and margin of safety are in item 16.",
    ),
    "col_hazards": ("危害分類", "Hazard codes"),
    "col_ttc": ("TTC 類別", "TTC class"),
    "col_gates": ("強制判定", "Hard gates"),
    "dataset": ("毒理資料集", "Toxicology dataset"),
    "hazards_source": ("危害分類來源", "Hazard classification source"),
    "sources_missing": ("無法取得之資料來源", "Sources not available"),
    "toxicology_sources": ("出處與審查事項", "Sources and review points"),
    # Item 16
    "exposure": ("暴露評估", "Exposure"),
    "exposure_class": ("暴露類別", "Exposure class"),
    "e_product": ("每日產品暴露量 E_product (mg/kg bw/day)", "E_product (mg/kg bw/day)"),
    "amount_g_d": ("每日用量 (g/day)", "Amount applied (g/day)"),
    "retention_factor": ("滯留係數", "Retention factor"),
    "body_weight": ("體重 (kg)", "Body weight (kg)"),
    "exposure_citation": ("暴露值出處", "Exposure source"),
    "exposure_reason": ("暴露值說明", "Exposure basis"),
    "exposure_override": ("SA 覆寫", "SA override"),
    "oral_method": ("口服吸收方法", "Oral absorption method"),
    "mos_threshold": ("MoS 閾值", "MoS threshold"),
    "product_verdict": ("計算所得之產品判定", "Computed product verdict"),
    "safety_table": ("各成分安全評估", "Safety assessment per ingredient"),
    "col_dap": ("經皮吸收 DAp %", "DAp %"),
    "col_noael_basis": ("NOAEL (mg/kg bw/day)／依據", "NOAEL (mg/kg bw/day) / basis"),
    "col_sed": ("SED (mg/kg bw/day)", "SED (mg/kg bw/day)"),
    "col_mos": ("MoS", "MoS"),
    "col_verdict": ("安全判定", "Verdict"),
    "noael_sources": ("NOAEL 出處", "NOAEL sources"),
    "dap_bases": ("經皮吸收率依據", "DAp bases"),
    "review_list": ("安全資料簽署人員審查清單", "For the Safety Assessor"),
    "assessment_text": ("安全評估內容", "Assessment"),
    "sa_signature": ("安全資料簽署人員簽署", "Safety Assessor's signature"),
    "not_signed_yet": (
        "尚未簽署：本項須由具資格之安全資料簽署人員審查並簽署。",
        "Not signed: a qualified Safety Assessor must review and sign this item.",
    ),
    "sa_final_assessment": ("SA 最終評估", "SA's final assessment"),
    "no_assessment": (
        "尚無安全評估結果（第10項未提供）",
        "No safety assessment result (item 10 not provided)",
    ),
    # Alerts
    "alerts": ("跨項目稽核警示", "Cross-item alerts"),
    "no_alerts": ("無稽核警示。", "No alert."),
    "col_rule": ("規則", "Rule"),
    "col_severity": ("嚴重度", "Severity"),
    "col_item": ("項目", "Item"),
    "col_message": ("說明", "Finding"),
    "col_article": ("違反條文", "Article"),
    "col_penalty": ("罰則", "Penalty"),
    "sa_note": ("SA 註記", "SA note"),
    # Versions
    "versions": ("版本紀錄", "Version history"),
    "no_versions": ("尚無已簽署版本。", "No signed version yet."),
    "col_version": ("版本", "Version"),
    "col_created_at": ("建立時間", "Created"),
    "col_signed_at": ("簽署時間", "Signed at"),
    "col_signed_by": ("簽署人", "Signed by"),
    "col_sig_method": ("簽署方式", "Method"),
    "col_certificate": ("資格證書", "Certificate"),
    "col_hash": ("簽章雜湊值 (SHA-256)", "Signature hash (SHA-256)"),
    # Expiring documents
    "expiring": ("到期文件", "Expiring documents"),
    "no_expiring": ("無即將到期或已過期之文件。", "No document due or overdue."),
    "col_kind": ("類別", "Kind"),
    "col_reference": ("文件", "Document"),
    "col_start": ("起始日", "From"),
    "col_due": ("到期日", "Due"),
    "col_days_left": ("剩餘天數", "Days left"),
    "col_state": ("狀態", "State"),
    # Basis register
    "basis_register": ("附錄：評估依據登錄表", "Appendix: basis register"),
    "basis_intro": (
        "安全評估所用之每一常數，連同其數值、未採用之替代值、採用理由及出處。",
        "Every constant the safety assessment uses, with its value, the alternatives not "
        "chosen, why this one, and where it was read.",
    ),
    "col_key": ("項目", "Key"),
    "col_value": ("數值", "Value"),
    "col_why": ("採用理由", "Why"),
    "col_citation": ("出處", "Citation"),
    "col_grade": ("出處等級", "Source grade"),
    "col_alternatives": ("替代值", "Alternatives"),
    "exposure_register": ("每日產品暴露量 (SCCS)", "Daily exposure to the product (SCCS)"),
    "general_register": ("其他常數", "Other constants"),
    "col_class": ("暴露類別", "Exposure class"),
    "col_e_product": ("E_product (mg/kg bw/day)", "E_product (mg/kg bw/day)"),
    "col_amount": ("用量 (g/day)", "Amount (g/day)"),
    "col_retention": ("滯留係數", "Retention"),
    "source_keys": ("出處代號", "Source keys"),
    # Page furniture
    "page": ("第 {page} 頁，共 {pages} 頁", "Page {page} of {pages}"),
}

# Declarations printed on the cover; placeholders are filled from the document.
DECLARATIONS: dict[str, tuple[str, str]] = {
    "order": (
        "本檔案依化粧品產品資訊檔案管理辦法所定16項之順序編製；缺件項目均載明應由何人提供。",
        "This file follows the official order of the 16 PIF items; each missing item states "
        "who provides it.",
    ),
    "values": (
        "所列數值均為檔案中儲存之內容；「—」表示未提供之數值，「資料缺口」表示成分尚無毒理依據。",
        "Values are printed as stored in the file; “—” marks a value not provided and "
        "“data gap” an ingredient without a toxicological basis.",
    ),
    "computed": (
        "法規判定及安全評估數值由 PIF AI 依內建資料計算，不取代安全資料簽署人員之專業判斷。",
        "Regulatory verdicts and assessment figures are computed by PIF AI from its embedded "
        "data and do not replace the Safety Assessor's judgement.",
    ),
    "unsigned": (
        "本文件尚未經安全資料簽署人員簽署；第16項為草稿，須經具資格之安全資料簽署人員審查及簽署。",
        "This document is not signed; item 16 is a draft that a qualified Safety Assessor "
        "must review and sign.",
    ),
    "signed": (
        "本版本 {version} 已由安全資料簽署人員於 {signed_at} 簽署（{method}），簽章雜湊值 {hash}。",
        "Version {version} was signed by the Safety Assessor on {signed_at} ({method}); "
        "signature hash {hash}.",
    ),
    "current": (
        "本文件呈現 {as_of} 之目前狀態，跨項目稽核警示為即時計算。",
        "This document shows the current state on {as_of}; cross-item alerts are computed live.",
    ),
    "version": (
        "本文件由已儲存之版本 {version} 快照原樣還原，稽核警示以 {as_of} 計算。",
        "This document is restored exactly from the stored snapshot of {version}; alerts are "
        "computed as of {as_of}.",
    ),
}


def text(key: str, lang: str, **values: object) -> str:
    pattern = pick(TEXT[key], lang)
    return pattern.format(**values) if values else pattern


def field_label(key: str, lang: str) -> str:
    """The printed name of a data field; an unknown field is shown by its own name."""
    pair = FIELDS.get(key)
    return pick(pair, lang) if pair else key.replace("_", " ")


def vocabulary(lang: str) -> dict[str, str]:
    """The coded values the document uses, as printed in ``lang`` (shipped in the document
    so ``report.json`` readers see the same words as the PDF)."""
    return {key: pick(pair, lang) for key, pair in VOCABULARY.items()}
