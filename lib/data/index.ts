// THE data layer: the only code that reaches the database. Pages, server actions, route
// handlers, the verify route, the seed and the tests all import from here, and from nowhere
// else in this folder. Every function takes the workspace explicitly and filters by it: a write
// as `fn(caller, { ...options, tx? })`, where the caller carries the workspace, the actor and
// the request; a read as `fn(workspaceId, ...)`.
import "server-only";

export {
  BULK_REVOKE_MAX,
  GRACE_PERIOD_MS,
  bulkRevokeApiKeys,
  createApiKey,
  deactivateApiKey,
  getApiKeyOrThrow,
  getProjectOrThrow,
  reactivateApiKey,
  revealApiKey,
  revokeApiKey,
  rollApiKey,
  updateApiKey,
  type ApiKeyChanges,
  type BulkRevokeResult,
  type GracePeriod,
} from "./api-keys";
export {
  getScopeCatalog,
  getWorkspacePolicy,
  listPolicyViolations,
  setActiveKeyCap,
  setWorkspacePolicy,
} from "./policies";
export {
  eachAuditEvent,
  listAuditActors,
  listAuditEvents,
  listAuditEventsPage,
  recordAccessDenied,
  type AuditAction,
  type AuditEventRecord,
  type AuditFilter,
} from "./audit";
export {
  findAuditKeyIds,
  listAuditLogPage,
  resolveAuditKeys,
  type AuditKeyRef,
  type AuditLogEvent,
} from "./audit-view";
export {
  getKeyDetailOrThrow,
  listKeysAuditEvents,
  listRecentVerifications,
  type KeyDetail,
  type KeyNeighbour,
  type RecentVerification,
} from "./key-detail";
export { runIdempotent, type StoredResponse } from "./idempotency";
export {
  createManagementKey,
  listActiveManagementKeys,
  listManagementKeys,
  recordManagementKeyUse,
  revokeManagementKey,
  toManagementKeyDto,
  type ManagementKeyRecord,
} from "./management-keys";
export {
  TOTAL_COUNT_CAP,
  listApiKeys,
  listKeyLineage,
  listLeakedKeys,
  type ApiKeyPage,
  type KeyLineage,
  type KeyReference,
  type LeakedKey,
} from "./key-listing";
export { createPortalSession, endPortalSession, openPortalLink, type OpenedPortalLink } from "./portal-sessions";
export { createPortalKey, getPortalKeyUsage, listPortalKeys, revokePortalKey, rollPortalKey, toPortalKeyDto } from "./portal-keys";
export { getPortalBranding, getPortalSettings, isPortalOrigin, setPortalSettings, type PortalBranding } from "./portal";
export { createProject, listProjects, toProjectDto, type ProjectRecord } from "./projects";
export {
  SECRET_SCANNING_ACTOR,
  acknowledgeLeak,
  applyLeakReport,
  countUnacknowledgedLeaks,
  type LeakLabel,
  type LeakVerdict,
  type LeakedToken,
} from "./leaks";
export { keyStatus } from "./active-keys";
export { toApiKeyDto, toApiKeyRow, toCreatedApiKeyDto, type ApiKeyRecord } from "./records";
export type { Tx as Transaction } from "./client";
export { databasePoolSize, maxWaitingFor } from "./client";
export { databaseFailure } from "./errors";
export { announceKeyChange, onKeyChange } from "./events";
export { checkReadiness, type Readiness } from "./health";
export { callerOf, type Actor, type Caller, type RequestContext } from "./types";
export {
  flushUsage,
  getKeyImpact,
  getKeyUsage,
  getIdentityUsageSeries,
  getUsageSeries,
  getUsageOverview,
  getUsageSparklines,
  recordUsage,
} from "./usage";
export {
  closeVerificationLog,
  findVerification,
  isVerificationRecorded,
  flushVerificationLog,
  listKeyVerifications,
  recordVerification,
  writeVerificationsOnThread,
  type VerificationLookup,
  type VerificationRecord,
} from "./verification-log";
export { CachedKeyStore, closeKeyStore, getKeyStore } from "./verify";
export {
  createWorkspace,
  ensureWorkspaceForOrganization,
  type WorkspaceRecord,
} from "./workspaces";
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  toWebhookEndpointDto,
  updateWebhookEndpoint,
  type WebhookEndpointRecord,
} from "./webhooks/endpoints";
export {
  claimWebhookDeliveries,
  listWebhookDeliveries,
  purgeWebhookDeliveries,
  recordWebhookAttempt,
  resendWebhookDelivery,
  retryDelayMs,
  sendTestWebhook,
  toWebhookDeliveryDto,
  type AttemptResult,
  type ClaimedDelivery,
} from "./webhooks/deliveries";
export { queueExpiryEvents } from "./webhooks/expiry";
export { addSampleAuditEvents, addSampleKeys, addSampleVerifications, addSampleVerificationVolume, neverIssuedKeys } from "./sample-activity";
export {
  checkIdentityForKey,
  createIdentity,
  deleteIdentity,
  getIdentityOrThrow,
  listIdentities,
  listIdentityKeys,
  searchIdentityChoices,
  toIdentityDto,
  updateIdentity,
  type IdentityPage,
  type IdentityRecord,
} from "./identities";
export {
  applyDueRefills,
  purgeExpiredLeases,
  changeBalance,
  listLedger,
  toCreditsDto,
  toLedgerEntryDto,
  type BalanceOwner,
} from "./credits";
export { DatabaseCreditLedger, getCreditLedger } from "./credit-charges";
