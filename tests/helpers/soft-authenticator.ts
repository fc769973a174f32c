import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/**
 * A small software authenticator for tests: one ES256 (P-256) credential, "none" attestation, real ECDSA
 * signatures. Every part the server must check can be bent one at a time (challenge, origin, type, RP ID, flags,
 * counter, signing key, signed bytes), so each refusal is tested against an otherwise valid response.
 */

// --- a tiny CBOR encoder (RFC 8949): unsigned/negative ints, byte and text strings, arrays, maps -------------
type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cbor(value: Cbor): Buffer {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || Math.abs(value) > 0xffffffff)
      throw new Error("cbor: small integers only");
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const parts: Buffer[] = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

// --- the authenticator ------------------------------------------------------------------------------------
export const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export type CeremonyOverrides = {
  /** clientDataJSON fields */
  challenge?: string;
  origin?: string;
  type?: string;
  /** authenticator data */
  rpId?: string;
  flags?: number;
  counter?: number;
  /** sign with another key, or sign other bytes than authData ‖ SHA-256(clientDataJSON) */
  signWith?: KeyObject;
  signOtherBytes?: boolean;
  /** a different credential id in the JSON than in the authenticator data */
  claimedId?: string;
};

type RegistrationOptionsLike = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptionsLike = { challenge: string; rpId?: string };

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  counter = 0;
  userHandle: string | undefined;

  constructor(
    readonly origin = "http://localhost:3000",
    readonly rpId = "localhost",
    /** false: an authenticator without a signature counter (always reports 0, like synced passkeys) */
    readonly usesCounter = true,
  ) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  /** The credential public key as COSE_Key (EC2, ES256, P-256): what the server must store. */
  coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: "jwk" });
    return cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
  }

  private authData(o: CeremonyOverrides, flags: number, counter: number, attested: boolean): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts: Uint8Array[] = [sha256(o.rpId ?? this.rpId), Buffer.from([flags]), count];
    if (attested) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), len, this.credentialId, this.coseKey());
    }
    return Buffer.concat(parts);
  }

  private clientData(
    kind: "webauthn.create" | "webauthn.get",
    challenge: string,
    o: CeremonyOverrides,
  ): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: o.type ?? kind,
        challenge: o.challenge ?? challenge,
        origin: o.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  /** navigator.credentials.create() → RegistrationResponseJSON with a "none" attestation. */
  register(options: RegistrationOptionsLike, o: CeremonyOverrides = {}) {
    this.userHandle = options.user.id;
    const flags = o.flags ?? FLAG.UP | FLAG.UV | FLAG.AT | FLAG.BE | FLAG.BS;
    const authData = this.authData(o, flags, o.counter ?? this.counter, true);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const id = o.claimedId ?? this.id;
    return {
      id,
      rawId: id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64u(this.clientData("webauthn.create", options.challenge, o)),
        attestationObject: b64u(attestationObject),
        transports: ["internal", "hybrid"],
      },
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get() → AuthenticationResponseJSON, signed with ECDSA P-256 / SHA-256 (DER). */
  assert(options: RequestOptionsLike, o: CeremonyOverrides = {}) {
    if (o.counter === undefined && this.usesCounter) this.counter += 1;
    const counter = o.counter ?? (this.usesCounter ? this.counter : 0);
    const flags = o.flags ?? FLAG.UP | FLAG.UV | FLAG.BE | FLAG.BS;
    const authData = this.authData(o, flags, counter, false);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, o);
    const signed = o.signOtherBytes
      ? Buffer.concat([authData, sha256("something else")])
      : Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature = sign("sha256", signed, o.signWith ?? this.privateKey);
    const id = o.claimedId ?? this.id;
    return {
      id,
      rawId: id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
    };
  }
}

/** Another P-256 key, to sign with the wrong one. */
export function otherKey(): KeyObject {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
}
