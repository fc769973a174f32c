"use client";

import { useEffect, type RefObject } from "react";
import type { ActionState } from "@/lib/auth/actions";

/** After a failed submission, move focus to the first invalid field so keyboard and screen-reader users land on it. */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, state: ActionState): void {
  useEffect(() => {
    if (!state || state.ok || !state.errors) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, state]);
}
