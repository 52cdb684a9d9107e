"""The ``tfda`` MCP server (SPEC §16): Taiwan's cosmetic ingredient lists through our
regulatory engine, over stdio. Start it with ``pifai mcp tfda``.

Tools: ``tfda_regulatory_status`` (one substance against the TFDA lists, with the EU
Annexes that bind where TFDA is silent, and a verdict for a product type and
concentration), ``substance_lookup`` (name, Chinese name or CAS → INCI, CAS, functions,
confidence) and ``check_formula`` (a whole formula, the same report as ``pifai check``).
Every answer carries its citations and list versions; nothing is guessed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from pifai import __version__
from pifai.formulas.check import check_parsed_formula
from pifai.formulas.check_report import finding_dict, label_dict, report_dict
from pifai.formulas.json_rows import formula_from_rows
from pifai.formulas.model import FormulaInputError
from pifai.ingredients.schemas import FormulaRowIn
from pifai.mcp_servers.substances import (
    Identity,
    entry_dict,
    identify,
    list_matches,
    sources_of,
)
from pifai.product_types.taxonomy import (
    ProductType,
    UnknownProductType,
    find_product_type,
    product_type_keys,
)
from pifai.regulatory.engine import CheckIngredient
from pifai.regulatory.engine import check_formula as judge
from pifai.regulatory.model import Authority
from pifai.regulatory.reference import shipped_index

NAME = "pifai-tfda"
INSTRUCTIONS = (
    "Taiwan TFDA cosmetic ingredient lists (prohibited, restricted, preservatives, "
    "colorants) and the EU Annexes II-VI that our engine applies where TFDA is silent. "
    "Answers come from the data shipped with PIF AI, each with its citation and list "
    "version; a substance that cannot be identified is reported as not found."
)

Query = Annotated[str, Field(description="INCI, chemical, trade or Chinese name, or CAS number")]
ProductTypeArg = Annotated[
    str | None, Field(description="e.g. face_cream, shampoo or 面霜; needed for a verdict")
]
Concentration = Annotated[
    float | None, Field(ge=0, le=100, description="% w/w in the finished product")
]
Function = Annotated[
    str | None, Field(description="declared function, e.g. preservative, colorant, UV filter")
]


def _product(product_type: str) -> ProductType:
    try:
        return find_product_type(product_type)
    except UnknownProductType as exc:
        raise ToolError(f"{exc}; known types: {', '.join(product_type_keys())}") from exc


def tfda_regulatory_status(
    name_or_cas: Query,
    product_type: ProductTypeArg = None,
    concentration_pct: Concentration = None,
    function: Function = None,
) -> dict[str, Any]:
    """Where a substance stands on Taiwan's cosmetic lists: prohibited, restricted,
    preservative or colorant entries with limits, conditions, label warnings and citation.
    With a product type (and a concentration) our engine gives the verdict, applying an EU
    limit where TFDA has none; prohibitions always bind."""
    identity = identify(name_or_cas)
    tfda = list_matches(identity, Authority.TFDA)
    eu = list_matches(identity, Authority.EU)
    answer: dict[str, Any] = {"query": identity.query, "substance": identity.as_dict()}
    sources = {"sources": sources_of([Authority.TFDA, Authority.EU])}
    if not identity.identified and not tfda and not eu:
        return (
            answer
            | {
                "found": False,
                "message": (
                    f"'{identity.query}' was not identified ({identity.explanation}) and matches "
                    "no TFDA or EU list entry by name or CAS. Nothing is guessed: give the INCI "
                    "name or the CAS number."
                ),
            }
            | sources
        )
    answer |= {
        "found": True,
        "tfda_status": sorted({m.entry.list_type.value for m in tfda}) or ["not_listed"],
        "tfda_entries": [entry_dict(m) for m in tfda],
        "eu_entries": [entry_dict(m) for m in eu],
    }
    if not tfda:
        answer["note"] = (
            "On no TFDA list shipped with this version; where TFDA is silent the engine "
            "applies the EU Annexes (eu_entries)."
        )
    if product_type:
        answer["assessment"] = _assess(identity, product_type, concentration_pct, function)
    return answer | sources


def _assess(
    identity: Identity, product_type: str, concentration_pct: float | None, function: str | None
) -> dict[str, Any]:
    product = _product(product_type)
    ingredient = CheckIngredient(
        name=identity.query,
        amount_pct=concentration_pct,
        inci=identity.inci if identity.identified else None,
        cas_numbers=identity.lookup_cas,
        function=function,
        identified=identity.identified,
    )
    today = date.today()
    verdict = judge([ingredient], product, shipped_index(), as_of=today).ingredients[0]
    return {
        "product_type": product.key,
        "concentration_pct": concentration_pct,
        "as_of": today.isoformat(),
        "verdict": verdict.verdict.value,
        "blocking": verdict.blocking,
        "findings": [finding_dict(f) for f in verdict.findings],
        "label_requirements": [label_dict(r) for r in verdict.label_requirements],
        "review_notes": list(verdict.review_notes),
    }


def substance_lookup(query: Query) -> dict[str, Any]:
    """Identify a substance with the CosIng dictionary: INCI name, CAS numbers, functions,
    Chinese names, and how sure the match is (confidence >= 0.8 is trusted)."""
    identity = identify(query)
    answer = {"found": identity.identified, "substance": identity.as_dict()}
    if not identity.identified:
        answer["message"] = f"'{identity.query}' was not identified: {identity.explanation}"
    return answer


def check_formula(
    rows: Annotated[list[FormulaRowIn], Field(min_length=1, max_length=2000)],
    product_type: Annotated[str, Field(description="e.g. face_cream or 面霜")],
) -> dict[str, Any]:
    """Check a whole formula (rows of name, amount in % w/w, optional CAS and function)
    against the lists for a product type: per ingredient its identity, verdict and
    citations, and whether anything blocks signing."""
    product = _product(product_type)
    try:
        formula = formula_from_rows(rows, source="mcp")
    except FormulaInputError as exc:
        raise ToolError(exc.message) from exc
    result = check_parsed_formula(formula, product, shipped_index(), as_of=date.today())
    return report_dict(result)


def build_server() -> MCPServer[Any]:
    server: MCPServer[Any] = MCPServer(
        NAME, instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )
    server.add_tool(tfda_regulatory_status)
    server.add_tool(substance_lookup)
    server.add_tool(check_formula)
    return server


if __name__ == "__main__":
    from pifai.mcp_servers.stdio import run_stdio

    run_stdio(build_server)
