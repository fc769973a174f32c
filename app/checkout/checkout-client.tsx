"use client";

import Link from "next/link";
import { useActionState, useRef, useState } from "react";
import { FormField } from "@/components/auth/form-field";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import type { ActionState } from "@/lib/http/server-action";
import { placeOrderAction } from "@/lib/orders/customer-actions";

const EMPTY = { shipping_address: "", shipping_city: "", shipping_postal_code: "", shipping_country: "", contact_phone: "", notes: "" };

/**
 * The shipping form. It sends shipping details, the page's Idempotency-Key and the total shown: what is ordered and what it
 * costs are read from the server cart by the action.
 */
export function CheckoutForm({ idempotencyKey, quotedTotal }: { idempotencyKey: string; quotedTotal: string }) {
  // kept for the life of the page, even if the page re-renders with a new one
  const [key] = useState(idempotencyKey);
  const [state, action, pending] = useActionState<ActionState, FormData>(placeOrderAction, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const errors = state && !state.ok ? state.errors : undefined;
  const values = state && !state.ok && state.values ? { ...EMPTY, ...state.values } : EMPTY;
  const stockProblem = state && !state.ok && state.code === "conflict";
  return (
    <form ref={form} action={action} aria-label="Shipping details" className="mt-3 grid gap-x-4 gap-y-1 sm:grid-cols-2" noValidate>
      <input type="hidden" name="idempotency_key" value={key} />
      {/* the total shown beside the form; it follows the summary when the page refreshes after a price change */}
      <input type="hidden" name="quoted_total" value={quotedTotal} />
      <div className="sm:col-span-2">
        <FormField name="shipping_address" label="Address" autoComplete="street-address" required maxLength={500} defaultValue={values.shipping_address} errors={errors?.shipping_address} />
      </div>
      <FormField name="shipping_city" label="City" autoComplete="address-level2" required maxLength={100} defaultValue={values.shipping_city} errors={errors?.shipping_city} />
      <FormField name="shipping_postal_code" label="Postal code" autoComplete="postal-code" required maxLength={20} defaultValue={values.shipping_postal_code} errors={errors?.shipping_postal_code} />
      <FormField name="shipping_country" label="Country" autoComplete="country-name" required maxLength={100} defaultValue={values.shipping_country} errors={errors?.shipping_country} />
      <FormField name="contact_phone" label="Phone (optional)" type="tel" autoComplete="tel" maxLength={20} defaultValue={values.contact_phone} errors={errors?.contact_phone} />
      <div className="flex flex-col sm:col-span-2">
        <label htmlFor="field-notes" className="text-sm font-medium text-slate-800">
          Delivery notes (optional)
        </label>
        <textarea
          id="field-notes"
          name="notes"
          rows={3}
          maxLength={2000}
          defaultValue={values.notes}
          aria-invalid={errors?.notes ? true : undefined}
          aria-describedby="field-notes-error"
          className={`mt-1 rounded border px-2 py-1.5 ${errors?.notes ? "border-rose-500" : "border-slate-300"}`}
        />
        <p id="field-notes-error" className="min-h-5 text-sm text-rose-700">
          {errors?.notes?.join(" ")}
        </p>
      </div>
      <div className="sm:col-span-2">
        <FormStatus state={state} />
        {stockProblem && (
          <Link href="/cart" className="mt-1 inline-block text-sm text-brand-700 underline">
            Adjust your cart
          </Link>
        )}
      </div>
      <div className="mt-2 sm:col-span-2">
        <SubmitButton pending={pending}>Place order</SubmitButton>
      </div>
    </form>
  );
}
