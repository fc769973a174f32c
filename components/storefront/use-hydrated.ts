"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False in the server's HTML and until React has hydrated. Buttons whose work is done by client code start
 * disabled, so an early click is not lost or turned into a native form submission.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}
