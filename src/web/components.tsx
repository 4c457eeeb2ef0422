import type { Child } from "hono/jsx";
import type { FieldError } from "../domain/errors.js";

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

/**
 * A labelled input: its accessible name is exactly the label (hints and errors are tied to it with
 * aria-describedby), so browsers, screen readers and tests find it by "Name", "Email", "Password".
 */
export function Field({ label, name, type = "text", value, autocomplete, required = true, readonly, hint, errors }: FieldProps) {
  const error = errors?.find((e) => e.path === name)?.message;
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <input
        id={id}
        type={type}
        name={name}
        value={value ?? ""}
        autocomplete={autocomplete}
        required={required}
        readonly={readonly}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {error ? (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** Member or Admin: the roles an admin can hand out (owners come from the setup link). */
export function RoleSelect({ value }: { value?: string | undefined }) {
  return (
    <label>
      Role
      <select name="role" id="field-role">
        <option value="member" selected={value !== "admin"}>
          Member
        </option>
        <option value="admin" selected={value === "admin"}>
          Admin
        </option>
      </select>
    </label>
  );
}

/** "Already have an account? Log in": a real button (a GET form) that comes back to `next` afterwards. */
export function LoginInstead({ next }: { next: string }) {
  return (
    <form class="actions" method="get" action="/login">
      <input type="hidden" name="next" value={next} />
      <span class="muted">Already have an account?</span>
      <button type="submit" class="secondary">
        Log in
      </button>
    </form>
  );
}
