"""The 16 items of a Product Information File, in the official order.

Titles follow the PIF regulations (化粧品產品資訊檔案管理辦法) item list as restated in
SPEC §2; stages are SPEC §2.2, the way people actually work through the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    PRE_LAUNCH = "pre_launch"
    DEVELOPMENT = "development"
    MANUFACTURING = "manufacturing"
    POST_LAUNCH = "post_launch"
    SIGNING = "signing"


@dataclass(frozen=True)
class PifItem:
    number: int
    title_zh: str
    title_en: str
    stage: Stage


# Items a product can lack for a stated reason (SPEC §2.1), e.g. no adverse-reaction
# records before launch (8), a preservative efficacy test for a hostile matrix such as
# high alcohol or extreme pH (13), no claims needing substantiation (14). The identity,
# formula, label, use, toxicology and the signed assessment exist for every cosmetic and
# can never be declared not applicable; the Safety Assessor reviews every justification.
MAY_BE_NOT_APPLICABLE: frozenset[int] = frozenset({8, 11, 12, 13, 14, 15})


ITEMS: tuple[PifItem, ...] = (
    PifItem(1, "產品基本資料", "Product basic data", Stage.PRE_LAUNCH),
    PifItem(2, "產品登錄證明文件", "Product registration evidence", Stage.PRE_LAUNCH),
    PifItem(3, "全成分名稱及其含量", "Full ingredient names and amounts", Stage.DEVELOPMENT),
    PifItem(
        4,
        "產品標籤、仿單、外包裝或容器",
        "Label, insert, outer packaging or container",
        Stage.DEVELOPMENT,
    ),
    PifItem(
        5,
        "製造場所符合化粧品優良製造準則之證明文件",
        "GMP certificate of the manufacturing site",
        Stage.MANUFACTURING,
    ),
    PifItem(6, "製造方法、流程", "Manufacturing method and process", Stage.MANUFACTURING),
    PifItem(
        7,
        "使用方法、部位、用量、頻率及族群",
        "Use: method, area, amount, frequency, population",
        Stage.DEVELOPMENT,
    ),
    PifItem(8, "產品使用不良反應資料", "Adverse reactions", Stage.POST_LAUNCH),
    PifItem(
        9, "產品及各別成分之物理及化學特性", "Physical and chemical properties", Stage.DEVELOPMENT
    ),
    PifItem(10, "成分之毒理資料", "Toxicological data of the ingredients", Stage.SIGNING),
    PifItem(11, "產品安定性試驗報告", "Stability test report", Stage.DEVELOPMENT),
    PifItem(12, "微生物檢測報告", "Microbiological test report", Stage.DEVELOPMENT),
    PifItem(13, "防腐效能試驗報告", "Preservative efficacy test report", Stage.SIGNING),
    PifItem(14, "功能評估佐證資料", "Efficacy substantiation of claims", Stage.SIGNING),
    PifItem(
        15,
        "與產品接觸之包裝材質資料",
        "Packaging material in contact with the product",
        Stage.DEVELOPMENT,
    ),
    PifItem(
        16,
        "產品安全資料(安全評估報告)",
        "Product safety assessment, signed by the SA",
        Stage.SIGNING,
    ),
)

ITEM_NUMBERS: tuple[int, ...] = tuple(item.number for item in ITEMS)
_BY_NUMBER = {item.number: item for item in ITEMS}


def item(number: int) -> PifItem:
    return _BY_NUMBER[number]


def is_item_number(number: int) -> bool:
    return number in _BY_NUMBER
