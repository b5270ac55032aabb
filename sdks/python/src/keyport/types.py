"""The shapes Keyport answers with, as the OpenAPI document names them (a subset, as TypedDicts)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

try:
    from typing import Literal, TypedDict
except ImportError:  # pragma: no cover
    from typing_extensions import Literal, TypedDict  # type: ignore

Environment = Literal["live", "test"]
GracePeriod = Literal["none", "1h", "24h", "7d"]
Json = Dict[str, Any]


class VerifiedIdentity(TypedDict):
    id: str
    external_id: str
    meta: Dict[str, Any]


class _VerifiedKeyFields(TypedDict):
    valid: bool
    key_id: str
    tenant_id: str
    project_id: Optional[str]
    environment: Environment
    scopes: List[str]
    expires_at: Optional[str]
    name: str
    request_id: Optional[str]


class VerifiedKey(_VerifiedKeyFields, total=False):
    #: The identity that owns the key, when one does.
    identity: VerifiedIdentity
    #: The lowest balance left after this verification's charge, when one applies.
    credits: Dict[str, int]


class RateLimit(TypedDict):
    limit: int
    window_s: int


class ApiKey(TypedDict):
    key_id: str
    name: str
    key_prefix: str
    project_id: Optional[str]
    tenant_id: str
    scopes: List[str]
    is_active: bool
    status: str
    is_admin_managed: bool
    created_at: str
    created_by: str
    expires_at: Optional[str]
    last_used_at: Optional[str]
    environment: Environment
    description: Optional[str]
    revoked_at: Optional[str]
    deactivated_at: Optional[str]
    recoverable: bool
    rate_limit: Optional[RateLimit]
    allowed_ips: List[str]
    leaked_at: Optional[str]
    rolled_from: Optional[str]
    rolled_to: Optional[str]
    identity_id: Optional[str]
    credits: Optional[Json]


class CreatedKey(ApiKey):
    key: str


class Project(TypedDict):
    project_id: str
    name: str
    slug: str
    created_at: str


class Refill(TypedDict, total=False):
    amount: int
    interval: Literal["daily", "monthly"]
    day_of_month: Optional[int]


class Credits(TypedDict, total=False):
    """A balance: "remaining", and optionally "refill" and "low_threshold" (the API adds
    "refilled_at" and "next_refill_at" when it answers)."""

    remaining: int
    refill: Optional[Refill]
    low_threshold: Optional[int]
    refilled_at: Optional[str]
    next_refill_at: Optional[str]


class Identity(TypedDict):
    id: str
    external_id: str
    name: Optional[str]
    meta: Dict[str, Any]
    credits: Optional[Credits]
    rate_limit: Optional[RateLimit]
    key_count: int
    created_at: str
    updated_at: str


class LedgerEntry(TypedDict):
    id: str
    kind: Literal["refill", "add", "set"]
    amount: int
    balance: int
    reason: Optional[str]
    actor: Dict[str, str]
    created_at: str


class CreditChange(TypedDict):
    credits: Optional[Credits]
    entry: LedgerEntry
