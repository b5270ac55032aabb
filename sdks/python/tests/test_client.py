"""Against a Keyport server: KEYPORT_URL and KEYPORT_MANAGEMENT_KEY (a kpm_ key with every
permission). The suite's server provides both (e2e/api/sdks.spec.ts); without them these tests
are skipped, and that spec fails on a skip."""

from __future__ import annotations

import email.message
import io
import json
import os
import threading
import time
import unittest
import urllib.error
import urllib.request
from typing import List
from unittest import mock

import keyport
from keyport._http import OPERATIONS

URL = os.environ.get("KEYPORT_URL", "")
MANAGEMENT_KEY = os.environ.get("KEYPORT_MANAGEMENT_KEY", "")


@unittest.skipUnless(URL and MANAGEMENT_KEY, "set KEYPORT_URL and KEYPORT_MANAGEMENT_KEY to run against a Keyport server")
class AgainstServer(unittest.TestCase):
    def setUp(self) -> None:
        self.client = keyport.Client(URL, management_key=MANAGEMENT_KEY)
        self.project = self.client.projects.create(name=f"Python SDK {time.time_ns()}")
        self.project_id = self.project["project_id"]

    def test_operations_match_the_openapi_document(self) -> None:
        with urllib.request.urlopen(f"{URL}/api/v1/openapi.json") as response:
            document = json.load(response)
        self.assertGreaterEqual(len(OPERATIONS), 20)
        registered = {op.id for op in OPERATIONS}
        for id in [
            "listIdentities", "createIdentity", "getIdentity", "updateIdentity", "deleteIdentity",
            "changeIdentityCredits", "listIdentityLedger", "changeApiKeyCredits", "listApiKeyLedger",
            "deactivateApiKey", "reactivateApiKey", "revealApiKey",
        ]:
            self.assertIn(id, registered)
        for op in OPERATIONS:
            item = document["paths"].get(op.path)
            self.assertIsNotNone(item, f"{op.id}: no path {op.path}")
            self.assertEqual(item.get(op.method.lower(), {}).get("operationId"), op.id, f"{op.method} {op.path}")

    def test_verify_key(self) -> None:
        created = self.client.keys.create(self.project_id, name="py key", environment="live")
        verifier = keyport.Client(URL)
        result = verifier.verify_key(created["key"], app_id=self.project_id, environment="live")
        self.assertEqual(result["key_id"], created["key_id"])
        self.assertTrue(result["valid"])
        self.assertTrue(str(result["request_id"]).startswith("req_"))
        spent = self.client.keys.create(self.project_id, name="no credits", credits={"remaining": 0})
        # One character changed: the last one, to a character it is not.
        mistyped = created["key"][:-1] + ("1" if created["key"].endswith("0") else "0")
        cases = [
            ("usage exceeded", lambda: verifier.verify_key(spent["key"]), keyport.UsageExceededError, 429, "usage_exceeded"),
            ("invalid", lambda: verifier.verify_key(mistyped), keyport.InvalidApiKeyError, 401, "invalid_api_key"),
            ("wrong environment", lambda: verifier.verify_key(created["key"], environment="test"), keyport.ForbiddenError, 403, "forbidden"),
        ]
        for name, call, cls, status, code in cases:
            with self.subTest(name), self.assertRaises(cls) as raised:
                call()
            self.assertEqual((raised.exception.status, raised.exception.code), (status, code))
            self.assertTrue(str(raised.exception.request_id).startswith("req_"))
            self.assertEqual(raised.exception.problem["code"], code)  # type: ignore[index]

    def test_retries(self) -> None:
        verifier = keyport.Client(URL)
        slow = self.client.keys.create(self.project_id, name="one a minute", rate_limit={"limit": 1, "window_s": 60})
        verifier.verify_key(slow["key"])
        sent = len(verifier._transport.sent)
        with self.assertRaises(keyport.RateLimitedError) as raised:
            verifier.verify_key(slow["key"])
        self.assertGreater(raised.exception.retry_after or 0, 10)
        self.assertEqual(len(verifier._transport.sent) - sent, 1, "a Retry-After past the longest wait was retried")

        quick = self.client.keys.create(self.project_id, name="one a second", rate_limit={"limit": 1, "window_s": 1})
        errors: List[BaseException] = []

        def verify() -> None:
            try:
                verifier.verify_key(quick["key"])
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

        sent = len(verifier._transport.sent)
        threads = [threading.Thread(target=verify) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertGreaterEqual(len(verifier._transport.sent) - sent, 3)

        plain = self.client.keys.create(self.project_id, name="no limit")
        for status, call in [
            (401, lambda: verifier.verify_key("fp_live_notakey")),
            (403, lambda: verifier.verify_key(plain["key"], environment="test")),
            (422, lambda: verifier.verify_key(plain["key"], app_id="not-a-uuid")),
        ]:
            sent = len(verifier._transport.sent)
            with self.assertRaises(keyport.KeyportError) as raised:
                call()
            self.assertEqual(raised.exception.status, status)
            self.assertEqual(len(verifier._transport.sent) - sent, 1, f"a {status} was retried")

    def test_post_carries_an_idempotency_key(self) -> None:
        created = self.client.keys.create(self.project_id, name="idempotent", environment="test")
        method, url, headers = self.client._transport.sent[-1]
        self.assertEqual(method, "POST")
        self.assertEqual(len(headers["Idempotency-Key"]), 36)
        # The same key and body again replays the first answer: the same key, not a second one.
        replay = urllib.request.Request(url, data=json.dumps({"name": "idempotent", "environment": "test"}).encode(), method="POST", headers=headers)
        with urllib.request.urlopen(replay) as response:
            self.assertEqual(json.load(response)["key_id"], created["key_id"])
            self.assertEqual(response.headers.get("idempotency-replayed"), "true")

    def test_idempotency_key_is_kept_across_retries(self) -> None:
        real = urllib.request.urlopen
        seen: List[str] = []

        def lossy(request: urllib.request.Request, timeout: float = 10):  # type: ignore[no-untyped-def]
            # The first answer is lost on the way back (a 503 from a proxy): the client retries.
            seen.append(str(request.get_header("Idempotency-key")))
            response = real(request, timeout=timeout)
            if len(seen) == 1:
                response.read()
                response.close()
                headers = email.message.Message()
                headers["Retry-After"] = "0"
                raise urllib.error.HTTPError(request.full_url, 503, "lost", headers, io.BytesIO(b""))
            return response

        with mock.patch("keyport._http.urllib.request.urlopen", lossy):
            created = self.client.keys.create(self.project_id, name="made once", environment="test")
        self.assertEqual(len(seen), 2)
        self.assertEqual(seen[0], seen[1])
        named = self.client.keys.list(self.project_id, q="made once")
        self.assertEqual([k["key_id"] for k in named], [created["key_id"]])

    def test_management_lifecycle(self) -> None:
        self.assertTrue(self.project["default_key"]["key"].startswith("fp_live_"))
        self.assertIn(self.project_id, [p["project_id"] for p in self.client.projects.list()])
        created = self.client.keys.create(self.project_id, name="lifecycle", environment="live", description="from Python")
        listed = self.client.keys.list(self.project_id, status="active")
        self.assertIn(created["key_id"], [k["key_id"] for k in listed])
        rolled = self.client.keys.roll(self.project_id, created["key_id"], grace_period="none")
        self.assertEqual(rolled["rolled_from"], created["key_id"])
        self.assertEqual(self.client.verify_key(rolled["key"])["key_id"], rolled["key_id"])
        self.assertEqual(self.client.keys.revoke(self.project_id, rolled["key_id"])["success"], True)
        with self.assertRaises(keyport.InvalidApiKeyError):
            self.client.verify_key(rolled["key"])
        bulk = self.client.keys.bulk_revoke(self.project_id, [rolled["key_id"]])
        self.assertEqual(bulk["results"][0]["status"], "already_revoked")
        self.assertGreater(len(self.client.keys.usage(self.project_id, created["key_id"], granularity="hour")), 0)
        every = [k["key_id"] for k in self.client.keys.all(self.project_id, limit=1)]
        self.assertIn(created["key_id"], every)
        events = self.client.audit_events.list(key_id=created["key_id"])
        self.assertIn("api_key.rolled", [e["action"] for e in events])
        self.assertIn("api_key.rolled", self.client.audit_events.export(key_id=created["key_id"]))
        self.assertIsInstance(self.client.webhooks.list(), list)
        self.assertIn("leak_response", self.client.policy.get())
        self.assertGreater(len(self.client.management_keys.list()), 0)
        with self.assertRaises(keyport.ConflictError):
            self.client.keys.roll(self.project_id, created["key_id"])

    def test_identity_lifecycle(self) -> None:
        external = f"py-customer-{time.time_ns()}"
        identity = self.client.identities.create(external_id=external, name="Python customer", meta={"plan": "pro"}, credits={"remaining": 2})
        self.assertEqual((identity["external_id"], identity["credits"]["remaining"]), (external, 2))  # type: ignore[index]
        with self.assertRaises(keyport.ConflictError):
            self.client.identities.create(external_id=external)
        self.assertEqual([i["id"] for i in self.client.identities.list(external_id=external)], [identity["id"]])
        self.assertIn(identity["id"], [i["id"] for i in self.client.identities.all(q=external, limit=1)])
        updated = self.client.identities.update(identity["id"], name="Renamed", meta={"plan": "team"})
        self.assertEqual((updated["name"], updated["meta"]), ("Renamed", {"plan": "team"}))

        key = self.client.keys.create(self.project_id, name="owned", identity_id=identity["id"])
        verified = self.client.verify_key(key["key"], cost=2)
        self.assertEqual(verified["identity"]["external_id"], external)
        self.assertEqual(verified["credits"], {"remaining": 0})
        sent = len(self.client._transport.sent)
        with self.assertRaises(keyport.UsageExceededError) as raised:
            self.client.verify_key(key["key"])
        self.assertEqual((raised.exception.status, raised.exception.code), (429, "usage_exceeded"))
        self.assertEqual(len(self.client._transport.sent) - sent, 1, "a usage_exceeded was retried")

        added = self.client.identities.add_credits(identity["id"], 5, reason="top up")
        self.assertEqual((added["credits"]["remaining"], added["entry"]["kind"]), (5, "add"))  # type: ignore[index]
        self.assertEqual(self.client.identities.set_credits(identity["id"], 3)["credits"]["remaining"], 3)  # type: ignore[index]
        ledger = self.client.identities.ledger(identity["id"])
        self.assertEqual([e["kind"] for e in ledger[:2]], ["set", "add"])
        self.assertEqual(ledger[1]["reason"], "top up")
        self.assertEqual(self.client.verify_key(key["key"])["key_id"], key["key_id"])
        self.assertEqual(self.client.keys.set_credits(self.project_id, key["key_id"], 10, reason="own")["credits"]["remaining"], 10)  # type: ignore[index]
        self.assertEqual(self.client.keys.ledger(self.project_id, key["key_id"], limit=5)[0]["kind"], "set")

        self.assertEqual(self.client.keys.deactivate(self.project_id, key["key_id"])["status"], "deactivated")
        with self.assertRaises(keyport.InvalidApiKeyError):
            self.client.verify_key(key["key"])
        self.assertEqual(self.client.keys.reactivate(self.project_id, key["key_id"])["status"], "active")

        with self.assertRaises(keyport.ConflictError):
            self.client.identities.delete(identity["id"])
        self.assertEqual(self.client.identities.delete(identity["id"], revoke_keys=True)["revoked_keys"], 1)
        with self.assertRaises(keyport.NotFoundError):
            self.client.identities.get(identity["id"])
        # Revoked with its identity: never revealed, whatever the workspace's recoverable-keys policy.
        with self.assertRaises(keyport.ConflictError):
            self.client.keys.reveal(self.project_id, key["key_id"])
        with self.assertRaises(keyport.InvalidApiKeyError):
            self.client.verify_key(key["key"])


if __name__ == "__main__":
    unittest.main()
