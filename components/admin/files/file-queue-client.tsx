"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/auth/form-status";
import { reviewFileAction } from "@/lib/files/actions";
import type { ActionState } from "@/lib/http/server-action";
import type { SerializedFile } from "@/lib/files/serializers";
import { FileRow } from "./file-row";

/**
 * The quarantine queue. One action state for every row's buttons, so the outcome stays on screen after the file
 * it concerned has left the list (a released file leaves the "quarantined" view).
 */
export function FileQueue({ files }: { files: SerializedFile[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(reviewFileAction, null);
  return (
    <div className="mt-3">
      <FormStatus state={state && !state.ok && state.errors ? { ...state, detail: Object.values(state.errors).flat().join(" ") || state.detail } : state} />
      {files.length ? (
        <div className="mt-1 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Uploaded files</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">File</th>
                <th scope="col" className="px-3 py-2">Type</th>
                <th scope="col" className="px-3 py-2 text-right">Size</th>
                <th scope="col" className="px-3 py-2">Uploader</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2">Actions</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <FileRow key={f.id} file={f} action={action} pending={pending} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-1 text-slate-600">No files match.</p>
      )}
    </div>
  );
}
