"""Regulatory scopes: the vocabulary limits and conditions are written in.

TFDA and EU lists restrict an ingredient by where and how the product is used
("rinse-off products", "oral hygiene products", "not for children under 3", "eye area").
Every product type maps to a set of these, and every parsed list entry speaks them.
"""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    LEAVE_ON = "leave_on"  # 非立即沖洗 / leave-on
    RINSE_OFF = "rinse_off"  # 立即沖洗 / rinse-off
    ORAL = "oral"  # 口腔製劑 / oral hygiene (toothpaste, mouthwash)
    HAIR = "hair"  # hair products
    HAIR_DYE = "hair_dye"  # 染髮 / (oxidative) hair dye
    NAIL = "nail"  # 指甲
    EYE_AREA = "eye_area"  # 眼部
    LIPS = "lips"  # 唇部
    MUCOUS_MEMBRANES = "mucous_membranes"  # 黏膜
    CHILDREN_UNDER_3 = "children_under_3"  # 三歲以下兒童
    FACE = "face"
    BODY = "body"
    SPRAY = "spray"  # sprayable / aerosol (inhalation exposure)
    SUNSCREEN = "sunscreen"  # 防曬 (specific-purpose category in Taiwan)
    DEODORANT = "deodorant"


ALL_SCOPES = frozenset(Scope)
