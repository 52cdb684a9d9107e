"""The responsibility matrix of SPEC §2.4: who provides each of the 16 PIF items.

Four business types (``OrgType``) × 16 items = 64 cells. Each cell says who typically
provides the item (in Traditional Chinese and English), where the data usually comes
from, and whether the item is typically *outsourced* — provided by someone outside the
organisation using the system (an OEM/ODM, a foreign principal, a testing laboratory, a
supplier, an external Safety Assessor, or, for a consultant, the client).

The cells are practice guidance written from how PIF work is usually divided in Taiwan,
not regulation: the PIF regulations (化粧品產品資訊檔案管理辦法) make the person
responsible for placing the product on the market answerable for every item whoever
supplies it. SPEC §2.4 fixes item 3 for all four types and the sanity property that
brands outsource more items than OEMs; ``tests/pif/test_responsibility.py`` checks both.
"""

from __future__ import annotations

from dataclasses import dataclass

from pifai.models.enums import OrgType
from pifai.pif.catalogue import ITEM_NUMBERS


@dataclass(frozen=True)
class Responsibility:
    """One cell of the matrix."""

    org_type: OrgType
    item_number: int
    provider_zh: str
    provider_en: str
    source_zh: str
    source_en: str
    outsourced: bool


_Cell = tuple[str, str, str, str, bool]  # provider zh/en, source zh/en, outsourced

_LAB = ("委託TAF認證檢驗實驗室", "Contracted accredited (TAF) testing laboratory")
_SA = ("具資格之安全資料簽署人員(外部委託)", "Qualified Safety Assessor (external, contracted)")

_BRAND: dict[int, _Cell] = {
    1: (
        "品牌商法規/產品部門",
        "Brand's regulatory or product team",
        "產品企劃書、代工廠名稱地址、登錄資料",
        "Product brief, OEM name and address, registration record",
        False,
    ),
    2: (
        "品牌商法規部門",
        "Brand's regulatory team",
        "TFDA化粧品產品登錄平台登錄紀錄",
        "TFDA cosmetic product registration platform record",
        False,
    ),
    3: (
        "代工廠(OEM/ODM)提供",
        "OEM/ODM manufacturer",
        "代工廠全成分配方表(INCI、CAS、含量)",
        "OEM's full formula sheet (INCI, CAS, % w/w)",
        True,
    ),
    4: (
        "品牌商設計/行銷部門",
        "Brand's design or marketing team",
        "標籤、仿單及外包裝設計稿",
        "Label, insert and outer-packaging artwork",
        False,
    ),
    5: (
        "代工廠提供",
        "OEM/ODM manufacturer",
        "代工廠化粧品GMP或ISO 22716證明文件",
        "OEM's cosmetic GMP or ISO 22716 certificate",
        True,
    ),
    6: (
        "代工廠提供",
        "OEM/ODM manufacturer",
        "代工廠製造流程/批次製造紀錄",
        "OEM's process description or batch manufacturing record",
        True,
    ),
    7: (
        "品牌商產品部門",
        "Brand's product team",
        "產品企劃書與標籤使用說明",
        "Product brief and label directions for use",
        False,
    ),
    8: (
        "品牌商客服/品保部門",
        "Brand's customer service or QA",
        "消費者客訴及不良反應紀錄",
        "Consumer complaint and adverse-reaction records",
        False,
    ),
    9: (
        "代工廠及原料供應商提供",
        "OEM/ODM and raw-material suppliers",
        "成品規格書、原料COA/TDS、PubChem",
        "Finished-product specification, raw-material COA/TDS, PubChem",
        True,
    ),
    10: (
        "安全評估顧問與原料供應商",
        "Safety consultant with raw-material suppliers",
        "原料SDS/毒理資料、SCCS意見書、CIR報告",
        "Raw-material SDS and dossiers, SCCS opinions, CIR reports",
        True,
    ),
    11: (
        "代工廠或委託實驗室",
        "OEM/ODM or contracted laboratory",
        "加速/長期安定性試驗報告",
        "Accelerated and long-term stability report",
        True,
    ),
    12: (
        _LAB[0],
        _LAB[1],
        "成品微生物檢驗報告",
        "Finished-product microbiological test report",
        True,
    ),
    13: (
        _LAB[0],
        _LAB[1],
        "防腐效能試驗報告(ISO 11930)",
        "Challenge test report (ISO 11930)",
        True,
    ),
    14: (
        "委託功效評估機構",
        "Contracted efficacy testing institute",
        "人體功效試驗報告或文獻",
        "Clinical efficacy study or published literature",
        True,
    ),
    15: (
        "包材供應商提供",
        "Packaging supplier",
        "包材材質證明及溶出/遷移試驗報告",
        "Material declaration and migration test report",
        True,
    ),
    16: (
        _SA[0],
        _SA[1],
        "完整產品資訊檔案及安全評估報告",
        "The complete PIF and the safety assessment report",
        True,
    ),
}

