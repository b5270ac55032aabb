"""The errors the client raises: every failure Keyport reports is a KeyportError carrying the
problem document (RFC 9457) and the request id, with a subclass per kind."""

from __future__ import annotations

from typing import Any, Dict, Optional


class KeyportError(Exception):
    """A failure Keyport reported (or a network failure, with status 0)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        request_id: Optional[str] = None,
        problem: Optional[Dict[str, Any]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(f"{detail} (request id {request_id})" if request_id else detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.request_id = request_id
        self.problem = problem
        self.retry_after = retry_after


class UnauthorizedError(KeyportError):
    """401 unauthorized: no credential, or the wrong kind."""


class InvalidApiKeyError(KeyportError):
    """401 invalid_api_key: malformed, unknown, revoked or expired (deliberately not told apart)."""


class ForbiddenError(KeyportError):
    """403 forbidden: wrong app, environment, scope or permission."""


class NotFoundError(KeyportError):
    """404 not_found."""


class ConflictError(KeyportError):
    """409: the request conflicts with the resource's state."""


class InvalidRequestError(KeyportError):
    """400, 413 or 422: the request was not valid; problem["errors"] locates each issue."""


class RateLimitedError(KeyportError):
    """429 rate_limited, after the retries the client allows; retry_after says how long to wait."""


class UsageExceededError(KeyportError):
    """429 usage_exceeded: the key's or its identity's credits cannot pay for this verification.
    Never retried; retry_after is the seconds until the refill that makes it possible (None when
    no refill will: add credits to continue)."""


class ServiceUnavailableError(KeyportError):
    """503: Keyport cannot answer right now. Never treat a key as valid on this."""


class NetworkError(KeyportError):
    """Keyport could not be reached."""


_BY_CODE = {
    "unauthorized": UnauthorizedError,
    "invalid_api_key": InvalidApiKeyError,
    "forbidden": ForbiddenError,
    "not_found": NotFoundError,
    "validation_failed": InvalidRequestError,
    "payload_too_large": InvalidRequestError,
    "bad_request": InvalidRequestError,
    "rate_limited": RateLimitedError,
    "usage_exceeded": UsageExceededError,
    "service_unavailable": ServiceUnavailableError,
}

_BY_STATUS = {
    400: InvalidRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: InvalidRequestError,
    422: InvalidRequestError,
    429: RateLimitedError,
    503: ServiceUnavailableError,
}


def error_from_problem(
    status: int, problem: Optional[Dict[str, Any]], request_id: Optional[str], retry_after: Optional[float]
) -> KeyportError:
    code = str(problem.get("code")) if problem and problem.get("code") else "unknown"
    detail = str(problem.get("detail")) if problem and problem.get("detail") else f"Keyport answered {status}."
    cls = _BY_CODE.get(code) or _BY_STATUS.get(status) or KeyportError
    return cls(status, code, detail, request_id or (problem or {}).get("request_id"), problem, retry_after)
