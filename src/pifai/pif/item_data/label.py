"""Item 4: label, insert, outer packaging and container, with the Art. 7 checklist.

The checklist restates the label elements of Art. 7 as SPEC §11 lists them; each is
``true`` (present), ``false`` (missing) or absent/``null`` (not checked yet). The lint rule
on item 4 reads it; this schema only records what a person or a parser found.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import FileIds, Flag, LongText, Paragraph


class PackagingPart(StrEnum):
    LABEL = "label"
    INSERT = "insert"
    OUTER_PACKAGING = "outer_packaging"
    CONTAINER = "container"


class Art7Checklist(InputModel):
    """Art. 7 label elements (SPEC §11)."""

    product_name: Flag = None
    use: Flag = None
    directions: Flag = None
    storage: Flag = None
    net_content: Flag = None
    full_ingredient_list: Flag = None
    specific_purpose_ingredient_content: Flag = Field(
        default=None, description="null when the product has no specific-purpose ingredient"
    )
    warnings: Flag = None
    responsible_party_name: Flag = None
    responsible_party_address: Flag = None
    responsible_party_phone: Flag = None
    origin: Flag = Field(default=None, description="imports only")
    manufacture_date_and_shelf_life_or_expiry: Flag = None
    batch_number: Flag = None
    in_chinese: Flag = Field(default=None, description="ingredient names may be in English")


class LabelData(InputModel):
    """Item 4: the label text as printed, the artwork files, and what it claims and warns."""

    parts: list[PackagingPart] = Field(default_factory=list, max_length=len(PackagingPart))
    label_text: LongText | None = None
    artwork_file_ids: FileIds = Field(default_factory=list)
    claims: list[Paragraph] = Field(default_factory=list, max_length=200)
    warnings: list[Paragraph] = Field(default_factory=list, max_length=200)
    art7_checklist: Art7Checklist = Field(default_factory=Art7Checklist)
