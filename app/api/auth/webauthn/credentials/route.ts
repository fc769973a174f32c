import type { z } from "zod";
import { passkeyListSchema } from "@/lib/auth/responses";
import { listPasskeys } from "@/lib/auth/webauthn/queries";
import { serializePasskey } from "@/lib/auth/webauthn/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";

// GET /api/auth/webauthn/credentials/ — the caller's passkeys, newest first: `{credentials: [...]}`
export const GET = withApi(
  {
    doc: {
      summary: "List your passkeys",
      description: "Your passkeys, newest first (not paginated). The public keys stay on the server.",
      tags: ["passkeys"],
      responses: { 200: passkeyListSchema },
    },
  },
  async ({ principal }) => {
    return jsonResponse({ credentials: (await listPasskeys(principal.userId)).map(serializePasskey) } satisfies z.input<typeof passkeyListSchema>);
  },
);
