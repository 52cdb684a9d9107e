"""The tools the model may call instead of answering from memory (SPEC §14), as JSON
schemas for the API and Pydantic models that check the arguments before our code runs.

The tools run in our process through a :class:`ToolRunner`; the model never reaches a
database or the network itself. ``submit_result`` is not a lookup: it carries the final
answer, whose schema is the task's output model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

JsonObject = dict[str, Any]
SUBMIT = "submit_result"


class ToolFailed(Exception):
    """A tool ran but cannot answer these arguments; the model is told why (is_error)."""


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PubchemQuery(ToolArgs):
    query: str = Field(min_length=2, max_length=200, description="A CAS number or a name.")


class TfdaCheck(ToolArgs):
    name: str | None = Field(default=None, max_length=300, description="INCI or other name.")
    cas: str | None = Field(default=None, max_length=100, description="CAS number(s).")
    product_type: str | None = Field(
        default=None, max_length=100, description="Product type key, for a verdict."
    )
    amount_pct: float | None = Field(
        default=None, ge=0, le=100, description="Concentration % w/w, for a verdict."
    )

    @model_validator(mode="after")
    def _something_to_look_up(self) -> TfdaCheck:
        if not (self.name or self.cas):
            raise ValueError("give a name or a CAS number")
        return self


class InciNormalize(ToolArgs):
    name: str = Field(min_length=1, max_length=300, description="The name as written.")
    cas: str | None = Field(default=None, max_length=100, description="CAS cell, if any.")


class IngredientLookup(ToolArgs):
    inci: str | None = Field(default=None, max_length=300)
    cas: str | None = Field(default=None, max_length=100)
    ingredient_id: str | None = Field(default=None, max_length=50, description="cosing:<ref>")

    @model_validator(mode="after")
    def _something_to_look_up(self) -> IngredientLookup:
        if not (self.inci or self.cas or self.ingredient_id):
            raise ValueError("give an INCI name, a CAS number or an ingredient id")
        return self


class ToolRunner(Protocol):
    """Executes the tools; each returns a JSON object (``status`` first)."""

    async def pubchem_query(self, args: PubchemQuery) -> JsonObject: ...

    async def tfda_check_restricted(self, args: TfdaCheck) -> JsonObject: ...

    async def inci_normalize(self, args: InciNormalize) -> JsonObject: ...

    async def db_lookup_ingredient(self, args: IngredientLookup) -> JsonObject: ...


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    args: type[ToolArgs]

    def definition(self) -> JsonObject:
        schema = inline_refs(self.args.model_json_schema())
        return {"name": self.name, "description": self.description, "input_schema": schema}


TOOLS: Mapping[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        ToolSpec(
            "inci_normalize",
            "Identify a raw ingredient name (trade, Chinese, misspelt) as an INCI name with "
            "its CAS numbers, from the EU CosIng inventory. Returns the method and a "
            "confidence; method 'none' means not identified.",
            InciNormalize,
        ),
        ToolSpec(
            "tfda_check_restricted",
            "Look one substance up in the TFDA lists (prohibited, restricted, preservatives, "
            "colorants, UV filters) and the EU Annexes II-VI: entries with limits, "
            "conditions, warnings and citations. With product_type and amount_pct, also the "
            "compliance verdict for that use.",
            TfdaCheck,
        ),
        ToolSpec(
            "pubchem_query",
            "PubChem identity and properties for a CAS number or name: CID, molecular "
            "weight, SMILES, computed XLogP, notified GHS hazard codes. May be disabled.",
            PubchemQuery,
        ),
        ToolSpec(
            "db_lookup_ingredient",
            "Our ingredient database: the dictionary entry (INCI, CAS, EC, functions) and "
            "the curated toxicology record with its cited NOAEL, absorption and "
            "conclusions, and harmonised CLP classifications.",
            IngredientLookup,
        ),
    )
}


def inline_refs(schema: JsonObject) -> JsonObject:
    """The schema with every ``$ref`` to ``$defs`` replaced by its definition (our answer
    models are not recursive), so the tool's input schema stands on its own."""
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, list):
            return [resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return resolve(defs[ref.removeprefix("#/$defs/")])
        out = {k: resolve(v) for k, v in node.items() if k not in ("$defs", "title", "properties")}
        if isinstance(node.get("properties"), dict):  # field names, not keywords: keep all
            out["properties"] = {k: resolve(v) for k, v in node["properties"].items()}
        return out

    resolved: JsonObject = resolve(schema)
    return resolved


def submit_definition(output: type[BaseModel]) -> JsonObject:
    schema = inline_refs(output.model_json_schema())
    return {
        "name": SUBMIT,
        "description": "Submit the final answer. Call it once, when every field is filled "
        "from the input or a tool result; its input must match this schema exactly.",
        "input_schema": schema,
    }


async def run_tool(runner: ToolRunner, spec: ToolSpec, args: ToolArgs) -> JsonObject:
    method = getattr(runner, spec.name)
    result: JsonObject = await method(args)
    return result
