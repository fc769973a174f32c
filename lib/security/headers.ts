/**
 * Security headers that do not vary per request, computed once at module load (the middleware runs on every
 * request). Edge-safe: no Node APIs.
 */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  [
    "Permissions-Policy",
    [
      "accelerometer=()",
      "autoplay=()",
      "camera=()",
      "display-capture=()",
      "encrypted-media=()",
      "fullscreen=()",
      "geolocation=()",
      "gyroscope=()",
      "magnetometer=()",
      "microphone=()",
      "midi=()",
      "payment=()",
      "usb=()",
      "publickey-credentials-create=(self)",
      "publickey-credentials-get=(self)",
    ].join(", "),
  ],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
];

export function applyStaticSecurityHeaders(headers: Headers): void {
  for (const [name, value] of STATIC_SECURITY_HEADERS) headers.set(name, value);
}
