"""The column-header vocabulary of formula sheets (Chinese and English) and where the
header row is.

Supplier sheets put a title, a product name or a formula code above the table and name
the same column a dozen ways ("含量 (%)", "PERCENTAGE", "%", "Conc. % w/w"…). A header
row is the first of the first 20 rows whose cells name an ingredient column and an
amount column; every other recognised cell says which field its column holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

HEADER_SEARCH_ROWS = 20  # the header row must be within the first 20 rows
_MAX_HEADER_CHARS = 40  # longer cells are titles or notes, never headers


class Field(StrEnum):
    RAW_MATERIAL = "raw_material"  # trade name of a raw material (may hold several INCI)
    INCI = "inci"
    NAME = "name"  # "Ingredient" / "成分": INCI or Chinese, decided per cell
    ZH_NAME = "zh_name"
    AMOUNT = "amount"  # % w/w in the product
    SHARE = "share"  # % of an INCI within its raw material
    CAS = "cas"
    FUNCTION = "function"
    IMPURITY = "impurity"  # breakdown sheets: "yes" marks a declared impurity / residue


NAME_FIELDS = (Field.RAW_MATERIAL, Field.INCI, Field.NAME, Field.ZH_NAME)


class Purpose(StrEnum):
    FORMULA = "formula"  # ingredient (or raw material) lines with % in the product
    BREAKDOWN = "breakdown"  # raw material | INCI | % in raw material


# Checked in order; each pattern must match the whole folded header text.
_RULES: tuple[tuple[Field, re.Pattern[str]], ...] = (
    (
        Field.SHARE,
        re.compile(
            r"%?(?:in|of)(?:the)?(?:rawmaterial|rm|material|tradename|mixture|blend)%?|"
            r"(?:原料中|於原料中?|于原料中?)的?(?:含量|比例|濃度|浓度|百分比)?%?|"
            r"(?:成分|組成|组成)(?:比例|含量|百分比)%?|組成%?|组成%?|%?share%?"
        ),
    ),
    (Field.IMPURITY, re.compile(r"(?:impurity|impurities|residue|雜質|杂质|殘留|残留)(?:y/n)?")),
    (Field.CAS, re.compile(r"cas(?:no|number|num|rn|#|號|号|編號|编号|號碼|号码)?")),
    (
        Field.FUNCTION,
        re.compile(r"functions?|purpose|role|功能|用途|作用|使用目的|配方目的|目的|功效|功能用途"),
    ),
    (
        Field.ZH_NAME,
        re.compile(r"(?:成分|原料)?中文(?:成分)?(?:名|名稱|名称)?|chinese(?:name)?"),
    ),
    (
        Field.RAW_MATERIAL,
        re.compile(
            r"(?:raw)?materials?(?:name)?|rm(?:name)?|tradenames?|commercialname|"
            r"原料|原料名|原料名稱|原料名称|商品名|商品名稱|商品名称|商標名|商标名"
        ),
    ),
    (
        Field.INCI,
        re.compile(r"inci.{0,12}|.{0,12}inci|英文(?:成分)?(?:名|名稱|名称)?|englishname"),
    ),
    (
        Field.NAME,
        re.compile(
            r"ingredients?(?:name)?|components?|name|成分|成分名|成分名稱|成分名称|"
            r"名稱|名称|品名"
        ),
    ),
    (
        Field.AMOUNT,
        re.compile(
            r"(?:含量|濃度|浓度|百分比|配比|比例|用量|添加量|配方比例|配方含量|成分含量|"
            r"percentage|percent|pct|conc|concentration|amount|quantity|qty|dosage|"
            r"weight|wt|formula|final)?%(?:w/w|ww)?|"
            r"(?:含量|濃度|浓度|百分比|配比|比例|用量|添加量|配方比例|配方含量|成分含量|"
            r"percentage|percent|conc|concentration|amount|dosage)(?:w/w)?|w/w%?"
        ),
    ),
)
_STRIP = re.compile(r"[\s.:：#*_()\[\]{}【】'\"\-]+")


def fold(text: str) -> str:
    """Header text reduced for matching: NFKC (full-width → ASCII), case-folded,
    spaces and punctuation removed ("含量 (%)" → "含量%", "CAS No." → "casno")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _STRIP.sub("", folded)


def classify(text: str) -> Field | None:
    """The field a header cell names, or None for anything else (No., EINECS, titles)."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADER_CHARS:
        return None
    key = fold(stripped)
    if not key:
        return None
    if "%" in stripped and key.replace("%", "") == "":
        return Field.AMOUNT
    for field, pattern in _RULES:
        if pattern.fullmatch(key):
            return field
    return None


@dataclass(frozen=True)
class HeaderMatch:
    index: int  # position of the header row among the rows searched
    columns: Mapping[Field, int]  # field → 0-based column (first column wins)
    labels: tuple[str, ...]  # the header row's cell texts

    def label(self, field: Field) -> str | None:
        column = self.columns.get(field)
        return None if column is None else self.labels[column]


def match_row(cells: Sequence[str], purpose: Purpose = Purpose.FORMULA) -> dict[Field, int] | None:
    """Field → column for one candidate header row, if it qualifies for the purpose."""
    columns: dict[Field, int] = {}
    for index, text in enumerate(cells):
        field = classify(text)
        if field is not None and field not in columns:
            columns[field] = index
    if purpose is Purpose.FORMULA:
        ok = Field.AMOUNT in columns and any(f in columns for f in NAME_FIELDS)
    else:
        has_inci = Field.INCI in columns or Field.NAME in columns
        has_share = Field.SHARE in columns or Field.AMOUNT in columns
        ok = Field.RAW_MATERIAL in columns and has_inci and has_share
    return columns if ok else None


def find_header(
    rows: Sequence[Sequence[str]], purpose: Purpose = Purpose.FORMULA
) -> HeaderMatch | None:
    """The first qualifying header row within the first `HEADER_SEARCH_ROWS` rows."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = match_row(cells, purpose)
        if columns is not None:
            return HeaderMatch(index, columns, tuple(cells))
    return None


def describe_expected(purpose: Purpose = Purpose.FORMULA) -> str:
    """What a header row must contain, for error messages."""
    if purpose is Purpose.FORMULA:
        return (
            "a header row (within the first 20 rows) naming an ingredient column "
            "(INCI / 成分 / 中文名稱 / Raw material / 原料) and an amount column "
            "(% / 含量 / PERCENTAGE)"
        )
    return (
        "a header row (within the first 20 rows) with columns Raw material / 原料, "
        "INCI and % in raw material"
    )
