// The one idempotency helper both adapters use: scoped to the caller and the operation, the
// key checked, the request fingerprinted, the first answer replayed.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createProject, listProjects, runIdempotent, type Caller } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { newWorkspace } from "@/test/fixtures";
import { prisma } from "./client";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}

/** A counter of how many times the work ran, and the work itself. */
function counted() {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    work: async () => ({ status: 201, body: { run: ++runs } }),
  };
}

describe("runIdempotent", () => {
  it("runs once per caller, operation and key, and replays the first answer", async () => {
    const { caller } = await newWorkspace();
    const job = counted();
    const key = randomUUID();
    const options = { operation: "action:test", key, request: ["a", { n: 1 }] };
    expect(await runIdempotent(caller, options, job.work)).toEqual({ status: 201, body: { run: 1 }, replayed: false });
    expect(await runIdempotent(caller, options, job.work)).toEqual({ status: 201, body: { run: 1 }, replayed: true });
    expect(job.runs).toBe(1);

    // Another operation, or another person of the workspace, has keys of its own.
    expect((await runIdempotent(caller, { ...options, operation: "action:other" }, job.work)).body).toEqual({ run: 2 });
    const colleague: Caller = { ...caller, actor: { userId: `user_${randomUUID()}`, userName: "Colleague" } };
    expect((await runIdempotent(colleague, options, job.work)).body).toEqual({ run: 3 });
  });

  it("answers 409, not 500, when the first answer was sealed under another secret", async () => {
    const { caller } = await newWorkspace();
    const job = counted();
    const options = { operation: "action:test", key: randomUUID(), request: ["a"] };
    await runIdempotent(caller, options, job.work);
    // What another KEYPORT_SECRET's seal looks like from here: a body this instance cannot open.
    const stored = await prisma.idempotencyRecord.findFirstOrThrow({ where: { key: options.key } });
    const [iv, tag, data] = stored.body!.split(".");
    const forged = Buffer.from(Buffer.from(data!, "base64").map((byte) => byte ^ 0xff)).toString("base64");
    await prisma.idempotencyRecord.update({ where: { id: stored.id }, data: { body: [iv, tag, forged].join(".") } });
    expect(await codeOf(runIdempotent(caller, options, job.work))).toBe("conflict");
    expect(job.runs).toBe(1);
  });

  it("refuses a key reused for another request, and a key that is not visible ASCII", async () => {
    const { caller } = await newWorkspace();
    const job = counted();
    const key = randomUUID();
    await runIdempotent(caller, { operation: "action:test", key, request: ["first"] }, job.work);
    expect(await codeOf(runIdempotent(caller, { operation: "action:test", key, request: ["second"] }, job.work))).toBe("idempotency_key_reused");
    expect(await codeOf(runIdempotent(caller, { operation: "action:test", key: "two words", request: [] }, job.work))).toBe("bad_request");
    expect(await codeOf(runIdempotent(caller, { operation: "action:test", key: "", request: [] }, job.work))).toBe("bad_request");
    expect(job.runs).toBe(1);
  });

  it("runs every time without a key", async () => {
    const { caller } = await newWorkspace();
    const job = counted();
    await runIdempotent(caller, { operation: "action:test", key: null, request: [] }, job.work);
    const again = await runIdempotent(caller, { operation: "action:test", key: null, request: [] }, job.work);
    expect(again).toEqual({ status: 201, body: { run: 2 }, replayed: false });
  });

  it("commits the work with its answer, and forgets a failed attempt so a corrected retry runs", async () => {
    const { workspace, caller } = await newWorkspace();
    const key = randomUUID();
    const failing = runIdempotent(caller, { operation: "action:create-project", key, request: ["Broken"] }, async (tx) => {
      await createProject(caller, { input: { name: "Broken" }, tx });
      throw new Error("the answer could not be made");
    });
    await expect(failing).rejects.toThrow("the answer could not be made");
    // The project went with the failed attempt.
    expect((await listProjects(workspace.id)).map((p) => p.name)).not.toContain("Broken");

    const made = await runIdempotent(caller, { operation: "action:create-project", key, request: ["Fixed"] }, async (tx) => {
      const { project } = await createProject(caller, { input: { name: "Fixed" }, tx });
      return { status: 201, body: { id: project.id } };
    });
    expect(made.replayed).toBe(false);
    expect((await listProjects(workspace.id)).map((p) => p.name)).toContain("Fixed");
  });
});
