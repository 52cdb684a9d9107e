"""The organisation's settings as the API shows and accepts them.

PUT is a partial update: a field left out keeps its value, an explicit ``null`` (or a
blank string) clears an optional contact field; the name, type and report language can
be changed but never cleared. The plan is shown, never accepted (the operator sets it).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, EmailStr, field_validator
from pydantic.json_schema import SkipJsonSchema

from pifai.kit.input import AddressText, InputModel, OneLineText, PersonOrOrgName
from pifai.models.enums import OrgType, Plan, ReportLanguage
from pifai.reports.i18n import language

# Digits with the usual separators, an optional leading "+" and an optional extension:
# "+886 2 2345 6789", "(02) 2345-6789", "0912-345-678", "02-2345-6789 ext. 12".
_PHONE = re.compile(r"\+?[0-9 ()./-]+?(?:\s*(?:#|ext\.?|x)\s*[0-9]{1,6})?", re.IGNORECASE)
_PHONE_DIGITS = (6, 20)


def _at_most(limit: int) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and len(value) > limit:
            raise ValueError(f"must be at most {limit} characters")
        return value

    return check


def _trimmed_or_none(value: Any) -> Any:
    """A form's empty field clears the value, exactly like ``null``."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _phone(value: str | None) -> str | None:
    if value is None:
        return None
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.fullmatch(value) or not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]:
        raise ValueError(
            "must be a phone number: 6 to 20 digits with spaces, dashes, dots or brackets, "
            "an optional leading + and an optional extension (e.g. +886 2 2345 6789 #12)"
        )
    return value


def _report_language(value: Any) -> Any:
    """The same spellings the PDF routes' ``?lang=`` accepts (``zh`` is Traditional
    Chinese); stored as the canonical tag."""
    if isinstance(value, str):
        return language(value)
    return value


_clearable = BeforeValidator(_trimmed_or_none)
OrgName = Annotated[PersonOrOrgName, AfterValidator(_at_most(200))]
ContactText = Annotated[OneLineText | None, _clearable, AfterValidator(_at_most(200))]
ContactEmail = Annotated[EmailStr | None, _clearable, AfterValidator(_at_most(320))]
ContactPhone = Annotated[str | None, _clearable, AfterValidator(_phone)]
Address = Annotated[AddressText | None, _clearable, AfterValidator(_at_most(500))]
Language = Annotated[ReportLanguage, BeforeValidator(_report_language)]

REQUIRED_FIELDS = ("name", "type", "report_language")


class OrgSettingsUpdate(InputModel):
    name: OrgName | None = None
    type: OrgType | None = None
    contact_name: ContactText = None
    contact_email: ContactEmail = None
    contact_phone: ContactPhone = None
    address: Address = None
    report_language: Language | None = None
    # Not a setting: refused with a reason rather than as an unknown field.
    plan: SkipJsonSchema[Any] = None

    @field_validator("plan", mode="before")
    @classmethod
    def _plan_is_operator_only(cls, value: Any) -> Any:
        raise ValueError("the plan is changed by the platform operator, not in the settings")

    @field_validator(*REQUIRED_FIELDS, mode="before")
    @classmethod
    def _never_cleared(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be cleared; leave the field out to keep its value")
        return value

    def changes(self) -> dict[str, str | None]:
        """Only the fields the request sent, as the strings stored."""
        return self.model_dump(mode="json", exclude_unset=True)


class LimitOut(BaseModel):
    allowed: int | None  # None: unlimited
    used: int
    remaining: int | None


class MembersLimitOut(LimitOut):
    memberships: int
    pending_invitations: int


class PlanLimitsOut(BaseModel):
    active_products: LimitOut
    members: MembersLimitOut


class PlanOut(BaseModel):
    name: Plan
    limits: PlanLimitsOut


class OrgSettingsOut(BaseModel):
    id: uuid.UUID
    name: str
    type: OrgType
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    address: str | None
    report_language: ReportLanguage
    plan: PlanOut
