// What a key's page reads: the lineage of a roll both ways, who revoked a key, the audit events
// of a whole lineage, and the workspace's total traffic. Always within the reader's workspace.
import { describe, expect, it } from "vitest";
import {
  createApiKey,
  getKeyDetailOrThrow,
  getUsageSeries,
  listKeysAuditEvents,
  recordUsage,
  revokeApiKey,
  rollApiKey,
  updateApiKey,
} from "@/lib/data";
import { newWorkspace } from "@/test/fixtures";

describe("a key's page", () => {
  it("links a roll both ways, names the revoker, and lists the events of both keys", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey: old } = await createApiKey(caller, { projectId: project.id, input: { name: "lineage" } });
    const { apiKey: replacement } = await rollApiKey(caller, { keyId: old.id, grace: "1h" });

    const before = await getKeyDetailOrThrow(workspace.id, old.id);
    expect(before.predecessor).toBeNull();
    expect(before.successor).toEqual({ id: replacement.id, name: "lineage", start: replacement.start, status: "active" });
    expect(before.project).toEqual({ id: project.id, name: project.name });
    const after = await getKeyDetailOrThrow(workspace.id, replacement.id);
    expect(after.predecessor).toMatchObject({ id: old.id, status: "active" });
    expect(after.successor).toBeNull();
    expect(after.revokedByName).toBeNull();

    // The replacement has no events of its own: the roll is recorded on the old key.
    expect(await listKeysAuditEvents(workspace.id, [replacement.id])).toEqual([]);
    await updateApiKey(caller, { keyId: replacement.id, changes: { name: "lineage 2" } });
    await revokeApiKey(caller, { keyId: replacement.id });
    const events = await listKeysAuditEvents(workspace.id, [replacement.id, old.id]);
    expect(events.map((e) => [e.action, e.targetKeyId])).toEqual([
      ["api_key.revoked", replacement.id],
      ["api_key.updated", replacement.id],
      ["api_key.rolled", old.id],
      ["api_key.created", old.id],
    ]);
    const revoked = await getKeyDetailOrThrow(workspace.id, replacement.id);
    expect(revoked.revokedByName).toBe(caller.actor.userName);
    expect((await getKeyDetailOrThrow(workspace.id, old.id)).successor).toMatchObject({ name: "lineage 2", status: "revoked" });
  });

  it("a key of every project has no project; another workspace sees neither the key nor its events", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const other = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "everywhere", allProjects: true } });
    expect((await getKeyDetailOrThrow(workspace.id, apiKey.id)).project).toBeNull();
    await expect(getKeyDetailOrThrow(other.workspace.id, apiKey.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await listKeysAuditEvents(other.workspace.id, [apiKey.id])).toEqual([]);
  });

  it("adds up every key of the workspace by day, with a point for every day", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const other = await newWorkspace();
    const { apiKey: a } = await createApiKey(caller, { projectId: project.id, input: { name: "a" } });
    const { apiKey: b } = await createApiKey(caller, { projectId: project.id, input: { name: "b" } });
    const { apiKey: theirs } = await createApiKey(other.caller, { projectId: other.project.id, input: { name: "theirs" } });
    const now = Date.now();
    recordUsage(a.id, true, now);
    recordUsage(a.id, false, now);
    recordUsage(b.id, true, now);
    recordUsage(theirs.id, true, now);
    recordUsage(b.id, true, now - 2 * 86_400_000);
    const days = await getUsageSeries(workspace.id, { granularity: "day" }, new Date(now));
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toMatchObject({ valid: 2, invalid: 1 });
    expect(days.at(-3)).toMatchObject({ valid: 1, invalid: 0 });
    expect(days.reduce((sum, d) => sum + d.valid + d.invalid, 0)).toBe(4);
  });
});
