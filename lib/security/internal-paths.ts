/** Loopback calls from the middleware to this instance's own handlers. Edge-safe constants. */
export const IP_BLOCKS_PATH = "/api/internal/ip-blocks/";
export const LIMITER_EVENTS_PATH = "/api/internal/limiter-events/";
