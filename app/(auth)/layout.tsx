/** Sign-in, registration and recovery pages: one narrow column. Each page is rendered per request. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>;
}
