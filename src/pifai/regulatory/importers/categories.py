"""Category entries of the prohibited lists ('Mercury and its compounds', …).

A salt such as mercuric chloride is caught by the category entry, not by its own row, so
these entries carry name roots in English and Chinese (SPEC §9). The roots are spelling
knowledge, not regulatory data: which categories exist, and their exceptions, come from
the list text. Exceptions written into an entry ('化粧品防腐劑成分名稱及使用限制表中另有
規定者除外', 'except those special cases included in Annex V') are resolved to the other
list's entry ids by ``EXCEPTION_LINKS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pifai.regulatory.model import ListType, RegulatedEntry

# element → (pattern recognising the category entry's name, roots matching members)
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "mercury": (r"^mercury\b", ("mercury", "mercur", "mercuric", "mercurous", "汞", "水銀")),
    "arsenic": (r"^arsenic\b", ("arsenic", "arsen", "砷")),
    "cadmium": (r"^cadmium\b", ("cadmium", "鎘")),
    "lead": (r"^lead\b", ("lead", "plumbous", "plumbic", "鉛")),
    "antimony": (r"^antimony\b", ("antimony", "antimon", "stibium", "銻")),
    "beryllium": (r"^beryllium\b", ("beryllium", "鈹")),
    "thallium": (r"^thallium\b", ("thallium", "鉈")),
    "tellurium": (r"^tellurium\b", ("tellurium", "碲")),
    "selenium": (r"^selenium\b", ("selenium", "selen", "硒")),
    "zirconium": (r"^zirconium\b", ("zirconium", "鋯")),
    "strontium": (r"^strontium compounds", ("strontium", "鍶")),
    "barium": (r"^barium salts", ("barium", "鋇")),
    "chromium": (r"^chromium;", ("chromic acid", "chromate", "dichromate", "鉻酸")),
}
_CATEGORY_NAME = r"(?:\s+and its compounds|\s+compounds|\s+salts|;)"


def category_roots(names: Sequence[str]) -> tuple[str, ...]:
    """Name roots when the entry is an element category ('X and its compounds')."""
    first = names[0].strip().lower() if names else ""
    for pattern, roots in CATEGORIES.values():
        if re.match(pattern, first) and re.search(_CATEGORY_NAME, first):
            return roots
    return ()


# (authority prefix, name pattern of the prohibited entry, words in its note or name that
# state the exception, list it defers to, name pattern of the permitted entries there)
EXCEPTION_LINKS: tuple[tuple[str, str, str, ListType, str], ...] = (
    ("TFDA", r"^mercury", "防腐劑", ListType.PRESERVATIVE, r"mercur|thiomersal|thimerosal"),
    ("TFDA", r"^selenium", "除外", ListType.RESTRICTED, r"selenium"),
    ("TFDA", r"^strontium", "另有規定", ListType.RESTRICTED, r"strontium"),
    ("TFDA", r"^zirconium", "另有規定", ListType.RESTRICTED, r"zirconium"),
    ("TFDA", r"^chromium", "色素", ListType.COLORANT, r"chromium"),
    ("TFDA", r"^fluorine compounds", "另有規定", ListType.RESTRICTED, r"fluor"),
    ("TFDA", r"^6-methylcoumarin", "另有規定", ListType.RESTRICTED, r"6-methylcoumarin"),
    ("TFDA", r"^hydrogen peroxide", "除外", ListType.RESTRICTED, r"hydrogen peroxide"),
    ("TFDA", r"^p-phenylenediamine", "除外", ListType.RESTRICTED, r"^p-phenylenediamine"),
    ("TFDA", r"^cantharides", "限制表", ListType.RESTRICTED, r"canthari"),
    ("TFDA", r"^verbena essential", "除外", ListType.RESTRICTED, r"verbena absolute"),
    ("EU", r"^mercury", "Annex V", ListType.PRESERVATIVE, r"mercur|thiomersal"),
)
# EU Annex II names cite the permitting entry: 'reference No 49 in Annex III'.
_EU_REF = re.compile(
    r"(?:reference (?:No|number)|entry)\s*(\d+[a-z]?)\s*(?:in|of)\s*Annex\s*(III|IV|V|VI)\b",
    re.IGNORECASE,
)
_EU_ANNEX = {"III": "III", "IV": "IV", "V": "V", "VI": "VI"}


def _searchable(entry: RegulatedEntry) -> str:
    return " | ".join((*entry.names, *entry.inci_names)).lower()


def link_exceptions(entries: Iterable[RegulatedEntry]) -> list[RegulatedEntry]:
    """Fill ``exceptions`` of prohibited entries from the exception clauses in their text."""
    entries = list(entries)
    ids = {e.entry_id for e in entries}
    out: list[RegulatedEntry] = []
    for entry in entries:
        if entry.list_type is not ListType.PROHIBITED:
            out.append(entry)
            continue
        text = " ".join((*entry.names, entry.conditions))
        found: list[str] = []
        for authority, pattern, cue, target, member in EXCEPTION_LINKS:
            if entry.authority != authority or not re.search(pattern, entry.names[0], re.I):
                continue
            if cue.lower() not in text.lower():
                continue
            found.extend(
                e.entry_id
                for e in entries
                if e.authority == entry.authority
                and e.list_type is target
                and re.search(member, _searchable(e))
            )
        if entry.authority == "EU":
            for number, annex in _EU_REF.findall(text):
                ref = f"EU:{_EU_ANNEX[annex.upper()]}:{number}"
                if ref in ids:
                    found.append(ref)
        exceptions = tuple(dict.fromkeys(found))
        out.append(replace(entry, exceptions=exceptions) if exceptions else entry)
    return out
