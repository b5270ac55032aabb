from __future__ import annotations

from typing import Any, List, cast

from .._http import operation
from ..types import Json
from ._base import Resource

LIST = operation("listAuditEvents", "GET", "/api/v1/audit-events")
EXPORT = operation("exportAuditEvents", "GET", "/api/v1/audit-events/export")


class AuditEvents(Resource):
    def list(self, **filters: Any) -> List[Json]:
        """A page of audit events, newest first (audit:read). Filters: key_id, actor, action, from_, to, request_id, cursor, limit."""
        return cast(List[Json], self._transport.request(LIST, query=_query(filters))[0])

    def export(self, **filters: Any) -> str:
        """Every matching event as CSV."""
        return cast(str, self._transport.request(EXPORT, query=_query(filters), raw=True)[0])


def _query(filters: Any) -> Json:
    # `from` is a Python keyword: it is passed as from_.
    return {("from" if name == "from_" else name): value for name, value in filters.items()}
