from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, cast

from .._http import operation
from ..types import ApiKey, CreatedKey, CreditChange, Credits, Environment, GracePeriod, Json, LedgerEntry, RateLimit
from ._base import Resource
from .identities import credit_change

LIST = operation("listApiKeys", "GET", "/api/v1/projects/{projectId}/keys")
CREATE = operation("createApiKey", "POST", "/api/v1/projects/{projectId}/keys")
UPDATE = operation("updateApiKey", "PATCH", "/api/v1/projects/{projectId}/keys/{keyId}")
REVOKE = operation("revokeApiKey", "DELETE", "/api/v1/projects/{projectId}/keys/{keyId}")
BULK_REVOKE = operation("bulkRevokeApiKeys", "POST", "/api/v1/projects/{projectId}/keys/bulk-revoke")
ROLL = operation("rollApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/roll")
USAGE = operation("getApiKeyUsage", "GET", "/api/v1/projects/{projectId}/keys/{keyId}/usage")
DEACTIVATE = operation("deactivateApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/deactivate")
REACTIVATE = operation("reactivateApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/reactivate")
REVEAL = operation("revealApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/reveal")
CHANGE_CREDITS = operation("changeApiKeyCredits", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/credits")
LEDGER = operation("listApiKeyLedger", "GET", "/api/v1/projects/{projectId}/keys/{keyId}/credits/ledger")


def _present(**fields: Any) -> Dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


class Keys(Resource):
    def list(
        self,
        project_id: str,
        *,
        environment: Optional[Environment] = None,
        status: Optional[str] = None,
        q: Optional[str] = None,
        sort: Optional[str] = None,
        order: Optional[str] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
    ) -> List[ApiKey]:
        """One page of the project's keys (keys:read)."""
        query = _present(environment=environment, status=status, q=q, sort=sort, order=order, limit=limit, cursor=cursor)
        return cast(List[ApiKey], self._transport.request(LIST, (project_id,), query=query)[0])

    def all(self, project_id: str, **filters: Any) -> Iterator[ApiKey]:
        """Every matching key, page after page (following Link: rel="next")."""
        import urllib.parse

        cursor: Optional[str] = None
        while True:
            page, headers = self._transport.request(LIST, (project_id,), query=_present(cursor=cursor, **filters))
            yield from page
            link = headers.get("Link") or ""
            cursor = None
            for part in link.split(","):
                if 'rel="next"' in part and "<" in part:
                    url = part[part.index("<") + 1 : part.index(">")]
                    cursor = urllib.parse.parse_qs(urllib.parse.urlparse(url).query).get("cursor", [None])[0]
            if not cursor:
                return

    def create(
        self,
        project_id: str,
        *,
        name: str,
        environment: Optional[Environment] = None,
        description: Optional[str] = None,
        expires_at: Optional[str] = None,
        scopes: Optional[List[str]] = None,
        all_projects: Optional[bool] = None,
        rate_limit: Optional[RateLimit] = None,
        allowed_ips: Optional[List[str]] = None,
        identity_id: Optional[str] = None,
        credits: Optional[Credits] = None,
    ) -> CreatedKey:
        """Creates a key (keys:write); the answer's "key" is the only time it is shown."""
        body = _present(
            name=name,
            environment=environment,
            description=description,
            expires_at=expires_at,
            scopes=scopes,
            all_projects=all_projects,
            rate_limit=rate_limit,
            allowed_ips=allowed_ips,
            identity_id=identity_id,
            credits=credits,
        )
        return cast(CreatedKey, self._transport.request(CREATE, (project_id,), body=body)[0])

    def update(self, project_id: str, key_id: str, **changes: Any) -> ApiKey:
        """Edits name, description, scopes, rate_limit, allowed_ips, or moves expires_at earlier."""
        return cast(ApiKey, self._transport.request(UPDATE, (project_id, key_id), body=changes)[0])

    def roll(self, project_id: str, key_id: str, grace_period: GracePeriod = "none") -> CreatedKey:
        """A new key with everything of the old one (shown once); the old stops after the grace period."""
        return cast(CreatedKey, self._transport.request(ROLL, (project_id, key_id), body={"grace_period": grace_period})[0])

    def deactivate(self, project_id: str, key_id: str) -> ApiKey:
        """Refuses the key (401 invalid_api_key, like a revoked key) until it is reactivated; idempotent."""
        return cast(ApiKey, self._transport.request(DEACTIVATE, (project_id, key_id))[0])

    def reactivate(self, project_id: str, key_id: str) -> ApiKey:
        """A deactivated key verifies again, with everything it had (a revoked key raises ConflictError)."""
        return cast(ApiKey, self._transport.request(REACTIVATE, (project_id, key_id))[0])

    def reveal(self, project_id: str, key_id: str) -> Json:
        """A recoverable key, again: {"key_id", "key"} (keys:reveal; every reveal is audited)."""
        return cast(Json, self._transport.request(REVEAL, (project_id, key_id))[0])

    def add_credits(self, project_id: str, key_id: str, amount: int, reason: Optional[str] = None) -> CreditChange:
        """Adds to the key's own balance (an unlimited one raises ConflictError: set it first)."""
        body = credit_change("add", amount, reason)
        return cast(CreditChange, self._transport.request(CHANGE_CREDITS, (project_id, key_id), body=body)[0])

    def set_credits(self, project_id: str, key_id: str, amount: int, reason: Optional[str] = None) -> CreditChange:
        """Sets the key's own balance (and makes an unlimited one limited)."""
        body = credit_change("set", amount, reason)
        return cast(CreditChange, self._transport.request(CHANGE_CREDITS, (project_id, key_id), body=body)[0])

    def ledger(self, project_id: str, key_id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> List[LedgerEntry]:
        """Refills, adds and sets of the key's own balance, newest first (one page)."""
        query = _present(limit=limit, cursor=cursor)
        return cast(List[LedgerEntry], self._transport.request(LEDGER, (project_id, key_id), query=query)[0])

    def revoke(self, project_id: str, key_id: str) -> Json:
        """Revokes a key (idempotent)."""
        return cast(Json, self._transport.request(REVOKE, (project_id, key_id))[0])

    def bulk_revoke(self, project_id: str, key_ids: List[str]) -> Json:
        """Revokes each key on its own; "results" says what happened to each."""
        return cast(Json, self._transport.request(BULK_REVOKE, (project_id,), body={"key_ids": key_ids})[0])

    def usage(self, project_id: str, key_id: str, *, granularity: Optional[str] = None, since: Optional[str] = None) -> List[Json]:
        """The key's verifications over time (usage:read)."""
        query = _present(granularity=granularity, since=since)
        return cast(List[Json], self._transport.request(USAGE, (project_id, key_id), query=query)[0])
