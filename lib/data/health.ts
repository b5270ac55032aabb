import "server-only";
import { limitStoreStatus, type LimitStoreStatus } from "@/lib/limits";
import { prisma } from "./client";
import { getKeyStore } from "./verify";

export type Readiness = {
  ready: boolean;
  checks: {
    /** The database answered a query within the deadline. */
    database: "ok" | "unavailable";
    /** Whether this instance hears revocations (else every verification goes to the database). */
    revocations: "listening" | "not_listening" | "cache_off";
    /** Where rate limits are counted; an unreachable Redis degrades them but does not stop serving. */
    rate_limits: LimitStoreStatus;
  };
};

const DATABASE_DEADLINE_MS = 2000;

/** Whether this instance can serve: its database answers. A load balancer polls this. */
export async function checkReadiness(): Promise<Readiness> {
  const database = await Promise.race([
    prisma.$queryRaw`SELECT 1`.then(
      () => "ok" as const,
      () => "unavailable" as const,
    ),
    new Promise<"unavailable">((resolve) => setTimeout(() => resolve("unavailable"), DATABASE_DEADLINE_MS).unref()),
  ]);
  const verifier = getKeyStore();
  const revocations = !verifier.cacheEnabled ? "cache_off" : verifier.isCacheTrusted ? "listening" : "not_listening";
  return { ready: database === "ok", checks: { database, revocations, rate_limits: limitStoreStatus() } };
}
