from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, cast

from .._http import operation
from ..types import ApiKey, CreatedKey, Environment, GracePeriod, Json, RateLimit
from ._base import Resource

LIST = operation("listApiKeys", "GET", "/api/v1/projects/{projectId}/keys")
CREATE = operation("createApiKey", "POST", "/api/v1/projects/{projectId}/keys")
UPDATE = operation("updateApiKey", "PATCH", "/api/v1/projects/{projectId}/keys/{keyId}")
REVOKE = operation("revokeApiKey", "DELETE", "/api/v1/projects/{projectId}/keys/{keyId}")
BULK_REVOKE = operation("bulkRevokeApiKeys", "POST", "/api/v1/projects/{projectId}/keys/bulk-revoke")
ROLL = operation("rollApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/roll")
USAGE = operation("getApiKeyUsage", "GET", "/api/v1/projects/{projectId}/keys/{keyId}/usage")


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
        )
        return cast(CreatedKey, self._transport.request(CREATE, (project_id,), body=body)[0])

    def update(self, project_id: str, key_id: str, **changes: Any) -> ApiKey:
        """Edits name, description, scopes, rate_limit, allowed_ips, or moves expires_at earlier."""
        return cast(ApiKey, self._transport.request(UPDATE, (project_id, key_id), body=changes)[0])

    def roll(self, project_id: str, key_id: str, grace_period: GracePeriod = "none") -> CreatedKey:
        """A new key with everything of the old one (shown once); the old stops after the grace period."""
        return cast(CreatedKey, self._transport.request(ROLL, (project_id, key_id), body={"grace_period": grace_period})[0])

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
