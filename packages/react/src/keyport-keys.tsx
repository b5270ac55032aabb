"use client";

// <KeyportKeys baseUrl token />: the list of a portal session's keys, with Create (the key is
// revealed once, with Copy), Roll (with a grace period) and Revoke (a confirmation naming the
// key). SSR-safe: rendering touches no browser global; the keys load in an effect, and dialogs
// open from event handlers. Dialogs are native <dialog>s opened modally: the browser traps
// focus, Escape closes them, and focus returns to the button that opened them.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { PortalApiError, portalClient, type CreatedPortalKey, type Environment, type GracePeriod, type PortalKey } from "./client";
import { KEYPORT_KEYS_CSS } from "./styles";

export type KeyportKeysProps = {
  /** Where the portal API is: `https://keys.example.com/api/v1/portal` (or `/portal/api` on the hosted portal). */
  baseUrl: string;
  /** The portal session's token (`kpp_…`), from your backend. Without one, the same-origin cookie is used. */
  token?: string;
  /** The heading above the list. */
  title?: string;
  /** Something to show under each key (the hosted portal shows its usage chart). */
  renderKeyDetails?: (key: PortalKey) => ReactNode;
  className?: string;
};

const GRACE_LABEL: Record<GracePeriod, string> = { none: "None: stop at once", "1h": "1 hour", "24h": "24 hours", "7d": "7 days" };
const ENVIRONMENT_LABEL: Record<Environment, string> = { live: "Production (live)", test: "Staging (test)" };
const DATE = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

type Dialog =
  | { kind: "create" }
  | { kind: "reveal"; created: CreatedPortalKey; rolledFrom?: PortalKey }
  | { kind: "roll"; key: PortalKey }
  | { kind: "revoke"; key: PortalKey }
  | null;

function status(key: PortalKey): string {
  if (key.revoked_at) return "Revoked";
  if (key.rolled_to) return key.is_active ? "Rolled, in grace period" : "Rolled";
  if (!key.is_active) return "Expired";
  return "Active";
}

function message(error: unknown): string {
  if (error instanceof PortalApiError) {
    if (error.status === 401) return "This session has ended. Ask for a new link to manage your keys.";
    const fields = error.errors.map((e) => e.message).filter((m) => m && m !== error.message);
    return [error.message, ...fields].join(" ");
  }
  return "Keyport could not be reached. Check your connection and try again.";
}

