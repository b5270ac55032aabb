// THE data layer for keys and projects. Every read and write of keys goes through here;
// every function takes the workspace explicitly and filters by it.
import "server-only";

export {
  createApiKey,
  getApiKeyOrThrow,
  getProjectOrThrow,
  isUuid,
  listApiKeys,
  revokeApiKey,
  type ApiKeyPage,
} from "./api-keys";
export { createProject, listProjects, toProjectDto, type ProjectRecord } from "./projects";
export { keyStatus, toApiKeyDto, toApiKeyRow, toCreatedApiKeyDto, type ApiKeyRecord } from "./records";
export type { Actor, RequestContext } from "./types";
export { flushUsage, getKeyUsage } from "./usage";
export { getVerifier, verifyApiKey, type VerifyFailureReason, type VerifyOutcome } from "./verify";
