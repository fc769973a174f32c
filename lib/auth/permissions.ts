/** The permission table: code checks permissions, never role names. Seeded into the database by db/seed.ts. */
export const PERMISSIONS = {
  "products:write": "Create products and manage one's own products and stock",
  "products:manage": "Manage every product, active or not",
  "orders:create": "Place orders and manage one's own orders",
  "orders:fulfil": "See and move forward orders that contain one's own products",
  "orders:manage": "See and change every order, refunds included",
  "reviews:write": "Write reviews and vote on reviews",
  "reviews:moderate": "Approve and reject reviews",
  "files:upload": "Upload files and manage one's own files",
  "files:manage": "Release, reject and manage every file",
  "users:manage": "See users, lock, unlock, deactivate, revoke sessions",
  "roles:manage": "Create roles and assign roles to users",
  "audit:read": "Read and verify the audit log",
  "monitoring:read": "Read the monitoring dashboard, metrics, alerts and incidents",
  "monitoring:act": "Acknowledge and resolve alerts, trigger and undo agent actions",
  "webhooks:manage": "Register webhook endpoints for one's own events",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_DEFINITIONS: Record<string, { displayName: string; description: string; permissions: Permission[] }> = {
  CUSTOMER: {
    displayName: "Customer",
    description: "Every registered user: shops, orders, reviews.",
    permissions: ["orders:create", "reviews:write", "files:upload"],
  },
  SELLER: {
    displayName: "Seller",
    description: "Sells products and fulfils the orders that contain them.",
    permissions: ["products:write", "orders:fulfil", "files:upload", "webhooks:manage"],
  },
  ADMIN: {
    displayName: "Administrator",
    description: "Runs the shop: users, roles, moderation, monitoring.",
    permissions: Object.keys(PERMISSIONS) as Permission[],
  },
};

export const DEFAULT_ROLE = "CUSTOMER";
