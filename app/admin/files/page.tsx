import type { Metadata } from "next";
import { FileFilters } from "@/components/admin/files/file-filters";
import { FileQueue } from "@/components/admin/files/file-queue-client";
import { Forbidden } from "@/components/forbidden";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listFiles } from "@/lib/files/queries";
import { fileListQuery } from "@/lib/files/schemas";
import { serializeFile } from "@/lib/files/serializers";

export const metadata: Metadata = { title: "Files · Admin" };

const PAGE_SIZE = 25;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The quarantine queue: uploads wait here until an administrator (or the configured scanner) releases them. The
 * quarantined files are the default view; the filters show released or rejected ones, or all, by category.
 */
export default async function AdminFilesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePermission("/admin/files", "files:manage");
  if (!principal) return <Forbidden />;
  const raw = await searchParams;
  const status = first(raw.status)?.trim() || "quarantined";
  const fileType = first(raw.file_type)?.trim();
  const page = first(raw.page)?.trim();
  const params: Record<string, string> = {};
  if (status !== "quarantined") params.status = status;
  if (fileType) params.file_type = fileType;
  const parsed = fileListQuery.safeParse({
    ...(status === "all" ? {} : { status }),
    ...(fileType ? { file_type: fileType } : {}),
    ...(page ? { page } : {}),
    page_size: String(PAGE_SIZE),
  });
  const result = parsed.success ? await listFiles(principal, parsed.data) : null;
  const pageNo = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;
  return (
    <div>
      <h1 className="text-2xl font-bold">Files</h1>
      <p className="mt-1 text-sm text-slate-600">
        New uploads are quarantined: only their owner and administrators can fetch them until they are released. Download a file to inspect it (always as an
        attachment) before releasing it.
      </p>
      <FileFilters values={{ status, file_type: fileType ?? "" }} />
      {!parsed.success ? (
        <p role="alert" className="mt-6 rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-600" aria-live="polite">
            {(result?.count ?? 0).toLocaleString("en-US")} {status === "all" ? "" : `${status} `}files
          </p>
          <FileQueue files={(result?.rows ?? []).map((r) => serializeFile(r, principal))} />
          <Pagination basePath="/admin/files" params={params} page={pageNo} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
