import { errors, jwtVerify, SignJWT } from "jose";
import { env } from "@/lib/env";
import { deriveKey } from "./keys";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_TOKEN_AUDIENCE = "secure-shop-api";

export type AccessClaims = { sub: string; sid: string; roles: string[]; amr: string[]; jti: string };

/** API access token: a 15-minute HS256 JWT; the session it names is still checked on every request. */
export async function signAccessToken(claims: { userId: number; sessionId: string; roles: string[]; amr: string[] }): Promise<string> {
  return new SignJWT({ sid: claims.sessionId, roles: claims.roles, amr: claims.amr })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(claims.userId))
    .setIssuer(env().APP_URL)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .setJti(crypto.randomUUID())
    .sign(await deriveKey("api-access-token"));
}

/** The token's claims, or null when it is invalid, expired, or was not issued by this shop for this API. */
export async function verifyAccessToken(token: string): Promise<(AccessClaims & { exp: number }) | null> {
  try {
    const { payload } = await jwtVerify(token, await deriveKey("api-access-token"), {
      algorithms: ["HS256"],
      issuer: env().APP_URL,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    if (
      typeof payload.sub !== "string" ||
      !/^\d+$/.test(payload.sub) ||
      typeof payload.sid !== "string" ||
      typeof payload.jti !== "string" ||
      typeof payload.exp !== "number" ||
      !Array.isArray(payload.roles) ||
      !Array.isArray(payload.amr)
    ) {
      return null;
    }
    return {
      sub: payload.sub,
      sid: payload.sid,
      roles: payload.roles.map(String),
      amr: payload.amr.map(String),
      jti: payload.jti,
      exp: payload.exp,
    };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
