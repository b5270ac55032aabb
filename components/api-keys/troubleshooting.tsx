import type { ReactNode } from "react";

/** A key prefix, as code. */
const Prefix = ({ children }: { children: string }) => <code className="font-mono text-[0.95em]">{children}</code>;

const rows = (prefix: string): { symptom: string; cause: string; fix: ReactNode }[] => [
  {
    symptom: "Requests fail to authenticate",
    cause: "Wrong key type, or a dashboard session token was used",
    fix: (
      <>
        Create an SDK key here and confirm it starts with <Prefix>{`${prefix}_`}</Prefix>.
      </>
    ),
  },
  { symptom: "Worked before, now rejected", cause: "The key was revoked or has expired", fix: "Create a new key and update your build." },
  { symptom: "Lost the key", cause: "Keys are shown only once", fix: "Revoke the old key and create a replacement." },
  {
    symptom: "403 for the right key",
    cause: "Wrong environment, a missing scope, or an app of another project or workspace",
    fix: (
      <>
        Match the key&apos;s environment to the build (<Prefix>{`${prefix}_live_`}</Prefix> for production) and its project to the{" "}
        <Prefix>appId</Prefix>.
      </>
    ),
  },
];

/** What to check when a key does not work: symptom, likely cause, fix. */
export function Troubleshooting({ keyPrefix }: { keyPrefix: string }) {
  return (
    <section aria-labelledby="troubleshooting-heading" className="space-y-3">
      <h2 id="troubleshooting-heading" className="text-lg font-semibold">
        Troubleshooting
      </h2>
      <div className="relative overflow-x-auto rounded-lg border border-border bg-surface">
        <table className="w-full text-sm">
          <thead className="bg-muted/60 text-left text-xs tracking-wide text-fg-muted uppercase">
            <tr>
              <th scope="col" className="px-3 py-2">Symptom</th>
              <th scope="col" className="px-3 py-2">Likely cause</th>
              <th scope="col" className="px-3 py-2">Fix</th>
            </tr>
          </thead>
          <tbody>
            {rows(keyPrefix).map((row) => (
              <tr key={row.symptom} className="border-t border-border align-top">
                <td className="px-3 py-2 font-medium">{row.symptom}</td>
                <td className="px-3 py-2 text-fg-muted">{row.cause}</td>
                <td className="px-3 py-2">{row.fix}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
