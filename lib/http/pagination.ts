import { z } from "zod";
import { env } from "@/lib/env";
import { ApiError } from "./problem";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?page=` and `?page_size=` as DRF's PageNumberPagination reads them; merge into a resource's query schema. */
export const paginationQuery = {
  page: z.coerce.number<string>({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be 1 or more").default(1),
  page_size: z.coerce
    .number<string>({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be 1 or more")
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
};

export type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };

export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/**
 * Builds `{count, next, previous, results}`. Links are absolute on APP_URL (never on the request's Host header).
 * A page past the end is 404 "Invalid page." like DRF; page 1 of an empty list is an empty page.
 */
export function buildPage<T>(requestUrl: string, page: number, pageSize: number, count: number, results: T[]): Page<T> {
  const lastPage = Math.max(1, Math.ceil(count / pageSize));
  if (page > lastPage) throw new ApiError("not_found", "Invalid page.");
  const url = new URL(requestUrl);
  const link = (p: number | null): string | null => {
    if (p === null) return null;
    const params = new URLSearchParams(url.search);
    if (p === 1) params.delete("page");
    else params.set("page", String(p));
    const qs = params.toString();
    return `${env().APP_URL}${url.pathname}${qs ? `?${qs}` : ""}`;
  };
  return {
    count,
    next: link(page < lastPage ? page + 1 : null),
    previous: link(page > 1 ? page - 1 : null),
    results,
  };
}
