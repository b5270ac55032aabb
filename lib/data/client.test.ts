// The pool under pressure, on the real database: a busy machine is not an outage, an
// overloaded one refuses at once.
import { describe, expect, it } from "vitest";
import { newWorkspace } from "@/test/fixtures";
import { createApiKey, databaseFailure, databasePoolSize, listProjects, maxWaitingFor } from "@/lib/data";
import { prisma } from "./client";

/** Holds every pooled connection in a transaction for `ms`. */
function holdEveryConnection(ms: number): Promise<unknown> {
  return Promise.all(
    Array.from({ length: databasePoolSize() }, () =>
      prisma.$transaction(async (tx) => tx.$executeRawUnsafe(`SELECT pg_sleep(${ms / 1000})`), { timeout: ms + 5000 }),
    ),
  );
}

describe("the connection pool", () => {
  it("lets a transaction wait 2.5 s for a connection (Prisma's own default gives up at 2 s and the write was a 503)", async () => {
    const { project, caller } = await newWorkspace("Busy");
    const held = holdEveryConnection(2500);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "waited", environment: "live" } });
    expect(apiKey.name).toBe("waited");
    expect(performance.now() - started).toBeGreaterThan(2000);
    await held;
  });

  it("refuses callers past its queue at once, as a 503 to retry", async () => {
    const { workspace } = await newWorkspace("Queue");
    const held = holdEveryConnection(1500);
    await new Promise((r) => setTimeout(r, 100));
    const waiting = maxWaitingFor(databasePoolSize());
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: waiting + 20 }, () =>
        listProjects(workspace.id).then(
          () => ({ ok: true as const, ms: performance.now() - started }),
          (error: unknown) => ({ ok: false as const, error, ms: performance.now() - started }),
        ),
      ),
    );
    await held;
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.length).toBeGreaterThanOrEqual(20);
    for (const outcome of refused) {
      expect(databaseFailure(outcome.error)?.code).toBe("service_unavailable");
      expect(outcome.ms).toBeLessThan(1000); // at once, not after the connection deadline
    }
    expect(outcomes.filter((o) => o.ok).length).toBeGreaterThanOrEqual(waiting);
  });
});
