import type { Metadata } from "next";
import { ApiKeysView, LeakBanner } from "@/components/api-keys/api-keys-view";
import { SdkSetup } from "@/components/api-keys/sdk-setup";
import { Troubleshooting } from "@/components/api-keys/troubleshooting";
import { requirePageSession } from "@/lib/auth/page";
import { publicBaseUrl } from "@/lib/http/base-url";
import {
  countUnacknowledgedLeaks,
  getUsageSparklines,
  getWorkspacePolicy,
  listApiKeys,
  listKeyLineage,
  listLeakedKeys,
  listProjects,
  toApiKeyRow,
} from "@/lib/data";
import { env } from "@/lib/env";
import { DEFAULT_SORT_ORDER } from "@/lib/schemas/keys/domain";
import { listApiKeysQuerySchema } from "@/lib/schemas/keys/rest";

export const metadata: Metadata = { title: "API Keys" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Settings -> API Keys: guard -> data layer -> <ApiKeysView/>. The URL holds the view.
export default async function ApiKeysPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession();
  const params = await searchParams;
  const one = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : undefined);
  const [projects, leaks, policy] = await Promise.all([
    listProjects(session.workspaceId),
    countUnacknowledgedLeaks(session.workspaceId),
    getWorkspacePolicy(session.workspaceId),
  ]);
  const project = projects.find((p) => p.id === one("project")) ?? projects[0];

  const parsed = listApiKeysQuerySchema.safeParse({
    environment: one("environment"),
    status: one("status"),
    q: one("q"),
    sort: one("sort"),
    order: one("order"),
    cursor: one("cursor"),
  });
  const query = parsed.success ? parsed.data : listApiKeysQuerySchema.parse({});
  // `leaked=1`: the table's own filter (from the leak banner), not one of the API's.
  const leakedOnly = one("leaked") === "1";
  const page = project ? await listApiKeys(session.workspaceId, { projectId: project.id, leaked: leakedOnly, ...query }) : null;
  // One query for the whole page's sparklines, one for its lineage, one for the banner's keys.
  const [sparklines, lineage, leakedKeys] = await Promise.all([
    page ? getUsageSparklines(session.workspaceId, page.items.map((key) => key.id)) : new Map<string, number[]>(),
    page ? listKeyLineage(session.workspaceId, page.items) : new Map(),
    leaks > 0 ? listLeakedKeys(session.workspaceId) : [],
  ]);
  const keyPrefix = env().KEYPORT_KEY_PREFIX;

  return (
    <div className="space-y-10">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">API Keys</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Keys authenticate your apps and SDKs. Production keys start with{" "}
          <code className="font-mono">{keyPrefix}_live_</code>, staging keys with{" "}
          <code className="font-mono">{keyPrefix}_test_</code>. Each key is shown once, when you create it.
        </p>
      </header>
      {leaks > 0 ? (
        <LeakBanner
          count={leaks}
          keys={leakedKeys.map((key) => ({ ...key, reportedAt: key.reportedAt.toISOString() }))}
          projectId={project?.id ?? null}
          canWrite={session.role === "admin"}
          filterHref={project ? `/settings/api-keys?project=${project.id}&leaked=1` : null}
        />
      ) : null}
      {!parsed.success ? (
        <p role="alert" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning">
          Some filters in the link were not valid and were ignored.
        </p>
      ) : null}
      {project && page ? (
        <ApiKeysView
          project={{ id: project.id, name: project.name }}
          rows={page.items.map(toApiKeyRow)}
          total={page.total}
          totalIsCapped={page.totalIsCapped}
          offset={page.offset}
          nextCursor={page.nextCursor}
          prevCursor={page.prevCursor}
          view={{
            environment: query.environment,
            status: query.status,
            q: query.q,
            sort: query.sort,
            order: query.order ?? DEFAULT_SORT_ORDER[query.sort],
            leaked: leakedOnly,
          }}
          canWrite={session.role === "admin"}
          keyPrefix={keyPrefix}
          scopeCatalog={policy.scopes}
          policy={policy}
          sparklines={Object.fromEntries(sparklines)}
          lineage={Object.fromEntries(lineage)}
          recoverableKeys={policy.recoverableKeys === "on"}
        />
      ) : (
        <p className="text-sm text-fg-muted">This workspace has no projects yet. Create one under Projects.</p>
      )}
      {project ? <SdkSetup baseUrl={await publicBaseUrl()} projectId={project.id} /> : null}
      <Troubleshooting keyPrefix={keyPrefix} />
    </div>
  );
}
