// @keyport/react: the self-serve key manager a product embeds for its own users.
export { KeyportKeys, type KeyportKeysProps } from "./keyport-keys";
export { KEYPORT_KEYS_CSS } from "./styles";
export {
  PortalApiError,
  portalClient,
  type CreatedPortalKey,
  type Environment,
  type GracePeriod,
  type PortalClient,
  type PortalKey,
} from "./client";
