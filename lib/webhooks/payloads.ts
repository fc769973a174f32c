import "server-only";
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  orderItems,
  permissions,
  products,
  reviews,
  rolePermissions,
  roles,
  userRoles,
  webhookEndpoints,
} from "@/db/schema";
import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { getOrderViewOrThrow } from "@/lib/orders/queries";
import { serializeOrder } from "@/lib/orders/serializers";
import { getReviewOrThrow } from "@/lib/reviews/queries";
import { serializeReview } from "@/lib/reviews/serializers";
import type { WebhookEvent } from "./events";

/**
 * What one endpoint's owner may learn about an event, built with the same visibility rules and serializers as the
 * API. An owner with the domain's "see everything" permission (orders:manage, products:manage, reviews:moderate)
 * gets every event in the full view; a seller gets events about their own products only, in the seller's view (an
 * order with only their lines and no order-wide amounts). Anything else: null, nothing is sent.
 */

export type EndpointOwner = { userId: number; email: string; permissions: ReadonlySet<Permission> };
export type EventData = Record<string, unknown>;

/**
 * The owner as the order and review queries expect a caller, holding ONLY the permission that decides the view:
 * a seller who also shops must get the seller's view of an order, not the customer's.
 */
function viewerAs(owner: EndpointOwner, permission: Permission): Principal {
  return {
    userId: owner.userId,
    email: owner.email,
    roles: [],
    permissions: new Set([permission]),
    sessionId: "webhook",
    kind: "api",
    amr: [],
    via: "bearer",
    isVerified: true,
  };
}

async function orNullWhenHidden<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

async function orderData(tx: DbOrTx, orderId: number, owner: EndpointOwner, all: boolean) {
  const view = await orNullWhenHidden(
    getOrderViewOrThrow(viewerAs(owner, all ? "orders:manage" : "orders:fulfil"), orderId, tx),
  );
  return view ? serializeOrder(view) : null;
}

async function productSeller(tx: DbOrTx, productId: number): Promise<number | null> {
  const [row] = await tx
    .select({ sellerId: products.sellerId })
    .from(products)
    .where(eq(products.id, productId));
  return row?.sellerId ?? null;
}

async function lowStockData(tx: DbOrTx, productId: number) {
  const [p] = await tx.select().from(products).where(eq(products.id, productId));
  if (!p) return null;
  return {
    product: {
      id: p.id,
      name: p.name,
      sku: p.sku,
      stock_quantity: p.stockQuantity,
      low_stock_threshold: p.lowStockThreshold,
      is_active: p.isActive,
      seller: p.sellerId,
    },
  };
}

async function reviewData(tx: DbOrTx, reviewId: number, all: boolean) {
  const viewer = { userId: null, moderator: all };
  const row = await orNullWhenHidden(getReviewOrThrow(viewer, reviewId, tx));
  return row ? { review: serializeReview(row, viewer) } : null;
}

/** Users holding `permission` through an active role (a subquery). */
function holdersOf(tx: DbOrTx, permission: Permission) {
  return tx
    .select({ id: userRoles.userId })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.id, userRoles.roleId), eq(roles.isActive, true)))
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .innerJoin(
      permissions,
      and(eq(permissions.id, rolePermissions.permissionId), eq(permissions.code, permission)),
    );
}

/** Endpoints worth looking at: the owners concerned by the event and the holders of the see-all permission. */
function ownerIn(tx: DbOrTx, concerned: SQL, allPermission: Permission): SQL {
  return or(
    sql`${webhookEndpoints.ownerId} in (${concerned})`,
    inArray(webhookEndpoints.ownerId, holdersOf(tx, allPermission)),
  )!;
}

/**
 * Per event: which endpoints may be concerned (an SQL filter, so an event does not load every subscribed owner),
 * then per owner the audience (null: nothing for them; owners with the same audience share one payload) and the data.
 */
type Builder = {
  candidates: SQL;
  audience: (owner: EndpointOwner) => Promise<string | null>;
  build: (audience: string, owner: EndpointOwner) => Promise<EventData | null>;
};

export function eventBuilder(tx: DbOrTx, event: WebhookEvent): Builder {
  switch (event.type) {
    case "order.created":
    case "order.status_changed": {
      const extra = event.type === "order.status_changed" ? { previous_status: event.from } : {};
      const sellers = sql`select ${orderItems.sellerId} from ${orderItems} where ${orderItems.orderId} = ${event.orderId}`;
      return {
        candidates: ownerIn(tx, sellers, "orders:manage"),
        audience: async (o) =>
          o.permissions.has("orders:manage")
            ? "all"
            : o.permissions.has("orders:fulfil")
              ? `seller:${o.userId}`
              : null,
        build: async (audience, o) => {
          const order = await orderData(tx, event.orderId, o, audience === "all");
          return order ? { order, ...extra } : null;
        },
      };
    }
    case "product.low_stock": {
      let seller: Promise<number | null> | undefined;
      const sellers = sql`select ${products.sellerId} from ${products} where ${products.id} = ${event.productId}`;
      return {
        candidates: ownerIn(tx, sellers, "products:manage"),
        audience: async (o) => {
          if (o.permissions.has("products:manage")) return "all";
          seller ??= productSeller(tx, event.productId);
          // the same data as "all", but a distinct audience: it is checked again as a seller's view (audience.ts)
          return o.permissions.has("products:write") && (await seller) === o.userId ? `seller:${o.userId}` : null;
        },
        build: () => lowStockData(tx, event.productId),
      };
    }
    case "review.approved": {
      let seller: Promise<number | null> | undefined;
      const sellers = sql`select ${products.sellerId} from ${reviews} join ${products} on ${products.id} = ${reviews.productId} where ${reviews.id} = ${event.reviewId}`;
      return {
        candidates: ownerIn(tx, sellers, "reviews:moderate"),
        audience: async (o) => {
          if (o.permissions.has("reviews:moderate")) return "all";
          seller ??= tx
            .select({ sellerId: products.sellerId })
            .from(reviews)
            .innerJoin(products, eq(products.id, reviews.productId))
            .where(eq(reviews.id, event.reviewId))
            .then((rows) => rows[0]?.sellerId ?? null);
          return o.permissions.has("products:write") && (await seller) === o.userId ? "seller" : null;
        },
        build: (audience) => reviewData(tx, event.reviewId, audience === "all"),
      };
    }
  }
}
