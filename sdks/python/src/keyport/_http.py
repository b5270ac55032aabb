"""How every request leaves the client: the credential, an Idempotency-Key on each POST (the same
on every retry of it), and retries of 429 and 503 that wait as long as Retry-After says, a
bounded number of times. A 401, 403 or 422 is never retried, and neither is a 429 usage_exceeded
(credits that ran out come back at a refill or when credits are added, never within a retry)."""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

from . import __version__
from .errors import KeyportError, NetworkError, error_from_problem


class Operation(NamedTuple):
    """One operation of Keyport's OpenAPI document, as this package calls it."""

    id: str
    method: str
    path: str


OPERATIONS: List[Operation] = []


def operation(id: str, method: str, path: str) -> Operation:
    """Declares an operation once; a test checks each against the served OpenAPI document."""
    op = Operation(id, method, path)
    OPERATIONS.append(op)
    return op


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        at = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, at.timestamp() - time.time())


def _usage_exceeded(payload: bytes) -> bool:
    try:
        problem = json.loads(payload) if payload else None
    except ValueError:
        return False
    return isinstance(problem, dict) and problem.get("code") == "usage_exceeded"


class Transport:
    def __init__(self, base_url: str, management_key: Optional[str], timeout: float, max_retries: int, max_retry_delay: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.management_key = management_key
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        #: Every request sent (method, url, headers), for callers that want to look.
        self.sent: List[Tuple[str, str, Dict[str, str]]] = []

    def request(
        self,
        op: Operation,
        path_params: Tuple[str, ...] = (),
        query: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        bearer: Optional[str] = None,
        raw: bool = False,
    ) -> Tuple[Any, Mapping[str, str]]:
        path = op.path
        for value in path_params:
            start, end = path.index("{"), path.index("}")
            path = path[:start] + urllib.parse.quote(str(value), safe="") + path[end + 1 :]
        url = self.base_url + path
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        headers = {"Accept": "application/json", "User-Agent": f"keyport-python/{__version__}"}
        token = bearer if bearer is not None else self.management_key
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if op.method == "POST":
            headers["Idempotency-Key"] = str(uuid.uuid4())

        attempt = 0
        while True:
            self.sent.append((op.method, url, dict(headers)))
            request = urllib.request.Request(url, data=data, method=op.method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    payload = response.read()
                    answer_headers = response.headers
                    status = response.status
            except urllib.error.HTTPError as error:
                payload = error.read()
                answer_headers = error.headers
                status = error.code
            except (urllib.error.URLError, OSError) as error:
                raise NetworkError(0, "network_error", f"Could not reach Keyport: {error}") from error

            if status in (429, 503) and attempt < self.max_retries and not _usage_exceeded(payload):
                wait = _retry_after(answer_headers.get("Retry-After"))
                wait = float(2**attempt) if wait is None else wait
                if wait <= self.max_retry_delay:
                    time.sleep(wait)
                    attempt += 1
                    continue
            if status >= 400:
                try:
                    problem = json.loads(payload) if payload else None
                except ValueError:
                    problem = None
                raise error_from_problem(
                    status,
                    problem if isinstance(problem, dict) else None,
                    answer_headers.get("request-id"),
                    _retry_after(answer_headers.get("Retry-After")),
                )
            if raw:
                return payload.decode(), answer_headers
            return (json.loads(payload) if payload else None), answer_headers


__all__ = ["KeyportError", "OPERATIONS", "Operation", "Transport", "operation"]
