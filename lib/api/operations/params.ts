// Path parameters several operations share.
import { uuidPathParam } from "../operation";

export const projectIdParam = uuidPathParam("Project UUID");
export const keyIdParam = uuidPathParam("API key UUID");
export const webhookIdParam = uuidPathParam("Webhook endpoint UUID");
export const managementKeyIdParam = uuidPathParam("Management key UUID");
export const identityIdParam = uuidPathParam("Identity UUID");
