export * from "./auth";
export * from "./catalog";
export * from "./orders";
export * from "./reviews";
export * from "./files";
export * from "./monitoring";
export * from "./api-keys";
export * from "./webhooks";
