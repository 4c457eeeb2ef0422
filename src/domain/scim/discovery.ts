import { COMMON_ATTRIBUTES, SCHEMA_DEFINITIONS, URN } from "./schemas.js";

/**
 * The discovery documents (RFC 7644 §4, RFC 7643 §5–7), built from the schema definitions and the
 * limits the implementation enforces, so they say exactly what is supported: PATCH and filters yes
 * (filters answer at most MAX_RESULTS resources per page), bulk, sorting, ETags and password changes no.
 */
export const MAX_RESULTS = 200;

export function serviceProviderConfig(base: string) {
  return {
    schemas: [URN.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "SCIM token",
        description: "An organization's SCIM token (created by an owner on the dashboard under Team → SCIM) as `Authorization: Bearer <token>`",
        specUri: "https://www.rfc-editor.org/rfc/rfc6750",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: [URN.resourceType],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A member of the organization",
      schema: URN.user,
      schemaExtensions: [{ schema: URN.enterprise, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [URN.resourceType],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A Handoff group: its members hold the team permissions it grants",
      schema: URN.group,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function schemaDocuments(base: string) {
  return SCHEMA_DEFINITIONS.map((s) => ({
    schemas: [URN.schema],
    id: s.id,
    name: s.name,
    description: s.description,
    // The core schemas list id and externalId too, so a client reading /Schemas learns they are there.
    attributes: s.id === URN.enterprise ? s.attributes : [...COMMON_ATTRIBUTES.filter((a) => a.name !== "meta"), ...s.attributes],
    meta: { resourceType: "Schema", location: `${base}/Schemas/${s.id}` },
  }));
}

/** A ListResponse (RFC 7644 §3.4.2). */
export function listResponse<T>(resources: T[], totalResults: number, startIndex: number) {
  return { schemas: [URN.listResponse], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}
