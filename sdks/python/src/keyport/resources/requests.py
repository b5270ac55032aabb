from __future__ import annotations

from typing import cast

from .._http import operation
from ..types import Json
from ._base import Resource

GET = operation("getRequest", "GET", "/api/v1/requests/{requestId}")


class Requests(Resource):
    def get(self, request_id: str) -> Json:
        """Which key made a verification request (requests:read)."""
        return cast(Json, self._transport.request(GET, (request_id,))[0])
