"""The names of coded values (verdicts, statuses, severities, the enumerations of the item
schemas) and of data fields, in Traditional Chinese and English, as the report prints them.

A code or field without an entry here is printed as stored, never guessed.
"""

from __future__ import annotations

from pifai.product_types.taxonomy import PRODUCT_TYPES, UnknownProductType, find_product_type

# Coded values: verdicts, statuses, severities and the enumerations of the item schemas.
VOCABULARY: dict[str, tuple[str, str]] = {
    # item status (SPEC §2.1)
    "missing": ("缺件", "missing"),
    "uploaded": ("已上傳", "uploaded"),
    "ai_processing": ("AI 處理中", "AI processing"),
    "ai_draft_ready": ("AI 草稿待審", "AI draft ready"),
    "human_reviewed": ("已人工審查", "reviewed"),
    "approved": ("已核准", "approved"),
    # compliance verdicts (SPEC §9)
    "compliant": ("符合規定", "compliant"),
    "prohibited": ("禁用成分", "prohibited"),
    "over_limit": ("超過限量", "over limit"),
    "not_permitted": ("不得用於此類產品", "not permitted"),
    "not_on_positive_list": ("不在正面表列", "not on positive list"),
    "incomplete": ("無含量無法判定", "incomplete"),
    "unknown": ("未知成分（待審）", "unknown (review)"),
    # safety verdicts (SPEC §10)
    "acceptable": ("可接受", "acceptable"),
    "insufficient_margin": ("安全邊際不足", "insufficient margin"),
    "review": ("待 SA 判斷", "SA review"),
    "data_gap": ("資料缺口", "data gap"),
    # tiers, TTC classes and hard gates (SPEC §10)
    "gate": ("強制判定", "hard gate"),
    "cramer_i": ("Cramer I 類", "Cramer class I"),
    "cramer_ii": ("Cramer II 類", "Cramer class II"),
    "cramer_iii": ("Cramer III 類", "Cramer class III"),
    "genotoxic_alert": ("基因毒性警示", "genotoxicity alert"),
    "cmr": ("CMR", "CMR"),
    "nanomaterial": ("奈米材料", "nanomaterial"),
    "corrosive": ("腐蝕性", "corrosive"),
    "strong_irritant": ("強刺激性", "strong irritant"),
    "sensitiser": ("致敏性", "sensitiser"),
    "notified_hazard": ("通報危害分類", "notified hazard"),
    "identity_unknown": ("成分身分不明", "identity unknown"),
    "sa": ("SA 依據", "SA basis"),
    # alert severities (SPEC §11)
    "blocking": ("阻擋簽署", "blocking"),
    "error": ("錯誤", "error"),
    "warning": ("警告", "warning"),
    # expiring documents (SPEC §12.5)
    "gmp_certificate": ("GMP 證明", "GMP certificate"),
    "test_report": ("試驗報告", "test report"),
    "serious_adverse_event": ("嚴重不良反應通報", "serious adverse event report"),
    "expired": ("已過期", "expired"),
    "expiring": ("即將到期", "expiring"),
    # item schemas
    "iso_22716": ("ISO 22716", "ISO 22716"),
    "tw_cosmetic_gmp": ("臺灣化粧品 GMP", "Taiwan cosmetic GMP"),
    "tfda_platform_record": ("TFDA 登錄平台紀錄", "TFDA platform record"),
    "platform_screenshot": ("登錄平台截圖", "platform screenshot"),
    "label": ("標籤", "label"),
    "insert": ("仿單", "insert"),
    "outer_packaging": ("外包裝", "outer packaging"),
    "container": ("容器", "container"),
    "non_serious": ("非嚴重", "non-serious"),
    "serious": ("嚴重", "serious"),
    "unassessed": ("未評估", "unassessed"),
    "pass": ("合格", "pass"),
    "fail": ("不合格", "fail"),
    "accelerated": ("加速", "accelerated"),
    "long_term": ("長期", "long-term"),
    "freeze_thaw": ("凍融循環", "freeze-thaw"),
    "light": ("光照", "light"),
    "transport": ("運輸", "transport"),
    "appearance": ("外觀", "appearance"),
    "colour": ("顏色", "colour"),
    "odour": ("氣味", "odour"),
    "ph": ("pH", "pH"),
    "viscosity": ("黏度", "viscosity"),
    "separation": ("分離", "separation"),
    "weight_loss": ("重量損失", "weight loss"),
    "microbial": ("微生物", "microbial"),
    "packaging_compatibility": ("包材相容性", "packaging compatibility"),
    "total_aerobic_count": ("總生菌數", "total aerobic count"),
    "yeast_and_mould": ("酵母菌及黴菌", "yeast and mould"),
    "escherichia_coli": ("大腸桿菌", "E. coli"),
    "staphylococcus_aureus": ("金黃色葡萄球菌", "S. aureus"),
    "pseudomonas_aeruginosa": ("綠膿桿菌", "P. aeruginosa"),
    "candida_albicans": ("白色念珠菌", "C. albicans"),
    "iso_11930": ("ISO 11930", "ISO 11930"),
    "not_met": ("未達標準", "not met"),
    "clinical_study": ("人體試驗", "clinical study"),
    "consumer_test": ("消費者測試", "consumer test"),
    "in_vitro": ("體外試驗", "in vitro"),
    "instrumental": ("儀器量測", "instrumental"),
    "literature": ("文獻", "literature"),
    "supplier_data": ("供應商資料", "supplier data"),
    "heavy_metal": ("重金屬", "heavy metal"),
    "plasticiser": ("塑化劑", "plasticiser"),
    "overall_migration": ("總溶出量", "overall migration"),
    "safe": ("安全", "safe"),
    "safe_with_conditions": ("附條件安全", "safe with conditions"),
    "not_safe": ("不安全", "not safe"),
    "glass": ("玻璃", "glass"),
    "aluminium": ("鋁", "aluminium"),
    "tinplate": ("馬口鐵", "tinplate"),
    "stainless_steel": ("不鏽鋼", "stainless steel"),
    "silicone": ("矽膠", "silicone"),
    "rubber": ("橡膠", "rubber"),
    "paper": ("紙", "paper"),
    "ceramic": ("陶瓷", "ceramic"),
    "other": ("其他", "other"),
    "true": ("是", "yes"),
    "false": ("否", "no"),
}

