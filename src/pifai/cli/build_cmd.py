"""``pifai build``: the main job of SPEC §3, from a formula file to the PIF report and PDF,
with no server, network or API key.

intake → normalise → comply → assess → lint → draft → render, one progress bar per stage
on stderr; writes ``report.json`` (everything the PDF shows) and ``pif.pdf`` into ``--out``.

Exit codes: 0 nothing blocks · 3 a blocking finding stands (printed) · 1 unusable input ·
2 usage error.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from pifai.cli.check_cmd import EXIT_BLOCKING, _fail, _read_bytes, parse_as_of, usage_error
from pifai.core.config import get_settings
from pifai.formulas.check import FormulaCheck, check_parsed_formula
from pifai.formulas.check_report import report_dict
from pifai.formulas.model import FormulaInputError, ParsedFormula
from pifai.formulas.parsers import parse_file
from pifai.formulas.raw_materials import parse_breakdown
from pifai.kit.input import Name
from pifai.models.enums import OrgType
from pifai.product_types.taxonomy import ProductType, UnknownProductType, find_product_type

if TYPE_CHECKING:
    from pifai.pif.lint.model import Alert
    from pifai.toxicology.assessment_model import ProductAssessment

REPORT_NAME = "report.json"
PDF_NAME = "pif.pdf"
LANGS = {"zh": "zh-Hant", "en": "en"}
T = TypeVar("T")
# The API's rule for a product name (products.schemas.ProductCreate.name).
_PRODUCT_NAME: TypeAdapter[str] = TypeAdapter(Name)
MAX_NAME = 500


class OutputError(Exception):
    """Where the output was asked to go cannot be written; the message names the path."""


def _nearest_existing(path: Path) -> Path:
    return next(p for p in (path, *path.parents) if p.exists() or p == Path(p.anchor or "."))


def writable_dir(path: Path) -> None:
    """``path`` is, or can be created as, a directory this process may write into."""
    if path.exists():
        if not path.is_dir():
            raise OutputError(f"{path}: exists and is not a directory")
        if not os.access(path, os.W_OK | os.X_OK):
            raise OutputError(f"{path}: the directory is not writable")
        return
    ancestor = _nearest_existing(path)
    if not ancestor.is_dir():
        raise OutputError(f"{path}: cannot be created: {ancestor} is not a directory")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot be created: {ancestor} is not writable")


def writable_file(path: Path) -> None:
    """``path`` can be written as a file (replaced if it exists)."""
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise OutputError(f"{path}: the file is not writable")
        return
    writable_dir(path.parent)


def _output_dir(out: str) -> Path:
    """``--out``: refused when empty (exit 2); checked writable before any work (exit 1)."""
    if not out.strip():
        usage_error("--out: empty; name the directory for report.json and pif.pdf")
    path = Path(out)
    try:
        writable_dir(path)
        for name in (REPORT_NAME, PDF_NAME):
            if (path / name).exists():
                writable_file(path / name)
    except OutputError as exc:
        _fail(str(exc))
    return path


def product_name(name: str | None, file: Path) -> str:
    """``--name`` under the API's rules (no control characters, at most 500 characters,
    not blank); without it, the file's name."""
    if name is None:
        return file.stem
    try:
        valid = _PRODUCT_NAME.validate_python(name)
    except ValidationError as exc:
        usage_error(f"--name: {exc.errors()[0]['msg'].removeprefix('Value error, ')}")
    if len(valid) > MAX_NAME:
        usage_error(f"--name: {len(valid)} characters; a product name has at most {MAX_NAME}")
    return valid


@dataclass(frozen=True)
class Job:
    file: Path
    product: ProductType
    name: str
    lang: str
    org_type: OrgType
    raw_materials: Path | None
    today: date


@dataclass(frozen=True)
class Built:
    formula: dict[str, Any]
    assessment: dict[str, Any]
    document: dict[str, Any]
    blockers: list[str]
    pdf: bytes


