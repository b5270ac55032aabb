from __future__ import annotations

from typing import Any, Dict, List, cast

from .._http import operation
from ..types import Project
from ._base import Resource

LIST = operation("listProjects", "GET", "/api/v1/projects")
CREATE = operation("createProject", "POST", "/api/v1/projects")


class Projects(Resource):
    def list(self) -> List[Project]:
        """The workspace's projects (projects:read)."""
        return cast(List[Project], self._transport.request(LIST)[0])

    def create(self, name: str) -> Dict[str, Any]:
        """Creates a project; the answer's default_key["key"] is shown once."""
        return cast(Dict[str, Any], self._transport.request(CREATE, body={"name": name})[0])
