// Memory: 100,000 verifications of distinct keys (KEYPORT_MEMORY_KEYS) leave the server within its caches' bounds.
// The caches are bounded by count (KEYPORT_VERIFY_CACHE_SIZE results, KEYPORT_VERIFY_NEGATIVE_
// CACHE_SIZE unknown hashes), so distinct keys beyond them evict, never accumulate.
import { readFileSync } from "node:fs";
import { generateKey } from "../../lib/keys/token";
import { ApiClient, expect, test } from "../support/api";
import { rawRequest } from "../support/raw-http";
import { startOwnInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

// KEYPORT_MEMORY_KEYS makes it smaller: npm test runs a CI size, npm run bench the full one.
const DISTINCT = Number(process.env.KEYPORT_MEMORY_KEYS ?? 100_000);
/** The production server's heap cap (KEYPORT_MAX_HEAP_MB) and the RSS target it serves. */
const RSS_LIMIT_MB = 300;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D+/g, "")) / 1024;
}

test(`RSS stays bounded after ${DISTINCT.toLocaleString("en")} verifications of distinct keys`, async () => {
  test.setTimeout(600_000);
  const instance = await startOwnInstance("memory", { NODE_OPTIONS: "--max-old-space-size=256" });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", instance.dataDir), instance.origin);
    const { project_id } = await ada.createProject("Memory");
    const real: string[] = [];
    for (let i = 0; i < 500; i++) real.push((await ada.createKey(project_id, { name: `memory ${i}` })).key);
    const origin = instance.origin;
    const check = (key: string) =>
      rawRequest(origin, { method: "POST", path: "/api/v1/keys/verify", headers: { authorization: `Bearer ${key}` } });
    for (const key of real) expect((await check(key)).status).toBe(200);
    const before = rssMb(instance.process.pid!);

    // Never-issued keys with valid checksums: each costs a lookup and an entry among unknowns.
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < DISTINCT) {
          const i = next++;
          const key = i % 200 === 0 ? real[(i / 200) % real.length]! : generateKey({ environment: i % 2 ? "live" : "test" }).key;
          const { status } = await check(key);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const after = rssMb(instance.process.pid!);
    console.log(`memory: RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after ${DISTINCT} distinct keys; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].sort()).toEqual([200, 401]);
    expect(after).toBeLessThanOrEqual(RSS_LIMIT_MB);
    // 10,000 unknown hashes and 500 results: a few MB. Growth past that would be a leak.
    expect(after - before).toBeLessThan(64);
  } finally {
    await instance.stop();
  }
});
