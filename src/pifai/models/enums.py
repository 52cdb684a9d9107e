"""Enumerations shared by the database (CHECK constraints) and the API schemas."""

from __future__ import annotations

from enum import StrEnum


class OrgType(StrEnum):
    """SPEC §2.4 business types; they select the responsibility matrix column."""

    BRAND = "brand"
    OEM = "oem"
    IMPORTER = "importer"
    CONSULTANT = "consultant"


class Plan(StrEnum):
    FREE = "free"
    PRO = "pro"
    ENTERPRISE = "enterprise"


class EmailTokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose name


class InvitationRole(StrEnum):
    """Roles an invitation can grant; ownership is granted by an owner to a member."""

    MEMBER = "member"
    ADMIN = "admin"
    SA = "sa"


class ReportLanguage(StrEnum):
    ZH_HANT = "zh-Hant"
    EN = "en"


class MembershipRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    SA = "sa"


class PlatformRole(StrEnum):
    SUPER_ADMIN = "super_admin"


class PifStatus(StrEnum):
    """Product-level status (SPEC §2.1)."""

    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    AI_REVIEW = "ai_review"
    SA_REVIEW = "sa_review"
    COMPLETED = "completed"
    EXPIRED = "expired"


class ItemStatus(StrEnum):
    """Status of one of the 16 items (SPEC §2.1)."""

    MISSING = "missing"
    UPLOADED = "uploaded"
    AI_PROCESSING = "ai_processing"
    AI_DRAFT_READY = "ai_draft_ready"
    HUMAN_REVIEWED = "human_reviewed"
    APPROVED = "approved"


class TaskStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]
