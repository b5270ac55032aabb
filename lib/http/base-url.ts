import "server-only";
import { headers } from "next/headers";

/** This deployment's public base URL: KEYPORT_PUBLIC_URL, or what the request was sent to. */
export async function publicBaseUrl(): Promise<string> {
  if (process.env.KEYPORT_PUBLIC_URL) return process.env.KEYPORT_PUBLIC_URL.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
