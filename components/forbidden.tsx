export function Forbidden() {
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 p-6">
      <h1 className="text-xl font-semibold text-rose-900">403 — Forbidden</h1>
      <p className="mt-2 text-rose-800">Your account does not have permission to see this page.</p>
    </div>
  );
}
