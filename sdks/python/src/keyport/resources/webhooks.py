from __future__ import annotations

from typing import Any, List, cast

from .._http import operation
from ..types import Json
from ._base import Resource

LIST = operation("listWebhooks", "GET", "/api/v1/webhooks")
CREATE = operation("createWebhook", "POST", "/api/v1/webhooks")
UPDATE = operation("updateWebhook", "PATCH", "/api/v1/webhooks/{webhookId}")
DELETE = operation("deleteWebhook", "DELETE", "/api/v1/webhooks/{webhookId}")
TEST = operation("testWebhook", "POST", "/api/v1/webhooks/{webhookId}/test")
DELIVERIES = operation("listWebhookDeliveries", "GET", "/api/v1/webhooks/{webhookId}/deliveries")
RESEND = operation("resendWebhookDelivery", "POST", "/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend")


class Webhooks(Resource):
    def list(self) -> List[Json]:
        return cast(List[Json], self._transport.request(LIST)[0])

    def create(self, url: str, events: List[str]) -> Json:
        """Adds an endpoint; the answer's "secret" is shown once."""
        return cast(Json, self._transport.request(CREATE, body={"url": url, "events": events})[0])

    def update(self, webhook_id: str, **changes: Any) -> Json:
        return cast(Json, self._transport.request(UPDATE, (webhook_id,), body=changes)[0])

    def delete(self, webhook_id: str) -> None:
        self._transport.request(DELETE, (webhook_id,))

    def test(self, webhook_id: str) -> Json:
        return cast(Json, self._transport.request(TEST, (webhook_id,))[0])

    def deliveries(self, webhook_id: str) -> List[Json]:
        return cast(List[Json], self._transport.request(DELIVERIES, (webhook_id,))[0])

    def resend(self, webhook_id: str, delivery_id: str) -> Json:
        return cast(Json, self._transport.request(RESEND, (webhook_id, delivery_id))[0])
