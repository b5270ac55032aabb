import { KeyRound } from "lucide-react";

export function Brand() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold text-fg">
      <span className="grid h-7 w-7 place-items-center rounded-md bg-accent text-accent-fg">
        <KeyRound className="h-4 w-4" aria-hidden />
      </span>
      Keyport
    </span>
  );
}

export function LocalModeBadge() {
  return (
    <span
      className="rounded-full border border-warning/40 bg-warning/10 px-2 py-0.5 text-xs font-medium text-warning"
      title="Signed in without Clerk. Listening on 127.0.0.1 only."
    >
      Local mode
    </span>
  );
}
