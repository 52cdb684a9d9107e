from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.formulas.check import check_parsed_formula
from pifai.formulas.check_report import report_dict
from pifai.formulas.json_rows import formula_from_rows
from pifai.formulas.model import FormulaInputError, ParsedFormula
from pifai.formulas.parsers import parse_file, parse_inci_list
from pifai.ingredients.schemas import CheckFormulaRequest
from pifai.kit.error_handlers import validation_details
from pifai.kit.errors import InvalidInput
from pifai.product_types.taxonomy import UnknownProductType, find_product_type
from pifai.raw_materials.service import library_for_org
from pifai.regulatory.reference import active_index

router = APIRouter(prefix="/ingredients", tags=["ingredients"])
EXTRA_OPENAPI_MODELS = (CheckFormulaRequest,)

_CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CheckFormulaRequest"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "product_type"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "product_type": {"type": "string"},
                        "as_of": {"type": "string", "format": "date"},
                    },
                }
            },
        },
    }
}


async def _read_request(request: Request) -> tuple[ParsedFormula, str, date | None]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload, product_type = form.get("file"), form.get("product_type")
        if upload is None or isinstance(upload, str) or not isinstance(product_type, str):
            raise InvalidInput(
                "Send the formula as 'file' and the product type as 'product_type'",
                details=[{"field": "body.file", "message": "required"}],
            )
        as_of = form.get("as_of")
        data = await upload.read(request.app.state.settings.max_upload_bytes + 1)
        when = date.fromisoformat(as_of) if isinstance(as_of, str) and as_of else None
        return parse_file(data, upload.filename or "formula"), product_type, when
    try:
        body = CheckFormulaRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        details = validation_details(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        )
        raise InvalidInput("Invalid formula request", details=details) from exc
    if body.rows:
        return formula_from_rows(body.rows), body.product_type, body.as_of
    if body.inci_list:
        return parse_inci_list(body.inci_list), body.product_type, body.as_of
    raise InvalidInput(
        "Give the formula as rows or as an inci_list",
        details=[{"field": "body.rows", "message": "required"}],
    )


@router.post("/check-formula", openapi_extra=_CHECK_BODY)
async def check_formula(
    request: Request, principal: PrincipalDep, session: SessionDep
) -> dict[str, Any]:
    """The same report as `pifai check`: per ingredient its INCI, CAS, match confidence,
    verdict and citations; `blocking` says whether anything blocks signing."""
    try:
        formula, product_type, as_of = await _read_request(request)
        product = find_product_type(product_type)
    except FormulaInputError as exc:
        raise InvalidInput(
            exc.message, details=[{"field": "body.file", "message": exc.message}]
        ) from exc
    except UnknownProductType as exc:
        raise InvalidInput(
            str(exc), details=[{"field": "body.product_type", "message": str(exc)}]
        ) from exc
    except ValueError as exc:
        raise InvalidInput(
            f"as_of: {exc}", details=[{"field": "body.as_of", "message": str(exc)}]
        ) from exc
    index = await active_index(session)
    library = await library_for_org(session, principal.org_id)
    result = check_parsed_formula(
        formula, product, index, as_of=as_of or date.today(), library=library
    )
    return report_dict(result)
