from __future__ import annotations

from .._http import Transport


class Resource:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
