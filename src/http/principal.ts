/** Who is calling, once the credential has been verified. */
export type AdminPrincipal = { kind: "admin"; organizationId: string; keyId: string };
export type ProjectPrincipal = {
  kind: "project";
  organizationId: string;
  projectId: string;
  keyId: string;
  agentId: string | null;
  /** Empty: every scope. */
  scopes: string[];
};
export type Principal = AdminPrincipal | ProjectPrincipal;

/** How the audit trail names the actor. */
export function actorOf(p: Principal): { type: string; id: string } {
  return { type: p.kind === "admin" ? "admin_key" : "api_key", id: p.keyId };
}
