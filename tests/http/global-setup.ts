import { buildOnce } from "./harness";

/** The HTTP tests run against the production build: build it once (no-op when the sources did not change). */
export default function setup() {
  buildOnce();
}
