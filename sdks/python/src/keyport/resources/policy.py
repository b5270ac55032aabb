from __future__ import annotations

from typing import cast

from .._http import operation
from ..types import Json
from ._base import Resource

GET = operation("getWorkspacePolicy", "GET", "/api/v1/workspace/policy")
SET = operation("setWorkspacePolicy", "PUT", "/api/v1/workspace/policy")


class Policy(Resource):
    def get(self) -> Json:
        """The workspace's key policy and the active keys that break it (policy:read)."""
        return cast(Json, self._transport.request(GET)[0])

    def set(self, policy: Json) -> Json:
        """Replaces the policy (policy:write); takes back what get() answered."""
        body = {name: value for name, value in policy.items() if name != "violations"}
        return cast(Json, self._transport.request(SET, body=body)[0])
