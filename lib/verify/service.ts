import ipaddr from "ipaddr.js";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import { hashKey, looksLikeManagementKey, looksLikePortalToken, parseKey, parseManagementKey, parsePortalToken } from "@/lib/keys/token";
import { inRanges, type IpRange } from "@/lib/net/ip";
import type { LimitState } from "@/lib/limits/limiter";
import type { Environment } from "@/lib/schemas/keys/domain";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { nextRefillAt } from "@/lib/credits/refill";

// THE key service: the one place that decides a verification. It is handed everything it
// depends on (the key store, the limiters, the recorder and the clock), decides a verification
// completely (the client's failed-verification standing, the key and its rules, the key's own
// limit), and records it once, with its final outcome. The HTTP exchange only parses the
// request and writes the answer (lib/http/verify-exchange.ts); unit tests drive this with fakes
// of its inputs, the integration tests with the real database and limiters.

/** A balance a verification may be charged to: whose, and when it refills (null: never). */
export type Balance = {
  kind: "identity" | "key";
  id: string;
  refill: { interval: "daily" | "monthly"; dayOfMonth: number | null } | null;
  /** The refill moment the balance last had, as read (ms since the epoch). */
  refilledAt: number | null;
};

/** The identity that owns a key, as verification needs it. */
export type StoredIdentity = {
  id: string;
  externalId: string;
  meta: Record<string, unknown>;
  /** Shared by every key of the identity, on every instance. */
  rateLimit: { limit: number; windowS: number } | null;
  /** The identity's credits; null: unlimited. */
  credits: Balance | null;
};

/** What verification needs of a stored key. */
export type StoredKey = {
  id: string;
  workspaceId: string;
  projectId: string | null;
  environment: Environment;
  scopes: string[];
  expiresAt: Date | null;
  name: string;
  revoked: boolean;
  /** Deactivated: refused exactly as a revoked key is, until it is reactivated. */
  deactivated?: boolean;
  /** Where the key may be used from, parsed once (empty: anywhere). */
  allowedIps: IpRange[];
  rateLimit: { limit: number; windowS: number } | null;
  identity: StoredIdentity | null;
  /** The key's own credits; null: unlimited. */
  credits: Balance | null;
};

export type VerifiedKey = Omit<StoredKey, "revoked" | "deactivated">;

/** What authenticating a management key (`kpm_…`) needs of a stored one. */
export type StoredManagementKey = {
  id: string;
  workspaceId: string;
  name: string;
  permissions: string[];
  expiresAt: Date | null;
  revoked: boolean;
};

export type VerifiedManagementKey = Omit<StoredManagementKey, "revoked">;

/** What authenticating a portal session's token (`kpp_…`) needs of a stored session. */
export type StoredPortalSession = {
  id: string;
  workspaceId: string;
  projectId: string;
  identityId: string;
  /** The identity's id in the product that opened the session: how the audit trail names it. */
  externalId: string;
  /** What the session may do: `keys:read`, `keys:create`, `keys:roll`, `keys:revoke`, `usage:read`. */
  permissions: string[];
  environments: Environment[];
  /** The scopes new keys may be given (empty: none may be asked for). */
  scopes: string[];
  returnUrl: string | null;
  /** The origins whose pages the workspace lets call the portal API from a browser (CORS). */
  origins: string[];
  expiresAt: Date;
  /** Ended early (`DELETE /api/v1/portal/sessions/{id}`). */
  ended: boolean;
};

export type VerifiedPortalSession = Omit<StoredPortalSession, "ended">;

export const VERIFY_FAILURE_REASONS = [
  "malformed",
  "bad_checksum",
  "unknown",
  "revoked",
  "deactivated",
  "expired",
  "ip_not_allowed",
  "wrong_project",
  "wrong_environment",
  "missing_scope",
  "usage_exceeded",
] as const;
export type VerifyFailureReason = (typeof VERIFY_FAILURE_REASONS)[number];