_OEM: dict[int, _Cell] = {
    1: (
        "自家法規部門",
        "In-house regulatory team",
        "產品規格書、工廠登記資料、登錄資料",
        "Product specification, factory registration, registration record",
        False,
    ),
    2: (
        "自家法規部門",
        "In-house regulatory team",
        "TFDA化粧品產品登錄平台登錄紀錄",
        "TFDA cosmetic product registration platform record",
        False,
    ),
    3: (
        "自家研發部門",
        "In-house R&D",
        "研發配方表(INCI、CAS、含量)",
        "R&D formula sheet (INCI, CAS, % w/w)",
        False,
    ),
    4: (
        "自家設計/包裝部門",
        "In-house design or packaging team",
        "標籤、仿單及外包裝設計稿",
        "Label, insert and outer-packaging artwork",
        False,
    ),
    5: (
        "自家品保部門",
        "In-house QA",
        "本廠化粧品GMP或ISO 22716證明文件",
        "Own site's cosmetic GMP or ISO 22716 certificate",
        False,
    ),
    6: (
        "自家生產部門",
        "In-house production",
        "標準製造程序及批次製造紀錄",
        "Master manufacturing procedure and batch records",
        False,
    ),
    7: (
        "自家研發部門",
        "In-house R&D",
        "產品設計資料與標籤使用說明",
        "Product design file and label directions for use",
        False,
    ),
    8: (
        "自家客服/品保部門",
        "In-house customer service or QA",
        "客訴及不良反應紀錄",
        "Complaint and adverse-reaction records",
        False,
    ),
    9: (
        "自家品管實驗室",
        "In-house QC laboratory",
        "成品檢驗紀錄、原料COA、PubChem",
        "QC release records, raw-material COA, PubChem",
        False,
    ),
    10: (
        "自家研發部門彙整",
        "In-house R&D compiles",
        "原料供應商SDS/毒理資料、SCCS意見書",
        "Supplier SDS and dossiers, SCCS opinions",
        False,
    ),
    11: (
        "自家研發/品管實驗室",
        "In-house R&D or QC laboratory",
        "加速/長期安定性試驗報告",
        "Accelerated and long-term stability report",
        False,
    ),
    12: (
        "自家品管實驗室",
        "In-house QC laboratory",
        "成品微生物檢驗紀錄",
        "Finished-product microbiological test records",
        False,
    ),
    13: (
        _LAB[0],
        _LAB[1],
        "防腐效能試驗報告(ISO 11930)",
        "Challenge test report (ISO 11930)",
        True,
    ),
    14: (
        "委託功效評估機構",
        "Contracted efficacy testing institute",
        "人體功效試驗報告或文獻",
        "Clinical efficacy study or published literature",
        True,
    ),
    15: (
        "包材供應商提供",
        "Packaging supplier",
        "包材材質證明及溶出/遷移試驗報告",
        "Material declaration and migration test report",
        True,
    ),
    16: (
        "自家具資格之安全資料簽署人員",
        "In-house qualified Safety Assessor",
        "完整產品資訊檔案及安全評估報告",
        "The complete PIF and the safety assessment report",
        False,
    ),
}

_PRINCIPAL = ("國外原廠提供", "Foreign principal")

_IMPORTER: dict[int, _Cell] = {
    1: (
        "輸入業者法規部門",
        "Importer's regulatory team",
        "原廠產品資料與輸入業者資料",
        "Principal's product data with the importer's details",
        False,
    ),
    2: (
        "輸入業者法規部門",
        "Importer's regulatory team",
        "TFDA化粧品產品登錄平台登錄紀錄",
        "TFDA cosmetic product registration platform record",
        False,
    ),
    3: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠成分及含量聲明書",
        "Principal's composition statement",
        True,
    ),
    4: (
        "輸入業者(中文標籤)",
        "Importer (Chinese label)",
        "原廠標籤及中文標籤/仿單",
        "Original label with the Chinese label and insert",
        False,
    ),
    5: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "國外製造廠GMP或ISO 22716證明文件",
        "Foreign site's GMP or ISO 22716 certificate",
        True,
    ),
    6: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "國外製造廠製造流程說明",
        "Foreign manufacturer's process description",
        True,
    ),
    7: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠產品說明及使用方法",
        "Principal's product information and directions",
        True,
    ),
    8: (
        "輸入業者客服部門",
        "Importer's customer service",
        "國內不良反應紀錄及原廠上市後監測資料",
        "Local adverse-reaction records and principal's post-market data",
        False,
    ),
    9: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠成品規格書及原料資料",
        "Principal's finished-product specification and raw-material data",
        True,
    ),
    10: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠安全資料(如歐盟CPSR)及原料毒理資料",
        "Principal's safety dossier (e.g. EU CPSR) and ingredient data",
        True,
    ),
    11: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠安定性試驗報告",
        "Principal's stability test report",
        True,
    ),
    12: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠微生物檢驗報告或國內送驗報告",
        "Principal's or a local lab's microbiological report",
        True,
    ),
    13: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠防腐效能試驗報告(ISO 11930)",
        "Principal's challenge test report (ISO 11930)",
        True,
    ),
    14: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠功效佐證資料",
        "Principal's claim substantiation",
        True,
    ),
    15: (
        _PRINCIPAL[0],
        _PRINCIPAL[1],
        "原廠包材材質及遷移試驗資料",
        "Principal's packaging material and migration data",
        True,
    ),
    16: (
        _SA[0],
        _SA[1],
        "原廠安全資料及國內產品資訊檔案",
        "Principal's safety dossier and the local PIF",
        True,
    ),
}

