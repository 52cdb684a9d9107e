"""The ``echa`` MCP server (SPEC §16): EU classification and cosmetic Annex look-ups over
the shipped data, over stdio. Start it with ``pifai mcp echa``.

Tools: ``clp_classification`` (the harmonised classification of CLP Regulation (EC)
1272/2008 Annex VI: hazard classes, H codes, CMR categories and the gates our safety engine
derives from them) and ``eu_annex_status`` (Regulation (EC) 1223/2009 Annexes II–VI).
Notified self-classifications are not covered: no Annex VI entry means "not harmonised",
not "not hazardous". Nothing is fetched from ECHA at run time.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from pifai import __version__
from pifai.mcp_servers.substances import Identity, entry_dict, identify, list_matches, sources_of
from pifai.regulatory.index import fold_name
from pifai.regulatory.model import Authority, ListType
from pifai.toxicology.hazards import HazardClassification, HazardFlag, HazardIndex, load_hazards

NAME = "pifai-echa"
INSTRUCTIONS = (
    "EU look-ups from the data shipped with PIF AI: CLP Annex VI harmonised classification "
    "(H codes, CMR categories) and the cosmetic Regulation's Annexes II-VI. Each answer "
    "cites its entry and data version; an unidentified substance is reported as not found."
)

Query = Annotated[str, Field(description="CAS number, INCI, chemical or Chinese name")]

# Regulation (EC) 1223/2009: Annex II prohibited, III restricted, IV colorants,
# V preservatives, VI UV filters.
ANNEX_OF = {
    ListType.PROHIBITED: "II",
    ListType.RESTRICTED: "III",
    ListType.COLORANT: "IV",
    ListType.PRESERVATIVE: "V",
    ListType.UV_FILTER: "VI",
}
# CLP Annex VI hazard class abbreviations of the CMR classes (CLP Annex VI Table 1.1).
_CMR_CLASSES = {
    "Carc.": "carcinogenicity",
    "Muta.": "mutagenicity",
    "Repr.": "reproductive_toxicity",
}
_CATEGORY = re.compile(r"^(Carc\.|Muta\.|Repr\.)\s*(1A|1B|2)\b")
_PERCENT_TAIL = re.compile(r"\s*(?:…|\.\.\.)\s*%\s*$")


def cmr_categories(classes: tuple[str, ...]) -> dict[str, str | None]:
    """The category of each CMR class in the entry ("Carc. 1B" → carcinogenicity "1B")."""
    found: dict[str, str | None] = dict.fromkeys(_CMR_CLASSES.values())
    for text in classes:
        match = _CATEGORY.match(text.strip())
        if match and found[_CMR_CLASSES[match.group(1)]] is None:
            found[_CMR_CLASSES[match.group(1)]] = match.group(2)
    return found


def classification_dict(entry: HazardClassification) -> dict[str, Any]:
    return {
        "index_no": entry.index_no,
        "name": entry.name,
        "cas_numbers": list(entry.cas),
        "classes": list(entry.classes),
        "h_codes": list(entry.h_codes),
        "h_codes_as_printed": list(entry.h_codes_as_printed),
        "cmr": cmr_categories(entry.classes),
        "cmr_1ab": HazardFlag.CMR_1AB in entry.flags,
        "flags": sorted(f.value for f in entry.flags),
        "citation": entry.citation,
    }


@cache
def _by_name() -> dict[str, tuple[HazardClassification, ...]]:
    """Annex VI entries by each of their folded names ("…; hydroquinone; quinol")."""
    table: dict[str, list[HazardClassification]] = {}
    for entry in load_hazards().entries:
        for part in entry.name.split(";"):
            key = fold_name(_PERCENT_TAIL.sub("", part))
            if key:
                table.setdefault(key, []).append(entry)
    return {k: tuple(v) for k, v in table.items()}


def _classifications(identity: Identity, hazards: HazardIndex) -> tuple[HazardClassification, ...]:
    by_cas = hazards.for_cas(list(identity.lookup_cas)) if identity.lookup_cas else ()
    if by_cas:
        return by_cas
    names = {fold_name(n) for n in identity.lookup_names}
    found = {e.index_no: e for n in names for e in _by_name().get(n, ())}
    return tuple(found.values())


def clp_classification(cas_or_name: Query) -> dict[str, Any]:
    """The harmonised CLP Annex VI classification: hazard classes and categories, H codes,
    CMR categories (1A/1B/2) and the safety gates they trip, with the Annex VI index number
    and ATP version."""
    hazards = load_hazards()
    identity = identify(cas_or_name)
    entries = _classifications(identity, hazards)
    answer: dict[str, Any] = {
        "query": identity.query,
        "substance": identity.as_dict(),
        "source": hazards.source,
        "version": hazards.version,
    }
    if not entries and not identity.identified and not identity.cas_given:
        return answer | {
            "found": False,
            "message": (
                f"'{identity.query}' was not identified ({identity.explanation}) and no CLP "
                "Annex VI entry has that name. Nothing is guessed: give the CAS number."
            ),
        }
    answer |= {
        "found": True,
        "harmonised": bool(entries),
        "classifications": [classification_dict(e) for e in entries],
    }
    if not entries:
        cas = ", ".join(identity.lookup_cas) or "its name"
        answer["message"] = (
            f"No harmonised classification in CLP Annex VI ({hazards.version}) for {cas}. "
            "That is not a statement that the substance is not hazardous: notified "
            "self-classifications are not covered."
        )
    return answer


def eu_annex_status(name_or_cas: Query) -> dict[str, Any]:
    """Regulation (EC) 1223/2009 Annexes II (prohibited), III (restricted), IV (colorants),
    V (preservatives) and VI (UV filters): the entries concerning a substance with limits,
    conditions, warnings and citation."""
    identity = identify(name_or_cas)
    matches = list_matches(identity, Authority.EU)
    answer: dict[str, Any] = {"query": identity.query, "substance": identity.as_dict()}
    sources = {"sources": sources_of([Authority.EU])}
    if not identity.identified and not matches:
        return (
            answer
            | {
                "found": False,
                "message": (
                    f"'{identity.query}' was not identified ({identity.explanation}) and matches "
                    "no entry of Annexes II-VI. Nothing is guessed: give the INCI name or CAS."
                ),
            }
            | sources
        )
    entries = [entry_dict(m) | {"annex": ANNEX_OF[m.entry.list_type]} for m in matches]
    return (
        answer
        | {
            "found": True,
            "annexes": sorted({e["annex"] for e in entries}) or ["not_listed"],
            "entries": entries,
        }
        | sources
    )


def build_server() -> MCPServer[Any]:
    server: MCPServer[Any] = MCPServer(
        NAME, instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )
    server.add_tool(clp_classification)
    server.add_tool(eu_annex_status)
    return server


if __name__ == "__main__":
    from pifai.mcp_servers.stdio import run_stdio

    run_stdio(build_server)
