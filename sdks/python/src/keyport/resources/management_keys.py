from __future__ import annotations

from typing import List, Optional, cast

from .._http import operation
from ..types import Json
from ._base import Resource

LIST = operation("listManagementKeys", "GET", "/api/v1/management-keys")
CREATE = operation("createManagementKey", "POST", "/api/v1/management-keys")
REVOKE = operation("revokeManagementKey", "DELETE", "/api/v1/management-keys/{id}")


class ManagementKeys(Resource):
    def list(self) -> List[Json]:
        return cast(List[Json], self._transport.request(LIST)[0])

    def create(self, name: str, permissions: List[str], expires_at: Optional[str] = None) -> Json:
        """Creates a management key; the answer's "key" is shown once."""
        body: Json = {"name": name, "permissions": permissions}
        if expires_at is not None:
            body["expires_at"] = expires_at
        return cast(Json, self._transport.request(CREATE, body=body)[0])

    def revoke(self, id: str) -> Json:
        return cast(Json, self._transport.request(REVOKE, (id,))[0])
