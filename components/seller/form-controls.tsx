import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * Textarea, select and checkbox in the same shape as components/auth/form-field.tsx: a visible label, the field's
 * errors tied by aria-describedby, and an error line that is always in the layout (no shift when it fills).
 */
function ErrorLine({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p id={id} className="min-h-5 text-sm text-rose-700">
      {errors?.join(" ")}
    </p>
  );
}

const border = (invalid: boolean) => `mt-1 rounded border px-2 py-1.5 ${invalid ? "border-rose-500" : "border-slate-300"}`;

export function TextAreaField({ name, label, errors, ...rest }: { name: string; label: string; errors?: string[] } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  const id = `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea id={id} name={name} aria-invalid={invalid || undefined} aria-describedby={`${id}-error`} className={border(invalid)} {...rest} />
      <ErrorLine id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function SelectField({ name, label, errors, children, ...rest }: { name: string; label: string; errors?: string[]; children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">) {
  const id = `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} aria-invalid={invalid || undefined} aria-describedby={`${id}-error`} className={border(invalid)} {...rest}>
        {children}
      </select>
      <ErrorLine id={`${id}-error`} errors={errors} />
    </div>
  );
}

/**
 * A checkbox plus a hidden `checkboxes` marker naming it: an unticked box sends nothing, so the marker is how the
 * server tells "unticked" from "not on this form".
 */
export function CheckboxField({ name, label, hint, errors, defaultChecked }: { name: string; label: string; hint?: string; errors?: string[]; defaultChecked: boolean }) {
  const id = `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="flex flex-col">
      <input type="hidden" name="checkboxes" value={name} />
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input id={id} name={name} type="checkbox" defaultChecked={defaultChecked} aria-invalid={invalid || undefined} aria-describedby={`${id}-error${hint ? ` ${id}-hint` : ""}`} className="h-4 w-4" />
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <ErrorLine id={`${id}-error`} errors={errors} />
    </div>
  );
}
