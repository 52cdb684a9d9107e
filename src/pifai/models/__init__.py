"""ORM models; global (not per domain package) to avoid import cycles."""

from pifai.models.audit_log import AuditLog
from pifai.models.base import Base
from pifai.models.email_token import EmailToken
from pifai.models.invitation import Invitation
from pifai.models.login_attempt import LoginAttempt
from pifai.models.membership import Membership
from pifai.models.org_api_key import OrgApiKey
from pifai.models.organization import Organization
from pifai.models.outsourcing import Outsourcing, OutsourcingItem
from pifai.models.pif_document import PifDocument
from pifai.models.pif_version import PifVersion
from pifai.models.product import Product
from pifai.models.product_ingredient import ProductIngredient
from pifai.models.raw_material import RawMaterial
from pifai.models.reference_dataset import ReferenceDataset
from pifai.models.refresh_token import RefreshToken
from pifai.models.rendered_report import RenderedReport
from pifai.models.sa_review import SaReview
from pifai.models.schema_step import SchemaStep
from pifai.models.task import Task
from pifai.models.toxicology_cache import ToxicologyCacheEntry
from pifai.models.uploaded_file import UploadedFile
from pifai.models.user import User

__all__ = [
    "AuditLog",
    "Base",
    "EmailToken",
    "Invitation",
    "LoginAttempt",
    "Membership",
    "OrgApiKey",
    "Organization",
    "Outsourcing",
    "OutsourcingItem",
    "PifDocument",
    "PifVersion",
    "Product",
    "ProductIngredient",
    "RawMaterial",
    "ReferenceDataset",
    "RefreshToken",
    "RenderedReport",
    "SaReview",
    "SchemaStep",
    "Task",
    "ToxicologyCacheEntry",
    "UploadedFile",
    "User",
]
