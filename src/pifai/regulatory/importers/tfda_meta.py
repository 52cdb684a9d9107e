"""Where the TFDA lists come from and how they are cited (shared/data/PROVENANCE.md §3)."""

from __future__ import annotations

from pifai.regulatory.model import Authority, Citation, ListType

TFDA_VERSION = "TFDA open data (project_frotend 2026-05-13)"
SOURCE_DIR = "taiwan_tfda"
FILES: dict[ListType, str] = {
    ListType.PROHIBITED: "化粧品禁止使用成分資料集.csv",
    ListType.RESTRICTED: "化粧品成分使用限制資料集.csv",
    ListType.PRESERVATIVE: "化粧品防腐劑成分名稱及使用限制資料集.csv",
    ListType.COLORANT: "化粧品色素成分使用限制資料集.csv",
}
LIST_NAMES: dict[ListType, str] = {
    ListType.PROHIBITED: "化粧品禁止使用成分表",
    ListType.RESTRICTED: "化粧品成分使用限制表",
    ListType.PRESERVATIVE: "化粧品防腐劑成分名稱及使用限制表",
    ListType.COLORANT: "化粧品色素成分使用限制表",
    ListType.UV_FILTER: "化粧品防曬劑成分使用限制表",
}


def citation(list_type: ListType, number: str, version: str = TFDA_VERSION) -> Citation:
    return Citation(
        authority=Authority.TFDA,
        list_name=LIST_NAMES[list_type],
        entry=number,
        source=f"{SOURCE_DIR}/{FILES.get(list_type, '')}",
        version=version,
    )
