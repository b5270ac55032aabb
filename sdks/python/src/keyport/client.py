from __future__ import annotations

from typing import List, Optional, cast

from ._http import Transport, operation
from .resources.audit import AuditEvents
from .resources.identities import Identities
from .resources.keys import Keys
from .resources.management_keys import ManagementKeys
from .resources.policy import Policy
from .resources.projects import Projects
from .resources.requests import Requests
from .resources.webhooks import Webhooks
from .types import Environment, Json, VerifiedKey

VERIFY = operation("verifyKey", "POST", "/api/v1/keys/verify")


class Client:
    """A client of one Keyport instance.

    A 429 (except usage_exceeded) or 503 is retried after its Retry-After, at most ``max_retries`` times and only when
    that wait is at most ``max_retry_delay`` seconds; every POST carries an Idempotency-Key that
    stays the same across its retries; every failure raises a KeyportError with the problem.
    """

    def __init__(
        self,
        base_url: str,
        management_key: Optional[str] = None,
        *,
        timeout: float = 10.0,
        max_retries: int = 2,
        max_retry_delay: float = 10.0,
    ) -> None:
        self._transport = Transport(base_url, management_key, timeout, max_retries, max_retry_delay)
        self.projects = Projects(self._transport)
        self.keys = Keys(self._transport)
        self.audit_events = AuditEvents(self._transport)
        self.webhooks = Webhooks(self._transport)
        self.policy = Policy(self._transport)
        self.management_keys = ManagementKeys(self._transport)
        self.requests = Requests(self._transport)
        self.identities = Identities(self._transport)

    def verify_key(
        self,
        key: str,
        app_id: Optional[str] = None,
        environment: Optional[Environment] = None,
        scopes: Optional[List[str]] = None,
        cost: Optional[int] = None,
    ) -> VerifiedKey:
        """Verifies an SDK key: its details, or InvalidApiKeyError, ForbiddenError, RateLimitedError,
        UsageExceededError, ... ``cost`` is the credits it spends from the key's and its identity's
        balances (default 1; 0 checks without spending)."""
        body: Json = {}
        if app_id is not None:
            body["app_id"] = app_id
        if environment is not None:
            body["environment"] = environment
        if scopes is not None:
            body["scopes"] = scopes
        if cost is not None:
            body["cost"] = cost
        result, headers = self._transport.request(VERIFY, body=body, bearer=key)
        return cast(VerifiedKey, {**result, "request_id": headers.get("request-id")})
