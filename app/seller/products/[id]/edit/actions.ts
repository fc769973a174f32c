"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateProduct } from "@/lib/catalog/mutations";
import { idParam } from "@/lib/catalog/schemas";
import { runUserAction, type ActionResult } from "@/lib/http/server-action";

const imageSchema = z.strictObject({ product_id: idParam, image_file: idParam.nullable() });

/**
 * Attach an uploaded image to a product (or remove it with null), after the browser has uploaded it through
 * POST /api/files/. updateProduct re-checks everything: the product must be the caller's (else "Not found."), the
 * file an image the product's seller uploaded and not rejected. No version precondition: the image is independent
 * of the form's fields, and the form reloads with the new version.
 */
export async function setProductImageAction(input: { product_id: number; image_file: number | null }): Promise<ActionResult> {
  return runUserAction(
    { schema: imageSchema, input, permission: "products:write", limits: ["products.update"], context: "set product image" },
    async ({ principal, input: { product_id, image_file }, meta }): Promise<ActionResult> => {
      await updateProduct(principal, product_id, { image_file }, null, meta);
      revalidatePath(`/seller/products/${product_id}/edit`);
      revalidatePath("/seller");
      return {
        ok: true,
        detail: image_file === null ? "Image removed." : "Image uploaded. It appears on the storefront once an administrator has reviewed it.",
      };
    },
  );
}
