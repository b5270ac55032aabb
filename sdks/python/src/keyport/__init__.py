"""Keyport's Python client: verify API keys, and manage them with a management key.

    import keyport
    client = keyport.Client("https://keys.example.com", management_key=os.environ["KEYPORT_MANAGEMENT_KEY"])
    key = client.verify_key(api_key, app_id=project_id, environment="live")
    created = client.keys.create(project_id, name="worker", environment="live")
"""

__version__ = "0.2.0"

from .client import Client  # noqa: E402
from .errors import (  # noqa: E402
    ConflictError,
    ForbiddenError,
    InvalidApiKeyError,
    InvalidRequestError,
    KeyportError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServiceUnavailableError,
    UnauthorizedError,
    UsageExceededError,
)

__all__ = [
    "Client",
    "ConflictError",
    "ForbiddenError",
    "InvalidApiKeyError",
    "InvalidRequestError",
    "KeyportError",
    "NetworkError",
    "NotFoundError",
    "RateLimitedError",
    "ServiceUnavailableError",
    "UnauthorizedError",
    "UsageExceededError",
    "__version__",
]
