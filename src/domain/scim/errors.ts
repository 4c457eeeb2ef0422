/**
 * SCIM's own refusals (RFC 7644 §3.12): an HTTP status and a `scimType` an identity provider acts on.
 * Services throw ScimError for protocol-level problems (a bad filter or path, a taken userName); every
 * other refusal is a DomainError, which src/http/scim/errors.ts renders in the same SCIM error body.
 */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  override name = "ScimError";
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 501,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const invalidValue = (detail: string) => new ScimError(400, "invalidValue", detail);
export const invalidSyntax = (detail: string) => new ScimError(400, "invalidSyntax", detail);