class Stages:
    """One progress bar per pipeline stage, on stderr so stdout stays the summary."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def run(self, label: str, work: Callable[[], T], done: Callable[[T], str] | None = None) -> T:
        task = self._progress.add_task(label, total=1)
        result = work()
        detail = f" — {done(result)}" if done else ""
        self._progress.update(task, completed=1, description=f"{label}{detail}")
        return result


@contextmanager
def stages() -> Iterator[Stages]:
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )
    with progress:
        yield Stages(progress)


def _intake(file: Path, raw_materials: Path | None) -> tuple[ParsedFormula, dict[str, Any]]:
    try:
        formula = parse_file(_read_bytes(file, "formula"), file.name)
        library: dict[str, Any] = {}
        if raw_materials is not None:
            sheet = parse_breakdown(
                _read_bytes(raw_materials, "raw-material breakdown"), raw_materials.name
            )
            library = dict(sheet.materials)
    except FormulaInputError as exc:
        _fail(exc.message)
    return formula, library


def _normalise() -> Any:
    """The ingredient dictionary and the regulatory lists (shipped, or the local database's
    imports when one is configured): what the normaliser and the rules look names up in."""
    from pifai.ingredients.dictionary import load_dictionary
    from pifai.regulatory.reference import index_for_cli

    return load_dictionary(), asyncio.run(index_for_cli(get_settings()))


def _comply(
    job: Job, formula: ParsedFormula, library: dict[str, Any], lookups: Any
) -> FormulaCheck:
    dictionary, index = lookups
    check = check_parsed_formula(
        formula, job.product, index, as_of=job.today, library=library, dictionary=dictionary
    )
    if not check.ingredients:
        _fail(f"{job.file}: no ingredient rows could be read, so there is no PIF to build")
    return check


def _analyse(job: Job, run: Stages) -> tuple[FormulaCheck, ProductAssessment]:
    """intake → normalise → comply → assess: the engines, exactly as ``pifai assess``."""
    from pifai.cli.assess_cmd import run_assessment
    from pifai.toxicology.basis import ToxicologyError

    formula, library = run.run(
        "intake", lambda: _intake(job.file, job.raw_materials), lambda f: f"{len(f[0].rows)} rows"
    )
    lookups = run.run("normalise (INCI, CAS)", _normalise)
    check = run.run(
        "comply (TFDA, EU lists)",
        lambda: _comply(job, formula, library, lookups),
        lambda c: f"{len(c.ingredients)} ingredients",
    )
    try:
        result = run.run(
            "assess (exposure, NOAEL, MoS)",
            lambda: run_assessment(check),
            lambda a: a.verdict.value,
        )
    except ToxicologyError as exc:
        _fail(f"{job.file}: the assessment cannot be made: {exc}")
    return check, result


def _report(job: Job, check: FormulaCheck, result: ProductAssessment, run: Stages) -> Built:
    """lint → draft → render, over the snapshot the API would store for this formula."""
    from pifai.pif.lint.run import lint
    from pifai.reports.blockers import blockers
    from pifai.reports.document import lint_items
    from pifai.reports.draft import draft_item16
    from pifai.reports.snapshot import build_snapshot
    from pifai.toxicology.assessment_report import assessment_dict, properties_dict

    formula, assessment = report_dict(check), assessment_dict(result)
    properties = [properties_dict(i) for i in result.ingredients]

    def snapshot(draft: dict[str, Any]) -> dict[str, Any]:
        return build_snapshot(
            name=job.name,
            product_type=job.product.key,
            source_file=job.file.name,
            formula=formula,
            properties=properties,
            assessment=assessment,
            draft=draft,
        )

    alerts = run.run(
        "lint (cross-item rules)",
        lambda: lint(lint_items(snapshot({})), today=job.today),
        lambda a: f"{len(a)} alerts",
    )
    state = run.run(
        "draft (item 16)", lambda: snapshot(draft_item16(formula, assessment, alerts, job.lang))
    )
    document, pdf = run.run(
        "render (PDF)", lambda: _render(job, state, alerts), lambda r: f"{len(r[1]) // 1024} KiB"
    )
    return Built(
        formula, assessment, document, blockers(formula, assessment, alerts, job.lang), pdf
    )


def _render(job: Job, state: dict[str, Any], alerts: list[Alert]) -> tuple[dict[str, Any], bytes]:
    from pifai.pif.versions.expiry import expiring_documents
    from pifai.reports.document import build_document, lint_items
    from pifai.reports.pdf import render_pdf

    document = build_document(
        state,
        alerts=alerts,
        expiring=expiring_documents(lint_items(state), job.today),
        org_type=job.org_type,
        as_of=job.today,
        lang=job.lang,
        source="current",
    )
    return document, render_pdf(document)


def _write(out: Path, built: Built) -> tuple[Path, Path]:
    try:
        out.mkdir(parents=True, exist_ok=True)
        report, pdf = out / REPORT_NAME, out / PDF_NAME
        report.write_text(
            json.dumps(built.document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        pdf.write_bytes(built.pdf)
    except OSError as exc:
        _fail(f"{out}: cannot write the report ({exc.strerror or exc})")
    return report, pdf


def _summary(built: Built, report: Path, pdf: Path) -> bool:
    """Print what was written and what blocks; True when something blocks."""
    console = Console()
    summary = built.document["summary"]
    console.print(f"wrote {report} and {pdf}", highlight=False)
    alerts = ", ".join(f"{n} {severity}" for severity, n in summary["alerts"].items())
    console.print(
        f"{len(built.formula['ingredients'])} ingredients; safety verdict "
        f"{built.assessment['verdict']}; items provided {summary['items_provided']}, "
        f"missing {summary['items_missing']}; alerts: {alerts}",
        highlight=False,
    )
    blocking = bool(summary["blocking"])
    if blocking:
        console.print("[bold red]BLOCKING[/bold red] — what stands in the way of signing:")
        for line in built.blockers:
            console.print(f"  • {line}", markup=False, highlight=False)
    else:
        console.print(
            "[green]no blocking finding[/green]; the SA must still review and sign item 16"
        )
    return blocking


def build(
    file: Annotated[Path, typer.Argument(help="Formula file (CSV, XLSX, PDF)")],
    product_type: Annotated[
        str, typer.Option("--product-type", "-t", help="e.g. face_cream, 面霜")
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out", "-o", help="Directory for report.json and pif.pdf (created if absent)"
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option(help="Product name (Chinese, or English); at most 500 characters"),
    ] = None,
    lang: Annotated[
        str, typer.Option(help="Report language: zh (Traditional Chinese) or en")
    ] = "zh",
    org_type: Annotated[
        OrgType, typer.Option(help="Your business type: who provides the missing items")
    ] = OrgType.BRAND,
    raw_materials: Annotated[
        Path | None, typer.Option(help="Raw-material breakdown sheet (CSV/XLSX)")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Judge as of this date (YYYY-MM-DD)")] = None,
) -> None:
    """Build a formula's PIF: report.json and the regulatory PDF; exit 3 when something blocks."""
    if lang not in LANGS:
        raise typer.BadParameter("use zh or en", param_hint="--lang")
    today = parse_as_of(as_of)
    title = product_name(name, file)
    directory = _output_dir(out)
    try:
        product = find_product_type(product_type)
    except UnknownProductType as exc:
        _fail(str(exc))
    job = Job(file, product, title, LANGS[lang], org_type, raw_materials, today)
    with stages() as run:
        check, result = _analyse(job, run)
        built = _report(job, check, result, run)
    report, pdf = _write(directory, built)
    raise typer.Exit(EXIT_BLOCKING if _summary(built, report, pdf) else 0)
