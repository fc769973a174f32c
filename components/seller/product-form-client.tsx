"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { createProductAction, updateProductAction } from "@/lib/catalog/actions";
import type { ActionState } from "@/lib/http/server-action";
import { CheckboxField, SelectField, TextAreaField } from "./form-controls";

/** The form's values as text (what inputs hold); checkboxes as "on" or "". */
export type ProductFormValues = {
  name: string;
  sku: string;
  price: string;
  stock_quantity: string;
  low_stock_threshold: string;
  description: string;
  category: string;
  is_active: string;
  is_featured: string;
};

/**
 * Create or edit a product. Editing sends the version the page loaded: if the product changed since (another save,
 * a stock change, an order), the server refuses with "changed since you loaded it" instead of overwriting.
 * `canFeature` (admins) shows the storefront "featured" box; sellers never send that field.
 */
export function ProductForm({
  product,
  initial,
  categories,
  canFeature,
}: {
  product?: { id: number; version: number };
  initial: ProductFormValues;
  categories: { slug: string; name: string }[];
  canFeature: boolean;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(product ? updateProductAction : createProductAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  // after a failure the form keeps what was typed; after a save it shows the stored product (the page re-renders)
  const values: ProductFormValues = state && !state.ok && state.values ? { ...initial, ...state.values } : initial;
  return (
    <form ref={form} action={action} aria-label={product ? "Edit product" : "New product"} className="mt-4 grid gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate>
      {product ? (
        <>
          <input type="hidden" name="product_id" value={product.id} />
          <input type="hidden" name="version" value={product.version} />
        </>
      ) : null}
      <FormField name="name" label="Name" required maxLength={200} defaultValue={values.name} errors={errors?.name} />
      <FormField name="sku" label="SKU" required maxLength={100} autoComplete="off" hint="Letters A–Z, digits, - and _; stored in capitals." defaultValue={values.sku} errors={errors?.sku} />
      <FormField name="price" label="Price (USD)" required inputMode="decimal" placeholder="12.50" defaultValue={values.price} errors={errors?.price} />
      <SelectField name="category" label="Category" defaultValue={values.category} errors={errors?.category}>
        <option value="">No category</option>
        {categories.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <FormField name="stock_quantity" label="Stock" type="number" min={0} step={1} inputMode="numeric" required defaultValue={values.stock_quantity} errors={errors?.stock_quantity} />
      <FormField
        name="low_stock_threshold"
        label="Low-stock threshold"
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        hint="Flagged as low stock at or below this number."
        defaultValue={values.low_stock_threshold}
        errors={errors?.low_stock_threshold}
      />
      <div className="sm:col-span-2">
        <TextAreaField name="description" label="Description" rows={5} maxLength={5000} defaultValue={values.description} errors={errors?.description} />
      </div>
      <CheckboxField name="is_active" label="Active (shown on the storefront)" defaultChecked={values.is_active === "on"} errors={errors?.is_active} />
      {canFeature ? (
        <CheckboxField name="is_featured" label="Featured on the home page" hint="Admins only." defaultChecked={values.is_featured === "on"} errors={errors?.is_featured} />
      ) : (
        <span />
      )}
      <div className="sm:col-span-2">
        <FormStatus state={state} id="product-form-status" />
      </div>
      <div className="mt-2 flex items-center gap-4 sm:col-span-2">
        <SubmitButton pending={pending}>{product ? "Save changes" : "Create product"}</SubmitButton>
        <Link href="/seller" className="text-sm text-brand-700 underline">
          Back to my products
        </Link>
      </div>
    </form>
  );
}
