import type { Child } from "hono/jsx";
import type { FieldError } from "../http/errors.js";

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Alert({ kind, children }: { kind: "error" | "ok" | "warn"; children: Child }) {
  return (
    <div class={`alert ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

type FieldProps = {
  label: string;
  name: string;
  type?: "text" | "email" | "password";
  value?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  readonly?: boolean;
  hint?: string;
  errors?: FieldError[] | undefined;
};

/** A labelled input, so browsers and screen readers find it by its label; its error is tied to it. */
export function Field({ label, name, type = "text", value, autocomplete, required = true, readonly, hint, errors }: FieldProps) {
  const error = errors?.find((e) => e.path === name)?.message;
  const errorId = `${name}-error`;
  return (
    <label>
      {label}
      {hint ? <span class="hint">{hint}</span> : null}
      <input
        type={type}
        name={name}
        value={value ?? ""}
        autocomplete={autocomplete}
        required={required}
        readonly={readonly}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error ? (
        <span class="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
    </label>
  );
}
