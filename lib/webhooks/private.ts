// Whether webhooks may go to private addresses and plain http: KEYPORT_WEBHOOK_ALLOW_PRIVATE,
// on by default in local mode (a developer's receiver runs on localhost). Read by the adapters
// that add endpoints and by the worker, and handed to the address rule (address.ts).
import "server-only";
import { authMode } from "@/lib/auth/mode";
import { env } from "@/lib/env";

export function allowPrivateWebhooks(): boolean {
  return env().KEYPORT_WEBHOOK_ALLOW_PRIVATE ?? authMode() === "local";
}
