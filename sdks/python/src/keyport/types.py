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


class VerifiedKey(TypedDict):
    valid: bool
    key_id: str
    tenant_id: str
    project_id: Optional[str]
    environment: Environment
    scopes: List[str]
    expires_at: Optional[str]
    name: str
    request_id: Optional[str]


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
    is_admin_managed: bool
    created_at: str
    created_by: str
    expires_at: Optional[str]
    last_used_at: Optional[str]
    environment: Environment
    description: Optional[str]
    revoked_at: Optional[str]
    rate_limit: Optional[RateLimit]
    allowed_ips: List[str]
    leaked_at: Optional[str]
    rolled_from: Optional[str]
    rolled_to: Optional[str]


class CreatedKey(ApiKey):
    key: str


class Project(TypedDict):
    project_id: str
    name: str
    slug: str
    created_at: str
