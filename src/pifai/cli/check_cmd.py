"""``pifai check``: a formula file through intake, normalisation and the regulatory rules.

Exit codes: 0 nothing blocks · 3 something blocks · 1 unusable input · 2 usage error.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from pifai.core.config import get_settings
from pifai.formulas.check import FormulaCheck, check_parsed_formula
from pifai.formulas.check_report import report_dict
from pifai.formulas.model import FormulaInputError, ParsedFormula
from pifai.formulas.parsers import parse_file, parse_inci_list
from pifai.formulas.raw_materials import parse_breakdown
from pifai.formulas.sniff import TEXT_PROBE, decode_text, looks_binary
from pifai.product_types.taxonomy import UnknownProductType, find_product_type
from pifai.regulatory.reference import index_for_cli
from pifai.toxicology.assessment_report import assessment_dict

EXIT_BLOCKING = 3
EXIT_UNUSABLE = 1
EXIT_USAGE = 2
_VERDICT_STYLE = {
    "compliant": "green",
    "unknown": "yellow",
    "prohibited": "bold red",
    "over_limit": "red",
    "not_permitted": "red",
    "not_on_positive_list": "red",
    "incomplete": "magenta",
}


def _fail(message: str, *, as_json: bool = False) -> NoReturn:
    """Unusable input: the reason on stderr, and as JSON on stdout for --format json."""
    typer.echo(f"error: {message}", err=True)
    if as_json:
        typer.echo(json.dumps({"error": {"code": "unusable_input", "message": message}}))
    raise typer.Exit(EXIT_UNUSABLE)


def usage_error(message: str, *, as_json: bool = False) -> NoReturn:
    """A usage error (exit 2): the option and why, on stderr (and as JSON for --format json)."""
    typer.echo(f"error: {message}", err=True)
    if as_json:
        typer.echo(json.dumps({"error": {"code": "usage_error", "message": message}}))
    raise typer.Exit(EXIT_USAGE)


def parse_as_of(value: str | None, *, as_json: bool = False) -> date:
    """``--as-of YYYY-MM-DD`` (today when omitted); anything else is a usage error."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        usage_error(f"--as-of: {value!r} is not a date (use YYYY-MM-DD)", as_json=as_json)


def _read_stdin() -> ParsedFormula:
    """Standard input is a pasted INCI list, or a CSV table piped in (a header row naming
    a percentage or INCI column); binary data is refused like a binary file."""
    data = sys.stdin.buffer.read()
    if looks_binary(data[:TEXT_PROBE]):
        _fail("standard input: binary data, not a formula (send a CSV table or an INCI list)")
    text, _encoding = decode_text(data, "standard input")
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    header = first.casefold()
    if any(sep in first for sep in ",;\t") and ("%" in header or "inci" in header):
        return parse_file(data, "stdin.csv")
    return parse_inci_list(text)


def _read_bytes(path: Path, what: str) -> bytes:
    if path.is_dir():
        _fail(f"{path}: is a directory, not a {what} file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except OSError as exc:
        _fail(f"{path}: cannot be read ({exc.strerror or exc})")


def _read_formula(path: str) -> ParsedFormula:
    if path == "-":
        return _read_stdin()
    file = Path(path)
    return parse_file(_read_bytes(file, "formula"), file.name)


def load_check(
    file: str, product_type: str, as_of: str | None, raw_materials: Path | None, *, as_json: bool
) -> FormulaCheck:
    """Read, normalise and check one formula; unusable input exits 1 with the reason."""
    when = parse_as_of(as_of, as_json=as_json)
    try:
        product = find_product_type(product_type)
    except UnknownProductType as exc:
        _fail(str(exc), as_json=as_json)
    try:
        formula = _read_formula(file)
        library: dict[str, Any] = {}
        if raw_materials is not None:
            breakdown = _read_bytes(raw_materials, "raw-material breakdown")
            sheet = parse_breakdown(breakdown, raw_materials.name)
            library = dict(sheet.materials)
    except FormulaInputError as exc:
        _fail(exc.message, as_json=as_json)
    index = asyncio.run(index_for_cli(get_settings()))
    return check_parsed_formula(formula, product, index, as_of=when, library=library)


def check(
    file: Annotated[
        str, typer.Argument(help="Formula file (CSV, XLSX, PDF) or - for a pasted INCI list")
    ],
    product_type: Annotated[
        str, typer.Option("--product-type", "-t", help="e.g. face_cream, 面霜")
    ],
    as_of: Annotated[str | None, typer.Option(help="Judge as of this date (YYYY-MM-DD)")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    raw_materials: Annotated[
        Path | None, typer.Option(help="Raw-material breakdown sheet (CSV/XLSX)")
    ] = None,
    assess: Annotated[
        bool, typer.Option("--assess", help="Also run the safety assessment (as pifai assess)")
    ] = False,
) -> None:
    """Check a formula against the TFDA and EU lists; exit 3 when something blocks."""
    if output not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    result = load_check(file, product_type, as_of, raw_materials, as_json=output == "json")
    report = report_dict(result)
    blocking = bool(report["blocking"])
    if assess:
        from pifai.cli.assess_cmd import run_assessment

        assessment = run_assessment(result)
        report["assessment"] = assessment_dict(assessment)
        blocking = blocking or bool(assessment.blocking)
    if output == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_table(report)
        if assess:
            from pifai.cli.assess_cmd import print_assessment

            print_assessment(report["assessment"])
    raise typer.Exit(EXIT_BLOCKING if blocking else 0)


def _percent(item: dict[str, Any]) -> str:
    judged = item["judged_pct"]
    text = item["amount"]["text"]
    if judged is None:
        return text or "—"
    shown = f"{judged:.4g}"
    return shown if text in (shown, f"{judged:.2f}") or not text else f"{shown} ({text})"


def _print_table(report: dict[str, Any]) -> None:
    console = Console()
    product = report["product_type"]
    table = Table(
        title=f"{report['source']} — {product['name_en']} ({product['name_zh']}), "
        f"as of {report['as_of']}"
    )
    for column in ("Ingredient", "INCI", "CAS", "%", "Match", "Verdict", "Why"):
        table.add_column(column, overflow="fold")
    for item in report["ingredients"]:
        confidence = item["match"]["confidence"]
        colour = "green" if confidence >= 0.8 else "yellow" if confidence >= 0.5 else "red"
        style = _VERDICT_STYLE.get(item["verdict"], "")
        why = next((f["message"] for f in item["findings"] if f["verdict"] != "compliant"), "")
        table.add_row(
            item["name"],
            item["inci"] or "—",
            ", ".join(item["cas"][:2]),
            _percent(item),
            f"[{colour}]{item['match']['method']} {confidence:.2f}[/{colour}]",
            f"[{style}]{item['verdict']}[/{style}]",
            why,
        )
    console.print(table)
    for problem in report["problems"]:
        colour = "red" if problem["severity"] == "error" else "yellow"
        console.print(
            f"[{colour}]{problem['severity']}[/{colour}] {problem['where']}: {problem['message']}"
        )
    for requirement in report["label_requirements"]:
        console.print(f"label: {requirement['ingredient']}: {requirement['text']}")
    summary = report["summary"]
    status = (
        "[bold red]BLOCKING[/bold red]"
        if report["blocking"]
        else "[green]no blocking finding[/green]"
    )
    console.print(
        f"{summary['ingredients']} ingredients, total {summary['total_pct']['high']:g} %; "
        f"{summary['blocking_ingredients']} blocking, {summary['review']} for review — {status}"
    )