export function KeyportKeys({ baseUrl, token, title = "API keys", renderKeyDetails, className }: KeyportKeysProps) {
  const client = useMemo(() => portalClient({ baseUrl, token }), [baseUrl, token]);
  const [keys, setKeys] = useState<PortalKey[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [announcement, setAnnouncement] = useState("");
  const headingId = useId();

  const reload = useCallback(async () => {
    try {
      setKeys(await client.listKeys());
      setLoadError(null);
    } catch (error) {
      setLoadError(message(error));
    }
  }, [client]);

  useEffect(() => {
    let current = true;
    client.listKeys().then(
      (loaded) => {
        if (!current) return;
        setKeys(loaded);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError(message(error));
      },
    );
    return () => {
      current = false;
    };
  }, [client]);

  const close = () => setDialog(null);

  return (
    <section className={["kp-keys", className].filter(Boolean).join(" ")} aria-labelledby={headingId}>
      <style>{KEYPORT_KEYS_CSS}</style>
      <div className="kp-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="kp-primary" onClick={() => setDialog({ kind: "create" })}>
          Create key
        </button>
      </div>
      <p className="kp-sr" role="status" aria-live="polite">
        {announcement}
      </p>
      {loadError ? (
        <p className="kp-error" role="alert">
          {loadError}
        </p>
      ) : keys === null ? (
        <p className="kp-muted">Loading keys…</p>
      ) : keys.length === 0 ? (
        <p className="kp-muted">No keys yet. Create one to get started.</p>
      ) : (
        <ul className="kp-list" aria-label="Your keys">
          {keys.map((key) => (
            <li key={key.key_id} className="kp-key">
              <div className="kp-key-head">
                <span className="kp-name">{key.name}</span>
                <span className="kp-badge">{status(key)}</span>
              </div>
              <div className="kp-muted">
                <code>{key.key_prefix}…</code> · {ENVIRONMENT_LABEL[key.environment]} · created {DATE.format(new Date(key.created_at))}
                {key.expires_at ? ` · expires ${DATE.format(new Date(key.expires_at))}` : ""}
                {key.scopes.length ? ` · scopes: ${key.scopes.join(", ")}` : ""}
              </div>
              {key.is_active && !key.rolled_to ? (
                <div className="kp-actions">
                  <button type="button" onClick={() => setDialog({ kind: "roll", key })} aria-label={`Roll ${key.name}`}>
                    Roll
                  </button>
                  <button type="button" className="kp-danger" onClick={() => setDialog({ kind: "revoke", key })} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </button>
                </div>
              ) : null}
              {renderKeyDetails ? renderKeyDetails(key) : null}
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === "create" ? (
        <CreateDialog
          onClose={close}
          onCreate={async (input) => {
            const created = await client.createKey(input);
            setDialog({ kind: "reveal", created });
            setAnnouncement(`Key ${created.name} created.`);
            await reload();
          }}
        />
      ) : null}
      {dialog?.kind === "roll" ? (
        <RollDialog
          target={dialog.key}
          onClose={close}
          onRoll={async (grace) => {
            const created = await client.rollKey(dialog.key.key_id, grace);
            setDialog({ kind: "reveal", created, rolledFrom: dialog.key });
            setAnnouncement(`Key ${dialog.key.name} rolled.`);
            await reload();
          }}
        />
      ) : null}
      {dialog?.kind === "revoke" ? (
        <RevokeDialog
          target={dialog.key}
          onClose={close}
          onRevoke={async () => {
            await client.revokeKey(dialog.key.key_id);
            close();
            setAnnouncement(`Key ${dialog.key.name} revoked.`);
            await reload();
          }}
        />
      ) : null}
      {dialog?.kind === "reveal" ? <RevealDialog created={dialog.created} rolled={Boolean(dialog.rolledFrom)} onClose={close} /> : null}
    </section>
  );
}

/** A native modal dialog, shown once mounted, that reports its closing (Escape included). */
function ModalFrame({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId} style={{ marginBottom: 12 }}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/** Runs a dialog's action, keeping its error to show inline. */
function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<PortalApiError | string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (thrown) {
      setError(thrown instanceof PortalApiError ? thrown : message(thrown));
    } finally {
      setPending(false);
    }
  };
  const text = error === null ? null : typeof error === "string" ? error : message(error);
  return { pending, error, text, run };
}

function CreateDialog({ onClose, onCreate }: { onClose: () => void; onCreate: (input: { name: string; environment: Environment; scopes?: string[] }) => Promise<void> }) {
  const { pending, error, text, run } = useAction();
  const nameId = useId();
  const errorId = useId();
  const nameError = error instanceof PortalApiError ? error.errors.find((e) => e.location === "body.name")?.message : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const scopes = String(data.get("scopes") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    void run(() =>
      onCreate({ name: String(data.get("name") ?? ""), environment: data.get("environment") as Environment, ...(scopes.length ? { scopes } : {}) }),
    );
  };
  return (
    <ModalFrame title="Create a key" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <label htmlFor={nameId}>
          Name
          <input id={nameId} name="name" autoComplete="off" required maxLength={64} aria-invalid={nameError ? true : undefined} aria-describedby={text ? errorId : undefined} />
        </label>
        <label>
          Environment
          <select name="environment" defaultValue="live">
            <option value="live">{ENVIRONMENT_LABEL.live}</option>
            <option value="test">{ENVIRONMENT_LABEL.test}</option>
          </select>
        </label>
        <label>
          Scopes (optional, separated by spaces)
          <input name="scopes" autoComplete="off" />
        </label>
        {text ? (
          <p id={errorId} className="kp-error" role="alert">
            {text}
          </p>
        ) : null}
        <div className="kp-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="kp-primary" disabled={pending}>
            {pending ? "Creating…" : "Create key"}
          </button>
        </div>
      </form>
    </ModalFrame>
  );
}

function RollDialog({ target, onClose, onRoll }: { target: PortalKey; onClose: () => void; onRoll: (grace: GracePeriod) => Promise<void> }) {
  const { pending, text, run } = useAction();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const grace = new FormData(event.currentTarget).get("grace_period") as GracePeriod;
    void run(() => onRoll(grace));
  };
  return (
    <ModalFrame title={`Roll ${target.name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="kp-muted" style={{ margin: 0 }}>
          A new key replaces this one. The old key keeps working for the grace period you choose, so you can deploy the new one first.
        </p>
        <label>
          Grace period
          <select name="grace_period" defaultValue="24h">
            {(Object.keys(GRACE_LABEL) as GracePeriod[]).map((grace) => (
              <option key={grace} value={grace}>
                {GRACE_LABEL[grace]}
              </option>
            ))}
          </select>
        </label>
        {text ? (
          <p className="kp-error" role="alert">
            {text}
          </p>
        ) : null}
        <div className="kp-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="kp-primary" disabled={pending}>
            {pending ? "Rolling…" : "Roll key"}
          </button>
        </div>
      </form>
    </ModalFrame>
  );
}

function RevokeDialog({ target, onClose, onRevoke }: { target: PortalKey; onClose: () => void; onRevoke: () => Promise<void> }) {
  const { pending, text, run } = useAction();
  return (
    <ModalFrame title={`Revoke ${target.name}?`} onClose={onClose}>
      <p style={{ marginTop: 0 }}>
        The key <strong>{target.name}</strong> (<code>{target.key_prefix}…</code>) stops working at once, everywhere it is used. This cannot be undone.
      </p>
      {text ? (
        <p className="kp-error" role="alert">
          {text}
        </p>
      ) : null}
      <div className="kp-footer">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="kp-danger-solid" disabled={pending} onClick={() => void run(onRevoke)}>
          {pending ? "Revoking…" : `Revoke ${target.name}`}
        </button>
      </div>
    </ModalFrame>
  );
}

function RevealDialog({ created, rolled, onClose }: { created: CreatedPortalKey; rolled: boolean; onClose: () => void }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <ModalFrame title={rolled ? `Your new key for ${created.name}` : `Your key ${created.name}`} onClose={onClose}>
      <p style={{ marginTop: 0 }}>Copy it now: it is shown only this once.</p>
      <code className="kp-secret" aria-label="The new key">
        {created.key}
      </code>
      <p className="kp-muted" role="status" aria-live="polite">
        {copied === "yes" ? "Copied to the clipboard." : copied === "no" ? "Copying failed: select the key and copy it yourself." : ""}
      </p>
      <div className="kp-footer">
        <button type="button" className="kp-primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalFrame>
  );
}
