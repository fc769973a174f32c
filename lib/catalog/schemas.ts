import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { boolParam } from "@/lib/http/query-params";
import { MONEY_PATTERN } from "@/lib/money";

export const PRODUCT_ORDERING_FIELDS = ["name", "price", "created_at", "stock_quantity"] as const;
const orderingTerm = z.enum(PRODUCT_ORDERING_FIELDS.flatMap((f) => [f, `-${f}`]) as [string, ...string[]]);


const idParam = z.coerce.number<string>({ error: "must be a numeric id" }).int("must be a whole number").positive("must be a positive id").max(Number.MAX_SAFE_INTEGER);
const moneyParam = z.string().regex(MONEY_PATTERN, "must be an amount like 12.50");

export const productIdParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

export const productListQuery = z.strictObject({
  ...paginationQuery,
  search: z.string().trim().max(200, "must be at most 200 characters").optional(),
  ordering: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [] as string[];
      const terms = v.split(",").map((t) => t.trim()).filter(Boolean);
      for (const t of terms) {
        if (!orderingTerm.safeParse(t).success) {
          ctx.addIssue({ code: "custom", message: `unknown ordering '${t}': use ${PRODUCT_ORDERING_FIELDS.join(", ")} (prefix - for descending)` });
          return z.NEVER;
        }
      }
      return terms;
    }),
  seller: idParam.optional(),
  is_featured: boolParam.optional(),
  is_active: boolParam.optional(),
  in_stock: boolParam.optional(),
  min_price: moneyParam.optional(),
  max_price: moneyParam.optional(),
  category: z.string().regex(/^[a-z0-9-]{1,100}$/, "must be a category slug").optional(),
});

export type ProductListQuery = z.output<typeof productListQuery>;
