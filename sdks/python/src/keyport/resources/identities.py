from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, cast

from .._http import operation
from ..types import CreditChange, Credits, Identity, Json, LedgerEntry, RateLimit
from ._base import Resource

LIST = operation("listIdentities", "GET", "/api/v1/identities")
CREATE = operation("createIdentity", "POST", "/api/v1/identities")
GET = operation("getIdentity", "GET", "/api/v1/identities/{id}")
UPDATE = operation("updateIdentity", "PATCH", "/api/v1/identities/{id}")
DELETE = operation("deleteIdentity", "DELETE", "/api/v1/identities/{id}")
CHANGE_CREDITS = operation("changeIdentityCredits", "POST", "/api/v1/identities/{id}/credits")
LEDGER = operation("listIdentityLedger", "GET", "/api/v1/identities/{id}/credits/ledger")


def _present(**fields: Any) -> Dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def credit_change(op: str, amount: int, reason: Optional[str]) -> Json:
    """The body of an add or a set."""
    return _present(op=op, amount=amount, reason=reason)


class Identities(Resource):
    """Your customers: each owns keys, and its credits and rate limit are shared by all of them."""

    def list(
        self,
        *,
        q: Optional[str] = None,
        external_id: Optional[str] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
    ) -> List[Identity]:
        """One page of identities, newest first (identities:read)."""
        query = _present(q=q, external_id=external_id, limit=limit, cursor=cursor)
        return cast(List[Identity], self._transport.request(LIST, query=query)[0])

    def all(self, **filters: Any) -> Iterator[Identity]:
        """Every matching identity, page after page (following Link: rel="next")."""
        import urllib.parse

        cursor: Optional[str] = None
        while True:
            page, headers = self._transport.request(LIST, query=_present(cursor=cursor, **filters))
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
        *,
        external_id: str,
        name: Optional[str] = None,
        meta: Optional[Json] = None,
        credits: Optional[Credits] = None,
        rate_limit: Optional[RateLimit] = None,
    ) -> Identity:
        """Creates an identity (identities:write); a duplicate external_id raises ConflictError.
        credits None is unlimited: {"remaining": 100, "refill": {...}, "low_threshold": 10}."""
        body = _present(external_id=external_id, name=name, meta=meta, credits=credits, rate_limit=rate_limit)
        return cast(Identity, self._transport.request(CREATE, body=body)[0])

    def get(self, id: str) -> Identity:
        """An identity with its credits and how many active keys it owns."""
        return cast(Identity, self._transport.request(GET, (id,))[0])

    def update(self, id: str, **changes: Any) -> Identity:
        """Changes external_id, name, meta, credits or rate_limit (None clears)."""
        return cast(Identity, self._transport.request(UPDATE, (id,), body=changes)[0])

    def delete(self, id: str, *, revoke_keys: bool = False) -> Json:
        """Deletes an identity. One that owns active keys raises ConflictError unless revoke_keys
        is True, which revokes them with it ("revoked_keys" says how many)."""
        query = {"revoke_keys": "true"} if revoke_keys else None
        return cast(Json, self._transport.request(DELETE, (id,), query=query)[0])

    def add_credits(self, id: str, amount: int, reason: Optional[str] = None) -> CreditChange:
        """Adds to the identity's balance (an unlimited one raises ConflictError: set it first)."""
        return cast(CreditChange, self._transport.request(CHANGE_CREDITS, (id,), body=credit_change("add", amount, reason))[0])

    def set_credits(self, id: str, amount: int, reason: Optional[str] = None) -> CreditChange:
        """Sets the identity's balance (and makes an unlimited one limited)."""
        return cast(CreditChange, self._transport.request(CHANGE_CREDITS, (id,), body=credit_change("set", amount, reason))[0])

    def ledger(self, id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> List[LedgerEntry]:
        """Refills, adds and sets of the identity's balance, newest first (one page)."""
        return cast(List[LedgerEntry], self._transport.request(LEDGER, (id,), query=_present(limit=limit, cursor=cursor))[0])
