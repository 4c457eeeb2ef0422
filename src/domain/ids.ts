import { customAlphabet } from "nanoid";

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const random = customAlphabet(alphabet, 21);

export const idPrefixes = {
  organization: "org",
  user: "usr",
  project: "prj",
  agent: "agt",
  apiKey: "key",
  provision: "prv",
  auditEvent: "evt",
  setupToken: "stp",
  invitation: "inv",
  group: "grp",
  webhook: "whk",
  webhookMessage: "msg",
  oauthClient: "oac",
  oauthToken: "oat",
  mail: "mail",
  scimToken: "sct",
  recovery: "rcv",
} as const;

export type IdKind = keyof typeof idPrefixes;

export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${random()}`;
}
