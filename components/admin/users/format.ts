/** Server and client render the same text: a fixed UTC format, never the viewer's locale. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
