/** Loopback calls from the middleware to this instance's own handlers. Edge-safe constants. */
export const IP_BLOCKS_PATH = "/api/internal/ip-blocks/";
export const LIMITER_EVENTS_PATH = "/api/internal/limiter-events/";

/** Set by scripts/server.ts on every request from the network (any client value overwritten); Next's own in-process
 * requests, such as the image optimiser's fetch of a local image, do not have it. */
export const NETWORK_REQUEST_HEADER = "x-shop-network-request";
