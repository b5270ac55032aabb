import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** This deployment's public base URL: KEYPORT_PUBLIC_URL, or what the request was sent to. */
export async function publicBaseUrl(): Promise<string> {
  const configured = env().KEYPORT_PUBLIC_URL;
  if (configured) return configured;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