# Product types by key (the taxonomy's own names) and the SCCS exposure classes of the
# basis register (SCCS/1647/22 Table 3A rows): most share a product type's key and name;
# these are the ones that do not.
PRODUCT_TYPE_NAMES: dict[str, tuple[str, str]] = {
    t.key: (t.name_zh, t.name_en) for t in PRODUCT_TYPES
}
_OTHER_EXPOSURE_CLASSES: dict[str, tuple[str, str]] = {
    "deodorant_non_spray": ("體香劑（非噴霧）", "Deodorant (non-spray)"),
    "eye_make_up": ("眼部彩妝", "Eye make-up"),
    "hand_wash_soap": ("洗手皂", "Hand wash soap"),
    "make_up_remover": ("卸妝產品", "Make-up remover"),
}
VOCABULARY.update({**PRODUCT_TYPE_NAMES, **_OTHER_EXPOSURE_CLASSES})


def product_type_label(key: object, lang: str) -> str | None:
    """A product type's name in ``lang`` ("zh-Hant"/"en") from its key or alias; an unknown
    one is printed as stored."""
    if not key:
        return None
    try:
        found = find_product_type(str(key))
    except UnknownProductType:
        return str(key)
    return found.name_en if lang == "en" else found.name_zh


# Field names of the item schemas (pifai.pif.item_data) and the engines' item data.
FIELDS: dict[str, tuple[str, str]] = {
    "name_zh": ("中文品名", "Chinese name"),
    "name_en": ("英文品名", "English name"),
    "category": ("產品類別", "Category"),
    "product_type": ("產品類型", "Product type"),
    "dosage_form": ("劑型", "Dosage form"),
    "intended_use": ("用途", "Intended use"),
    "manufacturer_name": ("製造業者名稱", "Manufacturer"),
    "manufacturer_address": ("製造業者地址", "Manufacturer address"),
    "registration_id": ("登錄編號", "Registration number"),
    "specific_purpose_category": ("特定用途類別", "Specific-purpose category"),
    "specific_purpose_permit_number": ("特定用途許可證字號", "Specific-purpose permit"),
    "launch_date": ("上市日期", "Launch date"),
    "registered_on": ("登錄日期", "Registered on"),
    "last_updated_on": ("最近更新日期", "Last updated on"),
    "source": ("來源", "Source"),
    "note": ("備註", "Note"),
    "parts": ("包裝組成", "Parts"),
    "label_text": ("標籤文字", "Label text"),
    "claims": ("宣稱", "Claims"),
    "warnings": ("警語", "Warnings"),
    "certificate_type": ("證明類別", "Certificate type"),
    "certificate_number": ("證書編號", "Certificate number"),
    "issuer": ("發證單位", "Issuer"),
    "site_name": ("製造場所", "Site"),
    "site_address": ("製造場所地址", "Site address"),
    "issue_date": ("發證日期", "Issued"),
    "expiry_date": ("有效期限", "Expires"),
    "steps": ("製程步驟", "Process steps"),
    "description": ("說明", "Description"),
    "temperature_c": ("溫度 (°C)", "Temperature (°C)"),
    "duration_min": ("時間 (分鐘)", "Duration (min)"),
    "equipment": ("設備", "Equipment"),
    "qc_points": ("品管點", "QC points"),
    "batch_size": ("批量", "Batch size"),
    "method": ("方法", "Method"),
    "body_area": ("使用部位", "Body area"),
    "amount": ("用量", "Amount"),
    "frequency": ("頻率", "Frequency"),
    "target_population": ("使用族群", "Target population"),
    "events": ("不良反應事件", "Adverse events"),
    "seriousness": ("嚴重程度", "Seriousness"),
    "event_date": ("發生日期", "Event date"),
    "aware_date": ("獲知日期", "Aware on"),
    "report_date": ("報告日期", "Report date"),
    "statement_of_none": ("無不良反應聲明", "Statement of none"),
    "statement_date": ("聲明日期", "Statement date"),
    "laboratory": ("實驗室", "Laboratory"),
    "report_number": ("報告編號", "Report number"),
    "result": ("結果", "Result"),
    "conditions": ("試驗條件", "Conditions"),
    "study": ("試驗類型", "Study"),
    "relative_humidity_pct": ("相對濕度 (%)", "RH (%)"),
    "duration_days": ("天數", "Days"),
    "container_material": ("容器材質", "Container material"),
    "parameters": ("檢測項目", "Parameters"),
    "patch_test": ("貼膚試驗", "Patch test"),
    "test_date": ("試驗日期", "Test date"),
    "subjects": ("受試人數", "Subjects"),
    "shelf_life_months": ("保存期限 (月)", "Shelf life (months)"),
    "period_after_opening_months": ("開封後使用期限 (月)", "Period after opening (months)"),
    "results": ("檢驗結果", "Results"),
    "organism": ("菌種", "Organism"),
    "count": ("菌數", "Count"),
    "unit": ("單位", "Unit"),
    "detected": ("檢出", "Detected"),
    "limit": ("限量（出處）", "Limit (cited)"),
    "outcome": ("判定", "Outcome"),
    "method_detail": ("方法說明", "Method detail"),
    "organisms": ("試驗菌種", "Organisms"),
    "criteria": ("判定標準", "Criteria"),
    "text": ("內容", "Text"),
    "evidence": ("佐證", "Evidence"),
    "kind": ("類別", "Kind"),
    "title": ("標題", "Title"),
    "reference": ("出處", "Reference"),
    "date": ("日期", "Date"),
    "components": ("包材組件", "Components"),
    "name": ("名稱", "Name"),
    "material": ("材質", "Material"),
    "material_detail": ("材質說明", "Material detail"),
    "direct_contact": ("直接接觸", "Direct contact"),
    "supplier": ("供應商", "Supplier"),
    "analyte": ("分析項目", "Analyte"),
    "value": ("數值", "Value"),
    "citation": ("出處", "Citation"),
    "assessment_text": ("安全評估內容", "Assessment text"),
    "conclusion": ("結論", "Conclusion"),
    "assessor_name": ("安全資料簽署人員", "Safety Assessor"),
    "sa_certificate_expires": ("SA 資格證書有效期限", "SA certificate expires"),
    "appearance": ("外觀", "Appearance"),
    "ph": ("pH", "pH"),
    "viscosity": ("黏度", "Viscosity"),
    "signed_at": ("簽署時間", "Signed at"),
    "signer_email": ("簽署人", "Signed by"),
    "signed_by": ("簽署人代碼", "Signer id"),
    "certificate_ref": ("資格證書", "Certificate"),
    "qualified_until": ("資格有效至", "Qualified until"),
    "signature_hash": ("簽章雜湊值 (SHA-256)", "Signature hash (SHA-256)"),
}

# Fields whose values are codes to look up in VOCABULARY (free text never is).
CODED_FIELDS = frozenset(
    {
        "product_type",
        "exposure_class",
        "certificate_type",
        "source",
        "parts",
        "seriousness",
        "result",
        "study",
        "container_material",
        "parameters",
        "organism",
        "outcome",
        "criteria",
        "kind",
        "material",
        "conclusion",
        "method",
    }
)
