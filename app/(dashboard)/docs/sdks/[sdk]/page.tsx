import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SDK_PAGES, SDKS, installCommand, type SdkSlug } from "@/components/api-keys/sdk-catalogue";
import { CodeBlock } from "@/components/docs/code-block";
import { requirePageSession } from "@/lib/auth/page";
import { publicBaseUrl } from "@/lib/http/base-url";

type Params = { params: Promise<{ sdk: string }> };

const isSdk = (slug: string): slug is SdkSlug => Object.hasOwn(SDK_PAGES, slug);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { sdk } = await params;
  return { title: isSdk(sdk) ? SDK_PAGES[sdk].title : "SDK" };
}

/** What each page says beyond installing and verifying: managing keys, and where to read more. */
const MANAGE: Record<SdkSlug, { language: "go" | "typescript" | "python" | "bash"; code: string; readme: string }> = {
  typescript: {
    language: "typescript",
    readme: "packages/sdk/README.md",
    code: `const keyport = new Keyport({ baseUrl, managementKey: process.env.KEYPORT_MANAGEMENT_KEY });
const created = await keyport.keys.create(projectId, { name: "billing-worker", environment: "live" });
const rolled = await keyport.keys.roll(projectId, created.key_id, { grace_period: "1h" });
await keyport.keys.revoke(projectId, rolled.key_id);`,
  },
  go: {
    language: "go",
    readme: "sdks/go/README.md",
    code: `client := keyport.NewClient(baseURL, keyport.WithManagementKey(os.Getenv("KEYPORT_MANAGEMENT_KEY")))
created, err := client.Keys.Create(ctx, projectID, keyport.CreateKeyParams{Name: "billing-worker", Environment: "live"})
rolled, err := client.Keys.Roll(ctx, projectID, created.KeyID, keyport.RollKeyParams{GracePeriod: "1h"})
err = client.Keys.Revoke(ctx, projectID, rolled.KeyID)`,
  },
  python: {
    language: "python",
    readme: "sdks/python/README.md",
    code: `client = keyport.Client(base_url, management_key=os.environ["KEYPORT_MANAGEMENT_KEY"])
created = client.keys.create(project_id, name="billing-worker", environment="live")
rolled = client.keys.roll(project_id, created["key_id"], grace_period="1h")
client.keys.revoke(project_id, rolled["key_id"])`,
  },
  cli: {
    language: "bash",
    readme: "packages/cli/README.md",
    code: `keyport keys create --project P --name billing-worker --environment live   # the key is printed once
keyport keys roll KEY_ID --project P --grace-period 1h
keyport keys revoke KEY_ID --project P
keyport audit list --since 24h --json                                       # exit 0, 1 (API error) or 2 (usage)`,
  },
};

/** One page per SDK: install it from this instance, verify a key, manage keys with a kpm_ key. */
export default async function SdkPage({ params }: Params) {
  await requirePageSession();
  const { sdk } = await params;
  if (!isSdk(sdk)) notFound();
  const baseUrl = await publicBaseUrl();
  const page = SDK_PAGES[sdk];
  const manage = MANAGE[sdk];
  const target = { baseUrl, projectId: "YOUR_PROJECT_ID" };
  return (
    <div className="max-w-4xl space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{page.title}</h1>
        <p className="text-sm text-fg-muted">
          Built from this instance at its own version and served by it: install with one command, no public registry needed.
          Failures carry the problem document and its request id; 429 and 503 answers are retried after their Retry-After, and
          every POST carries an Idempotency-Key kept across its retries.
        </p>
        <nav aria-label="SDKs" className="flex flex-wrap gap-3 text-sm">
          {SDKS.filter((entry) => entry.slug).map((entry) => (
            <Link key={entry.slug} href={`/docs/sdks/${entry.slug}`} aria-current={entry.slug === sdk ? "page" : undefined} className="text-accent underline aria-[current=page]:font-semibold aria-[current=page]:no-underline">
              {entry.name}
            </Link>
          ))}
          <Link href="/docs/api" className="text-accent underline">
            API reference
          </Link>
        </nav>
      </header>
      <section aria-labelledby="install-heading" className="space-y-2">
        <h2 id="install-heading" className="text-lg font-semibold">
          Install
        </h2>
        <CodeBlock code={installCommand(sdk, baseUrl)} language="bash" title="Install" label="Install command" />
      </section>
      <section aria-labelledby="verify-heading" className="space-y-2">
        <h2 id="verify-heading" className="text-lg font-semibold">
          Verify a key
        </h2>
        <CodeBlock code={page.snippet(target)} language={page.language} title="Verify" label="Verify snippet" />
      </section>
      <section aria-labelledby="manage-heading" className="space-y-2">
        <h2 id="manage-heading" className="text-lg font-semibold">
          Manage keys
        </h2>
        <p className="text-sm text-fg-muted">
          With a management key (<code className="font-mono">kpm_…</code>, Settings → Management keys) holding the permissions it
          needs. Everything else the management API does is there too: projects, usage, the audit log, webhooks, the key policy and
          management keys. The package&apos;s README (<code className="font-mono">{manage.readme}</code>) lists every call.
        </p>
        <CodeBlock code={manage.code} language={manage.language} title="Create, roll, revoke" label="Manage snippet" />
      </section>
    </div>
  );
}
