// Public keys in PEM, as configuration carries them (a secret scanner's signing keys). Pure
// apart from node:crypto, so the environment's schema can use it before anything else loads.
import { createPublicKey, type KeyObject } from "node:crypto";

/**
 * An ECDSA P-256 public key from PEM text (`\n` escapes allowed, as a one-line environment
 * variable writes newlines); throws when the text is not one.
 */
export function parseP256PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem.replace(/\\n/g, "\n"));
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("not P-256");
  return key;
}
