/** The events an endpoint may subscribe to. `ping` is not subscribable: it is sent on demand (POST …/ping/). */
export const WEBHOOK_EVENTS = [
  "order.created",
  "order.status_changed",
  "product.low_stock",
  "review.approved",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export type DeliveryEventType = WebhookEventType | "ping";

export const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  "order.created": "An order holding your products was placed",
  "order.status_changed": "An order holding your products changed status",
  "product.low_stock": "One of your products fell to its low-stock threshold",
  "review.approved": "A review of one of your products was approved",
};

/** What the business code reports, inside its own transaction (see enqueueWebhookEvent). */
export type WebhookEvent =
  | { type: "order.created"; orderId: number }
  | { type: "order.status_changed"; orderId: number; from: string; to: string }
  | { type: "product.low_stock"; productId: number }
  | { type: "review.approved"; reviewId: number };

/** Endpoints a user may own; a limit keeps one account from fanning every event out to hundreds of URLs. */
export const MAX_ENDPOINTS_PER_OWNER = 10;

export const MAX_URL_LENGTH = 2048;