_CLIENT = ("委託客戶提供", "Client provides")

_CONSULTANT: dict[int, _Cell] = {
    1: (
        "顧問與委託客戶共同整理",
        "Joint with the client",
        "客戶產品資料與登錄資料",
        "Client's product data and registration record",
        True,
    ),
    2: (
        _CLIENT[0],
        _CLIENT[1],
        "客戶TFDA登錄平台紀錄",
        "Client's TFDA registration platform record",
        True,
    ),
    3: (
        "顧問與委託客戶共同確認",
        "Joint with the client",
        "客戶或其代工廠之配方表",
        "Formula sheet from the client or its manufacturer",
        True,
    ),
    4: (
        "顧問審閱委託客戶標籤",
        "Client's label, reviewed by the consultant",
        "客戶標籤、仿單及外包裝設計稿",
        "Client's label, insert and packaging artwork",
        True,
    ),
    5: (
        _CLIENT[0],
        _CLIENT[1],
        "製造廠GMP或ISO 22716證明文件",
        "Manufacturing site's GMP or ISO 22716 certificate",
        True,
    ),
    6: (_CLIENT[0], _CLIENT[1], "製造廠製造流程說明", "Manufacturer's process description", True),
    7: (
        "顧問與委託客戶共同整理",
        "Joint with the client",
        "客戶產品說明及標籤使用方法",
        "Client's product information and label directions",
        True,
    ),
    8: (
        _CLIENT[0],
        _CLIENT[1],
        "客戶客訴及不良反應紀錄",
        "Client's complaint and adverse-reaction records",
        True,
    ),
    9: (
        "顧問彙整",
        "Consultant compiles",
        "客戶成品規格、原料COA、PubChem",
        "Client's product specification, raw-material COA, PubChem",
        False,
    ),
    10: (
        "顧問彙整",
        "Consultant compiles",
        "原料SDS/毒理資料、SCCS意見書、CIR報告",
        "Raw-material SDS and dossiers, SCCS opinions, CIR reports",
        False,
    ),
    11: (
        _CLIENT[0],
        _CLIENT[1],
        "客戶或其代工廠之安定性試驗報告",
        "Stability report from the client or its manufacturer",
        True,
    ),
    12: (
        _CLIENT[0],
        _CLIENT[1],
        "檢驗實驗室微生物檢驗報告",
        "Laboratory microbiological test report",
        True,
    ),
    13: (
        _CLIENT[0],
        _CLIENT[1],
        "檢驗實驗室防腐效能試驗報告(ISO 11930)",
        "Laboratory challenge test report (ISO 11930)",
        True,
    ),
    14: (
        "顧問與委託客戶共同整理",
        "Joint with the client",
        "客戶功效試驗報告或文獻",
        "Client's efficacy studies or literature",
        True,
    ),
    15: (
        _CLIENT[0],
        _CLIENT[1],
        "包材供應商材質及遷移試驗報告",
        "Packaging supplier's material and migration report",
        True,
    ),
    16: (
        "顧問之安全資料簽署人員",
        "Consultant's qualified Safety Assessor",
        "完整產品資訊檔案及安全評估報告",
        "The complete PIF and the safety assessment report",
        False,
    ),
}

_TABLES: dict[OrgType, dict[int, _Cell]] = {
    OrgType.BRAND: _BRAND,
    OrgType.OEM: _OEM,
    OrgType.IMPORTER: _IMPORTER,
    OrgType.CONSULTANT: _CONSULTANT,
}


def _build() -> dict[tuple[OrgType, int], Responsibility]:
    return {
        (org_type, number): Responsibility(org_type, number, *_TABLES[org_type][number])
        for org_type in OrgType
        for number in ITEM_NUMBERS
    }


MATRIX: dict[tuple[OrgType, int], Responsibility] = _build()


def cell(org_type: OrgType, item_number: int) -> Responsibility:
    return MATRIX[(org_type, item_number)]


def for_org_type(org_type: OrgType) -> tuple[Responsibility, ...]:
    """The 16 cells of one business type, in item order."""
    return tuple(MATRIX[(org_type, number)] for number in ITEM_NUMBERS)


def outsourced_items(org_type: OrgType) -> frozenset[int]:
    return frozenset(c.item_number for c in for_org_type(org_type) if c.outsourced)
