import type { InputHTMLAttributes } from "react";

type FieldProps = {
  name: string;
  label: string;
  /** Messages for this field from the action's `errors` map. */
  errors?: string[];
  hint?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

/**
 * A labelled input with its inline errors. The error line is always in the layout (empty when there is none), so a
 * message appearing does not push the form around; `aria-describedby` ties hint and errors to the input.
 */
export function FormField({ name, label, errors, hint, type = "text", ...rest }: FieldProps) {
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={invalid || undefined}
        aria-describedby={[hint ? hintId : null, errorId].filter(Boolean).join(" ")}
        className={`mt-1 rounded border px-2 py-1.5 ${invalid ? "border-rose-500" : "border-slate-300"}`}
        {...rest}
      />
      <p id={errorId} className="min-h-5 text-sm text-rose-700">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
