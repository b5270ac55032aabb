// The keys table's listing: names in case-insensitive order (alike on PostgreSQL and the
// embedded database), search by name or visible start, the leaked-keys filter, the page's
// position for "51–64 of 64", and each rolled key's lineage.
import { describe, expect, it } from "vitest";
import { acknowledgeLeak, applyLeakReport, createApiKey, listApiKeys, listKeyLineage, listLeakedKeys, rollApiKey } from "@/lib/data";
import { newWorkspace } from "@/test/fixtures";
import { prisma } from "./client";
import { nameOrderPageSql } from "./key-listing";

describe("listApiKeys: the keys table's order, search and filters", () => {
  it("sorts names case-insensitively, forwards and back, across pages", async () => {
    const { workspace, project, caller } = await newWorkspace();
    // Every other key is workspace-wide: the project's listing merges both in one order.
    for (const [i, name] of ["beta", "Zeta", "alpha", "Gamma", "delta", "Alpha", "epsilon"].entries()) {
      await createApiKey(caller, { projectId: project.id, input: { name, environment: "test", allProjects: i % 2 === 1 } });
    }
    // Staging keys only: the project's default key is a Production one.
    const names = async (order: "asc" | "desc") =>
      (await listApiKeys(workspace.id, { projectId: project.id, sort: "name", order, environment: "test" })).items.map((k) => k.name);
    // "Alpha" and "alpha" tie on lower(name): the name's bytes decide ("A" before "a").
    expect(await names("asc")).toEqual(["Alpha", "alpha", "beta", "delta", "epsilon", "Gamma", "Zeta"]);
    expect(await names("desc")).toEqual(["Zeta", "Gamma", "epsilon", "delta", "beta", "alpha", "Alpha"]);

    // Four at a time: the pages join up to the whole order, and say where they stand.
    const seen: string[] = [];
    const offsets: (number | null)[] = [];
    let page = await listApiKeys(workspace.id, { projectId: project.id, sort: "name", order: "asc", environment: "test", limit: 4 });
    const first = page;
    for (;;) {
      seen.push(...page.items.map((k) => k.name));
      offsets.push(page.offset);
      if (!page.nextCursor) break;
      page = await listApiKeys(workspace.id, { projectId: project.id, sort: "name", order: "asc", environment: "test", limit: 4, cursor: page.nextCursor });
    }
    expect(seen).toEqual(["Alpha", "alpha", "beta", "delta", "epsilon", "Gamma", "Zeta"]);
    expect(offsets).toEqual([0, 4]);
    expect(page.total).toBe(7);
    const back = await listApiKeys(workspace.id, { projectId: project.id, sort: "name", order: "asc", environment: "test", limit: 4, cursor: page.prevCursor! });
    expect(back.items.map((k) => k.id)).toEqual(first.items.map((k) => k.id));
    expect(back.offset).toBe(0);
  });

  it("gives each page's position in the other orders too", async () => {
    const { workspace, project, caller } = await newWorkspace();
    for (let i = 0; i < 7; i++) await createApiKey(caller, { projectId: project.id, input: { name: `pos ${i}`, allProjects: i % 2 === 0 } });
    let page = await listApiKeys(workspace.id, { projectId: project.id, q: "pos", limit: 3 });
    const offsets = [page.offset];
    while (page.nextCursor) {
      page = await listApiKeys(workspace.id, { projectId: project.id, q: "pos", limit: 3, cursor: page.nextCursor });
      offsets.push(page.offset);
    }
    expect(offsets).toEqual([0, 3, 6]);
    expect(page.items).toHaveLength(1);
    const previous = await listApiKeys(workspace.id, { projectId: project.id, q: "pos", limit: 3, cursor: page.prevCursor! });
    expect(previous.offset).toBe(3);
  });

  it("finds a key by the beginning of its visible start, with or without the table's ellipsis", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "found by start" } });
    await createApiKey(caller, { projectId: project.id, input: { name: "another one" } });
    for (const q of [apiKey.start, `${apiKey.start}…`, apiKey.start.slice(0, 12).toLowerCase()]) {
      for (const sort of ["created", "name"] as const) {
        const found = await listApiKeys(workspace.id, { projectId: project.id, q, sort });
        expect(found.items.map((k) => k.id), `${q} by ${sort}`).toEqual([apiKey.id]);
      }
    }
    // Search text is literal: "_" is not a wildcard.
    expect((await listApiKeys(workspace.id, { projectId: project.id, q: "found_by" })).total).toBe(0);
  });

  it("lists the keys with an unacknowledged leak report, and their lineage after a roll", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const leaked = await createApiKey(caller, { projectId: project.id, input: { name: "leaky" } });
    const kept = await createApiKey(caller, { projectId: project.id, input: { name: "kept" } });
    await applyLeakReport([{ token: leaked.key, type: "keyport_api_key", url: "https://example.com/leak", source: "code" }]);
    for (const sort of ["created", "name"] as const) {
      const onlyLeaked = await listApiKeys(workspace.id, { projectId: project.id, leaked: true, sort });
      expect(onlyLeaked.items.map((k) => k.id), sort).toEqual([leaked.apiKey.id]);
    }
    const banner = await listLeakedKeys(workspace.id);
    expect(banner).toMatchObject([{ id: leaked.apiKey.id, name: "leaky", url: "https://example.com/leak", revoked: true }]);
    await acknowledgeLeak(caller, { keyId: leaked.apiKey.id });
    expect((await listApiKeys(workspace.id, { projectId: project.id, leaked: true })).total).toBe(0);
    expect(await listLeakedKeys(workspace.id)).toEqual([]);

    const rolled = await rollApiKey(caller, { keyId: kept.apiKey.id, grace: "1h" });
    const page = await listApiKeys(workspace.id, { projectId: project.id, q: "kept" });
    const lineage = await listKeyLineage(workspace.id, page.items);
    expect(lineage.get(kept.apiKey.id)).toEqual({ replaces: null, replacedBy: { id: rolled.apiKey.id, name: "kept", projectId: project.id } });
    expect(lineage.get(rolled.apiKey.id)).toEqual({ replaces: { id: kept.apiKey.id, name: "kept", projectId: project.id }, replacedBy: null });
  });

  it("reads the project's keys in name order from the index on that order, a page long, never sorting them", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "Middle" } });
    const filters = { workspaceId: workspace.id, projectId: project.id, environment: undefined, status: undefined, q: undefined, leaked: false, now: new Date() };
    type PlanNode = { "Node Type": string; "Index Name"?: string; "Index Cond"?: string; Plans?: PlanNode[] };
    const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
    for (const cursor of [null, { v: apiKey.name, id: apiKey.id, back: false }]) {
      for (const [dir, back] of [["asc", false], ["desc", false], ["asc", true]] as const) {
        const plan = await prisma.$transaction(async (tx) => {
          // A few rows read faster without an index: the planner is told to prefer one where
          // it can, and to sort only what no index gives in order.
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          await tx.$executeRawUnsafe("SET LOCAL enable_sort = off");
          const { text, values } = nameOrderPageSql(filters, dir, cursor && { ...cursor, back }, back, 51);
          const [row] = await tx.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`EXPLAIN (FORMAT JSON) ${text}`, ...values);
          return row!["QUERY PLAN"][0].Plan;
        });
        const label = `${dir}${back ? ", back" : ""}${cursor ? ", after a cursor" : ""}`;
        // The project's own keys: their page (below the merge's limit) is read in order from
        // the index...
        const ownPage = nodes(plan).slice(1).filter(
          (node) => node["Node Type"] === "Limit" && nodes(node).some((n) => n["Index Cond"]?.includes(project.id)),
        );
        expect(ownPage, label).toHaveLength(1);
        const read = nodes(ownPage[0]!);
        expect(read.filter((n) => n["Node Type"] === "Sort"), label).toEqual([]);
        const scan = read.find((n) => n["Index Cond"]?.includes(project.id));
        expect(scan?.["Index Name"], label).toBe("api_keys_workspace_id_project_id_name_order_idx");
        // ...starting at the cursor's place among its entries, not filtering every key.
        if (cursor) expect(scan?.["Index Cond"], label).toContain("lower");
      }
    }
  });
});