/** Where keys come from: a cache in front of the database. Throws a 503 AppError when it cannot tell. */
export type KeyStore = {
  findByHash(hash: string): Promise<StoredKey | null>;
  /** The management key with this hash, through the same cache and revocation channel. */
  findManagementKeyByHash(hash: string): Promise<StoredManagementKey | null>;
  /**
   * The portal session with this token hash. Read from the database every time, never cached:
   * ending a session takes effect on the next request, on every instance.
   */
  findPortalSessionByHash(hash: string): Promise<StoredPortalSession | null>;
  /** The workspace a project belongs to, or null when there is no such project. */
  projectWorkspace(projectId: string): Promise<string | null>;
};

/** One limiter's counter for one client: as lib/limits/limiter.ts's Limiter. */
export type KeyLimiter<Budget> = {
  peek(id: string, budget: Budget): Promise<LimitState>;
  consume(id: string, points: number, budget: Budget): Promise<LimitState>;
};

export type VerifyLimits<Budget> = {
  /** Failed verifications per client address; null when that limit is off. */
  failed(): KeyLimiter<Budget> | null;
  /** A key's own limit. */
  key(rateLimit: { limit: number; windowS: number }): KeyLimiter<Budget>;
  /** An identity's limit, shared by all its keys. */
  identity(rateLimit: { limit: number; windowS: number }): KeyLimiter<Budget>;
  /** How long one verification's limit work may wait on a shared store, in all. */
  budget(): Budget;
  /** The 429 for a request past `refused`. */
  refusal(refused: LimitState, states: readonly LimitState[]): AppError;
};

