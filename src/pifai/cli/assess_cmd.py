"""``pifai assess``: the safety assessment of one formula (SPEC §10), offline by default.

Exit codes: 0 nothing blocks · 3 a blocking finding stands (prohibited, over a limit,
insufficient margin, or a blocking compliance finding) · 1 unusable input · 2 usage error.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pifai.cli.check_cmd import EXIT_BLOCKING, _fail, load_check
from pifai.core.config import get_settings
from pifai.formulas.check import FormulaCheck
from pifai.formulas.check_report import report_dict
from pifai.toxicology.assessment_report import assessment_dict
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.margin import OralMethod
from pifai.toxicology.overrides import ProductOverrides

if TYPE_CHECKING:
    from pifai.toxicology.assessment_model import ProductAssessment
    from pifai.toxicology.external_facts import ExternalFacts

_STYLE = {
    "acceptable": "green",
    "review": "yellow",
    "data_gap": "magenta",
    "insufficient_margin": "red",
    "over_limit": "red",
    "prohibited": "bold red",
}


def run_assessment(
    check: FormulaCheck,
    *,
    overrides: ProductOverrides | None = None,
    ingredient_overrides: dict[str, ProductOverrides] | None = None,
    oral_method: OralMethod = OralMethod.SCCS_DEFAULT,
    external: bool = False,
) -> ProductAssessment:
    # The engine loads RDKit and the curated data: imported here so `pifai --help` stays fast.
    from pifai.toxicology.assess import assess_product
    from pifai.toxicology.formula_inputs import (
        formula_problems,
        formula_warnings,
        inputs_from_check,
    )

    inputs = inputs_from_check(check)
    facts: dict[str, ExternalFacts] | None = None
    if external:
        from pifai.toxicology.external_lookup import facts_for_inputs

        facts = asyncio.run(facts_for_inputs(inputs, get_settings(), session_factory=None))
    return assess_product(
        inputs,
        check.product,
        overrides=overrides,
        ingredient_overrides=ingredient_overrides,
        oral_method=oral_method,
        facts=facts,
        formula_problems=formula_problems(check),
        formula_warnings=formula_warnings(check),
    )


def _read_overrides(
    path: Path | None, *, as_json: bool
) -> tuple[ProductOverrides | None, dict[str, ProductOverrides]]:
    if path is None:
        return None, {}
    from pifai.toxicology.formula_inputs import parse_overrides

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return parse_overrides(raw)
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}", as_json=as_json)
    except ValueError as exc:  # json.JSONDecodeError and ToxicologyError
        prefix = "" if isinstance(exc, ToxicologyError) else "not valid JSON: "
        _fail(f"{path}: {prefix}{exc}", as_json=as_json)


def assess(
    file: Annotated[
        str, typer.Argument(help="Formula file (CSV, XLSX, PDF) or - for a pasted INCI list")
    ],
    product_type: Annotated[
        str, typer.Option("--product-type", "-t", help="e.g. face_cream, 面霜")
    ],
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    as_of: Annotated[str | None, typer.Option(help="Judge as of this date (YYYY-MM-DD)")] = None,
    raw_materials: Annotated[
        Path | None, typer.Option(help="Raw-material breakdown sheet (CSV/XLSX)")
    ] = None,
    overrides: Annotated[
        Path | None,
        typer.Option(help="SA overrides as JSON (exposure, oral_absorption, ingredients)"),
    ] = None,
    oral_method: Annotated[
        OralMethod, typer.Option(help="PoD method: SCCS 50 % oral absorption or plain NOAEL")
    ] = OralMethod.SCCS_DEFAULT,
    external: Annotated[
        bool,
        typer.Option(help="Query the configured external sources (PubChem, ECHA, EPA)"),
    ] = False,
) -> None:
    """Assess a formula's safety: every ingredient's basis, SED, MoS and the product verdict."""
    if output not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    as_json = output == "json"
    product_ov, ingredient_ov = _read_overrides(overrides, as_json=as_json)
    check = load_check(file, product_type, as_of, raw_materials, as_json=as_json)
    try:
        assessment = run_assessment(
            check,
            overrides=product_ov,
            ingredient_overrides=ingredient_ov,
            oral_method=oral_method,
            external=external,
        )
    except ToxicologyError as exc:  # e.g. overrides that make the MoS infinite
        _fail(f"the assessment cannot be made: {exc}", as_json=as_json)
    report = assessment_dict(assessment)
    compliance = report_dict(check)
    report["source"] = compliance["source"]
    report["problems"] = compliance["problems"]
    blocking = bool(assessment.blocking) or bool(compliance["blocking"])
    report["blocking"] = blocking
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_assessment(report)
    raise typer.Exit(EXIT_BLOCKING if blocking else 0)


def _number(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:.4g}{unit}"


def print_assessment(report: dict[str, Any]) -> None:
    console = Console()
    exposure = report["exposure"]
    where = exposure["exposure_class"] or "fallback"
    if exposure["override"]:
        where = f"SA override: {exposure['override']['reason']}"
    table = Table(
        title=f"Safety assessment — {report['product_type']}: E_product "
        f"{exposure['e_product_mg_kg_bw_d']:g} mg/kg bw/day ({where}); {report['oral_method']}"
    )
    for column in ("Ingredient", "%", "Tier", "Basis", "DAp", "SED", "MoS", "Verdict"):
        table.add_column(column, overflow="fold")
    for item in report["ingredients"]:
        style = _STYLE.get(item["verdict"], "")
        dap = item["dap"]["pct"] if item["dap"] else None
        mos = item["mos"]
        table.add_row(
            item["name"],
            _number(item["concentration_pct"]),
            item["tier"],
            item["method"],
            _number(dap, " %"),
            _number(item["sed_mg_kg_bw_d"]),
            _number(mos),
            f"[{style}]{item['verdict']}[/{style}]",
        )
    console.print(table)
    if exposure["fallback"]:
        console.print(f"[yellow]exposure[/yellow]: {exposure['reason']}")
    shown = set()
    for problem in report.get("problems", []):
        colour = "red" if problem["severity"] == "error" else "yellow"
        line = f"{problem['where']}: {problem['message']}"
        shown.add(line)
        console.print(f"[{colour}]{problem['severity']}[/{colour}] {line}")
    for problem in report["formula_problems"]:
        if problem not in shown:
            console.print(f"[red]formula[/red]: {problem}")
    for key in report["unused_overrides"]:
        console.print(
            f"[yellow]override not applied[/yellow]: no ingredient {key!r} in the formula"
        )
    for missing in report["sources_missing"]:
        console.print(f"[yellow]source unavailable[/yellow]: {missing}")
    if report["review_list"]:
        console.print("[bold]For the safety assessor:[/bold]")
        for entry in report["review_list"]:
            style = _STYLE.get(entry["verdict"], "")
            console.print(
                f"  [{style}]{entry['verdict']}[/{style}] {entry['ingredient']}: {entry['reason']}"
            )
    status = (
        "[bold red]BLOCKING[/bold red]"
        if report["blocking"]
        else "[green]no blocking finding[/green]"
    )
    console.print(f"product verdict: {report['verdict']} — {status}")
