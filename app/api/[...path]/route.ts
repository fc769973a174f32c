import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";

// Any other /api path: a problem+json 404 rather than the HTML not-found page.
const notFound = withApi({ auth: "public", doc: { undocumented: "the catch-all: any path that is not an endpoint answers 404 problem+json" } }, () => {
  throw new ApiError("not_found", "No API endpoint at this path.");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
