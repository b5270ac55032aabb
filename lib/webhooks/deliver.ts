// One webhook attempt: a signed POST, Standard Webhooks style (`webhook-id`,
// `webhook-timestamp`, `webhook-signature` made with the `standardwebhooks` library, so any
// consumer verifies it with theirs). Redirects are not followed. The address connected to is
// checked before a byte is sent: a name through the lookup the connection itself uses (no
// second resolution that DNS rebinding could answer differently), a literal directly.
import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Webhook } from "standardwebhooks";
import { addressRefusal } from "./address";

export type WebhookMessage = { url: string; secret: string; messageId: string; payload: string };
export type AttemptOutcome = { ok: boolean; status: number | null; error: string | null };

/** The most of an answer's body that is read (and thrown away): receivers should answer fast. */
const MAX_ANSWER_BYTES = 64 * 1024;

class RefusedAddress extends Error {}

/** A DNS lookup that refuses a name any of whose addresses is refused. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.map((entry) => addressRefusal(entry.address, allowPrivate)).find(Boolean);
      if (refused) return callback(new RefusedAddress(`${hostname} resolves to ${refused}`), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Sends one attempt. Never throws: every way it can go wrong is an outcome. */
export function sendWebhook(
  message: WebhookMessage,
  options: { timeoutMs: number; allowPrivate: boolean; now?: Date },
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    let url: URL;
    try {
      url = new URL(message.url);
    } catch {
      return finish({ ok: false, status: null, error: "The endpoint's URL cannot be parsed." });
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowPrivate)) {
      return finish({ ok: false, status: null, error: "Plain http endpoints are refused." });
    }
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    if (ipaddr.isValid(host)) {
      const refused = addressRefusal(host, options.allowPrivate);
      if (refused) return finish({ ok: false, status: null, error: `Refused: ${refused}.` });
    }
    const timestamp = options.now ?? new Date();
    const signature = new Webhook(message.secret).sign(message.messageId, timestamp, message.payload);
    const body = Buffer.from(message.payload, "utf8");
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      agent: false,
      lookup: guardedLookup(options.allowPrivate),
      headers: {
        "content-type": "application/json",
        "content-length": String(body.length),
        "user-agent": "Keyport-Webhooks/1.0",
        "webhook-id": message.messageId,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signature,
      },
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`No answer within ${options.timeoutMs} ms.`));
    }, options.timeoutMs);
    // Belt and braces: the peer actually connected to must be allowed too.
    request.on("socket", (socket) => {
      socket.once("connect", () => {
        const refused = socket.remoteAddress ? addressRefusal(socket.remoteAddress, options.allowPrivate) : null;
        if (refused) request.destroy(new RefusedAddress(refused));
      });
    });
    request.on("error", (error) => {
      const reason = error instanceof RefusedAddress ? `Refused: ${error.message}.` : error.message || String(error);
      finish({ ok: false, status: null, error: reason });
    });
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      const done = () => {
        if (status >= 200 && status < 300) return finish({ ok: true, status, error: null });
        if (status >= 300 && status < 400) {
          return finish({ ok: false, status, error: `Redirects are not followed (to ${response.headers.location ?? "nowhere"}).` });
        }
        finish({ ok: false, status, error: `The endpoint answered ${status}.` });
      };
      response.on("end", done);
      response.on("close", done);
      response.on("error", done);
    });
    request.end(body);
  });
}