/** One verification as recorded: its usage count and its log entry. */
export type VerificationEntry = {
  at: number;
  requestId: string;
  keyId: string | null;
  status: number;
  code: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type VerifyRecorder = {
  /** Counts a use of a key: valid or not. */
  usage(keyId: string, valid: boolean, at: number): void;
  verification(entry: VerificationEntry): void;
  /** A management key was used successfully (its `last_used_at`). */
  managementKeyUsed(keyId: string, at: number): void;
};

/** What charging a verification's cost came to. */
export type ChargeResult =
  /** Charged (or, at cost 0, checked): the lowest balance left (null: every balance turned out unlimited). */
  | { ok: true; remaining: number | null }
  /** Not enough in `exhausted` (nothing was charged anywhere); each one's next refill, if it has one. */
  | { ok: false; exhausted: Balance[] };

/** The balances verifications are charged to. Exact: a balance is never overspent, on any number of instances. */
export type CreditLedger = {
  /**
   * Charges `cost` to every balance, all or none: each must hold at least `cost` (and at least
   * one credit, so cost 0 on an empty balance is refused too). Refills that are due at `now`
   * happen first.
   */
  charge(balances: readonly Balance[], cost: number, now: number): Promise<ChargeResult>;
};

export type KeyServiceDeps<Budget> = {
  store: KeyStore;
  limits: VerifyLimits<Budget>;
  credits: CreditLedger;
  recorder: VerifyRecorder;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Key prefixes this deployment accepts. */
  prefixes: readonly string[];
  /** Any error as the AppError a client sees (a bug becomes a logged 500, a database outage a 503). */
  describe: (error: unknown, requestId: string) => AppError;
};

/** What the caller asks, once the request is parsed. */
export type VerifyQuestion = {
  key: string;
  appId?: string | undefined;
  environment?: Environment | undefined;
  scopes?: string[] | undefined;
  /** What this verification costs the key's balances (default 1). */
  cost?: number | undefined;
};

export type VerifyRequest = {
  requestId: string;
  /** The client's address as the server resolved it; null when unknown. */
  clientIp: string | null;
  userAgent: string | null;
  /** The question, or why the request could not be read as one (a missing bearer, a bad body). */
  question: VerifyQuestion | AppError;
};

/** A management API request's bearer, when it is a management key. */
export type ManagementKeyRequest = { requestId: string; clientIp: string | null; token: string };

export type ManagementVerdict = { ok: true; key: VerifiedManagementKey } | { ok: false; error: AppError };

/** A portal API request's bearer (or the hosted portal's cookie): a portal session's token. */
export type PortalTokenRequest = ManagementKeyRequest;

export type PortalVerdict = { ok: true; session: VerifiedPortalSession } | { ok: false; error: AppError };

/** What the shared token path needs to know of one kind of token. */
type TokenKind<Stored, Verified> = {
  parse(token: string): { ok: boolean };
  find(hash: string): Promise<Stored | null>;
  /** The stored token as its caller gets it, or null when it is revoked, ended or expired at `now`. */
  usable(stored: Stored, now: number): Verified | null;
  invalidDetail: string;
};

export type Verdict =
  | { ok: true; key: VerifiedKey; limits: LimitState[]; /** The lowest balance left, when one applies. */ credits?: { remaining: number } }
  | { ok: false; error: AppError; reason?: VerifyFailureReason; keyId: string | null; limits: LimitState[] };

/** Where a client with no known address is counted: together, never unlimited. */
export const UNKNOWN_CLIENT = "unknown";

const environmentLabel = (environment: Environment) => `${ENVIRONMENT_LABEL[environment].toLowerCase()} (${environment})`;

const INVALID_KEY_DETAIL = "The API key is invalid, revoked or expired.";
export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="keyport", error="invalid_token"';
/** The one answer to every unusable management key: malformed, mistyped, unknown, revoked or expired. */
export const INVALID_MANAGEMENT_KEY_DETAIL = "The management key is invalid, revoked or expired.";
/** A management key sent to the verify route: it authenticates the management API, not SDK calls. */
/** The one answer to every unusable portal token: malformed, mistyped, unknown, ended or expired. */
export const INVALID_PORTAL_TOKEN_DETAIL = "The portal session is invalid, ended or expired. Ask the product that sent you here for a new link.";
export const MANAGEMENT_KEY_ON_VERIFY_DETAIL =
  "This is a management key (kpm_…): it calls the management API (/api/v1/projects, /api/v1/management-keys, …), it is not an SDK key. Verify an SDK key here.";

/** A portal token sent to the verify route: it manages one identity's keys, it is not an SDK key. */
export const PORTAL_TOKEN_ON_VERIFY_DETAIL =
  "This is a portal session token (kpp_…): it calls the portal API (/api/v1/portal/keys), it is not an SDK key. Verify an SDK key here.";

/** How each refusal is answered. Everything about an unusable key is one identical 401. */
const FAILURE_CODE: Record<VerifyFailureReason, Extract<ErrorCode, "invalid_api_key" | "forbidden">> = {
  malformed: "invalid_api_key",
  bad_checksum: "invalid_api_key",
  unknown: "invalid_api_key",
  revoked: "invalid_api_key",
  deactivated: "invalid_api_key",
  expired: "invalid_api_key",
  ip_not_allowed: "forbidden",
  wrong_project: "forbidden",
  wrong_environment: "forbidden",
  missing_scope: "forbidden",
  usage_exceeded: "forbidden",
};

/** The key's own decision, before any limit. `key` is set when a key was found, usable or not. */
type KeyOutcome =
  | { valid: true; key: VerifiedKey }
  | { valid: false; reason: VerifyFailureReason; detail: string; keyId: string | null; key?: VerifiedKey; publicDetail?: string };

/**
 * A stored key as its verdict carries it (without `revoked` and `deactivated`), made once per
 * stored key: the cache hands out the same stored object for every request, and the answer's
 * serialised body is kept per verified key (lib/http/verify-exchange.ts), so it must be the
 * same object each time too.
 */
const verifiedKeys = new WeakMap<StoredKey, VerifiedKey>();

function verifiedKey(stored: StoredKey): VerifiedKey {
  let key = verifiedKeys.get(stored);
  if (!key) {
    const { revoked: _revoked, deactivated: _deactivated, ...rest } = stored;
    key = rest;
    verifiedKeys.set(stored, key);
  }
  return key;
}

function fromAllowedAddress(key: StoredKey, clientIp: string | null): boolean {
  if (!clientIp || !ipaddr.isValid(clientIp)) return false;
  return inRanges(ipaddr.process(clientIp), key.allowedIps);
}

export class KeyService<Budget> {
  constructor(private readonly deps: KeyServiceDeps<Budget>) {}

  /** Decides a verification, records it once with its final outcome, and returns it. */
  async verify(request: VerifyRequest): Promise<Verdict> {
    const verdict = await this.decide(request);
    this.record(request, verdict);
    return verdict;
  }

  private async decide(request: VerifyRequest): Promise<Verdict> {
    const { limits, describe } = this.deps;
    const client = request.clientIp ?? UNKNOWN_CLIENT;
    const budget = limits.budget();
    const states: LimitState[] = [];
    try {
      // A client past its failed-verification quota is refused before anything else.
      const failed = limits.failed();
      const standing = failed ? await failed.peek(client, budget) : null;
      if (standing?.exceeded) return { ok: false, error: limits.refusal(standing, [standing]), keyId: null, limits: [standing] };
      let outcome: KeyOutcome | null = null;
      let error: AppError | null = null;
      if (isAppError(request.question)) error = request.question;
      else {
        try {
          outcome = await this.check(request.question, request.clientIp);
        } catch (thrown) {
          error = describe(thrown, request.requestId);
        }
      }
      if (outcome && !outcome.valid) error = this.refusalOf(outcome);
      // Every 401 counts against the client's quota: a malformed key too, though it costs no query.
      if (failed && standing) states.push(error?.status === 401 ? await failed.consume(client, 1, budget) : standing);
      const key = outcome?.key;
      if (key?.rateLimit) {
        // The key's own limit counts every verification that reaches the key.
        const own = await limits.key(key.rateLimit).consume(key.id, 1, budget);
        states.push(own);
        if (own.exceeded) return { ok: false, error: limits.refusal(own, states), keyId: key.id, limits: states };
      }
      if (key?.identity?.rateLimit) {
        // The identity's limit is shared by all its keys: it counts every verification that reaches one.
        const shared = await limits.identity(key.identity.rateLimit).consume(key.identity.id, 1, budget);
        states.push(shared);
        if (shared.exceeded) return { ok: false, error: limits.refusal(shared, states), keyId: key.id, limits: states };
      }
      if (outcome?.valid) {
        // Credits last: only a verification that passes everything else is charged.
        const balances = [outcome.key.credits, outcome.key.identity?.credits].filter((b): b is Balance => b != null);
        if (balances.length === 0) return { ok: true, key: outcome.key, limits: states };
        const cost = isAppError(request.question) ? 1 : (request.question.cost ?? 1);
        const charged = await this.deps.credits.charge(balances, cost, this.deps.clock());
        if (!charged.ok) {
          return { ok: false, error: this.usageExceeded(charged.exhausted), reason: "usage_exceeded", keyId: outcome.key.id, limits: states };
        }
        return { ok: true, key: outcome.key, limits: states, ...(charged.remaining !== null ? { credits: { remaining: charged.remaining } } : {}) };
      }
      return {
        ok: false,
        error: error ?? describe(new Error("no outcome"), request.requestId),
        ...(outcome && !outcome.valid ? { reason: outcome.reason } : {}),
        keyId: outcome && !outcome.valid ? outcome.keyId : null,
        limits: states,
      };
    } catch (thrown) {
      return { ok: false, error: describe(thrown, request.requestId), keyId: null, limits: states };
    }
  }

  /** The 429 of a verification its balances cannot pay for: Retry-After until the refill that makes it possible. */
  private usageExceeded(exhausted: readonly Balance[]): AppError {
    const now = this.deps.clock();
    const refills = exhausted.map((balance) => (balance.refill ? nextRefillAt(balance.refill, now) : null));
    const whose = exhausted.some((b) => b.kind === "identity") ? (exhausted.length > 1 ? "This key and its identity have" : "This key's identity has") : "This key has";
    if (refills.some((at) => at === null)) {
      return new AppError("usage_exceeded", `${whose} run out of credits. Add credits to continue.`);
    }
    const at = Math.max(...(refills as number[]));
    const retryAfter = Math.max(1, Math.ceil((at - now) / 1000));
    return new AppError("usage_exceeded", `${whose} run out of credits until the next refill, at ${new Date(at).toISOString()}.`, {
      headers: { "retry-after": String(retryAfter) },
    });
  }

  /** One identical 401 for every unusable key (whether it exists never leaks); a clear 403 otherwise. */
  private refusalOf(outcome: Extract<KeyOutcome, { valid: false }>): AppError {
    return FAILURE_CODE[outcome.reason] === "forbidden"
      ? new AppError("forbidden", outcome.detail)
      : new AppError("invalid_api_key", outcome.publicDetail ?? INVALID_KEY_DETAIL, { headers: { "www-authenticate": INVALID_TOKEN_CHALLENGE } });
  }

  /**
   * Authenticates a management API request's `kpm_…` bearer: the same store and cache as SDK
   * keys (so the same revocation channel and staleness bound), and the same per-address quota
   * of failures. Every unusable key gets one identical 401; a client past its quota a 429.
   */
  async authenticateManagementKey(request: ManagementKeyRequest): Promise<ManagementVerdict> {
    const verdict = await this.authenticateToken(request, {
      parse: parseManagementKey,
      find: (hash) => this.deps.store.findManagementKeyByHash(hash),
      usable: ({ revoked, ...key }, now) => (revoked || (key.expiresAt && key.expiresAt.getTime() <= now) ? null : key),
      invalidDetail: INVALID_MANAGEMENT_KEY_DETAIL,
    });
    if (!verdict.ok) return verdict;
    this.deps.recorder.managementKeyUsed(verdict.value.id, this.deps.clock());
    return { ok: true, key: verdict.value };
  }

  /**
   * Authenticates a portal API request's `kpp_…` token (the component's bearer, or the hosted
   * portal's cookie) by the same path as a management key: the same per-address quota of
   * failures, one identical 401 for every unusable token. A session is read from the database
   * each time, so one that was ended is refused on its next request.
   */
  async authenticatePortalSession(request: PortalTokenRequest): Promise<PortalVerdict> {
    const verdict = await this.authenticateToken(request, {
      parse: parsePortalToken,
      find: (hash) => this.deps.store.findPortalSessionByHash(hash),
      usable: ({ ended, ...session }, now) => (ended || session.expiresAt.getTime() <= now ? null : session),
      invalidDetail: INVALID_PORTAL_TOKEN_DETAIL,
    });
    return verdict.ok ? { ok: true, session: verdict.value } : verdict;
  }

  /**
   * The one path for our own tokens: the client's failed quota first, then parse (a bad
   * checksum costs no lookup), find by hash, and check it is still usable. Every failure is the
   * same 401 and counts against the client.
   */
  private async authenticateToken<Stored, Verified>(
    request: ManagementKeyRequest,
    kind: TokenKind<Stored, Verified>,
  ): Promise<{ ok: true; value: Verified } | { ok: false; error: AppError }> {
    const { limits, describe, clock } = this.deps;
    const client = request.clientIp ?? UNKNOWN_CLIENT;
    const budget = limits.budget();
    try {
      const failed = limits.failed();
      const standing = failed ? await failed.peek(client, budget) : null;
      if (standing?.exceeded) return { ok: false, error: limits.refusal(standing, [standing]) };
      const stored = kind.parse(request.token).ok ? await kind.find(hashKey(request.token)) : null;
      const value = stored ? kind.usable(stored, clock()) : null;
      if (!value) {
        if (failed) await failed.consume(client, 1, budget);
        return { ok: false, error: new AppError("unauthorized", kind.invalidDetail, { headers: { "www-authenticate": INVALID_TOKEN_CHALLENGE } }) };
      }
      return { ok: true, value };
    } catch (thrown) {
      return { ok: false, error: describe(thrown, request.requestId) };
    }
  }

  /** The key and its rules: parse (a bad checksum costs no lookup), find, then each rule in turn. */
  private async check(question: VerifyQuestion, clientIp: string | null): Promise<KeyOutcome> {
    if (looksLikeManagementKey(question.key) || looksLikePortalToken(question.key)) {
      // Not looked up: the answer says what it is, never whether it exists.
      return { valid: false, reason: "malformed", keyId: null, detail: "a management key or portal token sent to verify", publicDetail: looksLikePortalToken(question.key) ? PORTAL_TOKEN_ON_VERIFY_DETAIL : MANAGEMENT_KEY_ON_VERIFY_DETAIL };
    }
    const parsed = parseKey(question.key, this.deps.prefixes);
    if (!parsed.ok) {
      const reason = parsed.reason === "bad_checksum" ? "bad_checksum" : "malformed";
      return { valid: false, reason, keyId: null, detail: `key rejected before lookup: ${parsed.reason}` };
    }
    const stored = await this.deps.store.findByHash(hashKey(question.key));
    if (!stored) return { valid: false, reason: "unknown", keyId: null, detail: "no key with this hash" };
    if (stored.revoked) return { valid: false, reason: "revoked", keyId: stored.id, detail: "the key was revoked" };
    if (stored.expiresAt && stored.expiresAt.getTime() <= this.deps.clock()) {
      return { valid: false, reason: "expired", keyId: stored.id, detail: "the key has expired" };
    }
    if (stored.deactivated) return { valid: false, reason: "deactivated", keyId: stored.id, detail: "the key is deactivated" };
    const key = verifiedKey(stored);
    const refuse = (reason: VerifyFailureReason, detail: string): KeyOutcome => ({ valid: false, reason, detail, keyId: key.id, key });
    if (key.allowedIps.length > 0 && !fromAllowedAddress(stored, clientIp)) {
      return refuse("ip_not_allowed", `This key cannot be used from ${clientIp ?? "an unknown address"}: it is restricted to an IP allowlist.`);
    }
    if (question.appId && question.appId !== key.projectId) {
      const coversApp = key.projectId === null && (await this.deps.store.projectWorkspace(question.appId)) === key.workspaceId;
      if (!coversApp) return refuse("wrong_project", "This key cannot be used for that app: it belongs to another project or workspace.");
    }
    if (question.environment && question.environment !== key.environment) {
      return refuse(
        "wrong_environment",
        `This is a ${environmentLabel(key.environment)} key, but the request is for ${environmentLabel(question.environment)}. Use a key that matches the build's environment.`,
      );
    }
    // A key with no scopes is unrestricted; otherwise every requested scope must be granted.
    const missing = key.scopes.length === 0 ? [] : (question.scopes ?? []).filter((s) => !key.scopes.includes(s));
    if (missing.length > 0) return refuse("missing_scope", `This key lacks the scope(s): ${missing.join(", ")}.`);
    return { valid: true, key };
  }

  /** Records the verification once, with its final outcome: a key refused by its own limit counts as invalid. */
  private record(request: VerifyRequest, verdict: Verdict): void {
    const at = this.deps.clock();
    const keyId = verdict.ok ? verdict.key.id : verdict.keyId;
    if (keyId) this.deps.recorder.usage(keyId, verdict.ok, at);
    this.deps.recorder.verification({
      at,
      requestId: request.requestId,
      keyId,
      status: verdict.ok ? 200 : verdict.error.status,
      code: verdict.ok ? null : verdict.error.code,
      reason: verdict.ok ? null : (verdict.reason ?? null),
      ip: request.clientIp,
      userAgent: request.userAgent,
    });
  }
}
