/**
 * The SCIM schemas Handoff serves (RFC 7643 §4, §8.7): what /Schemas publishes, and what the rest of
 * the SCIM code reads to decide case-exactness, mutability and which attributes are returned. One
 * definition, so the discovery endpoints cannot say something the implementation does not do.
 */
export const URN = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;

type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
type Returned = "always" | "never" | "default" | "request";

export type Attribute = {
  name: string;
  type: "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: "none" | "server" | "global";
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: Attribute[];
};

function attr(name: string, description: string, extra: Partial<Attribute> = {}): Attribute {
  return {
    name,
    type: "string",
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...extra,
  };
}

/** A multi-valued attribute of the usual shape (value, display, type, primary). */
function multi(name: string, description: string, types: string[], valueExtra: Partial<Attribute> = {}): Attribute {
  return attr(name, description, {
    type: "complex",
    multiValued: true,
    subAttributes: [
      attr("value", `The ${name} value`, valueExtra),
      attr("display", "A human-readable name"),
      attr("type", "A label", { canonicalValues: types }),
      attr("primary", "Whether this is the primary value", { type: "boolean" }),
    ],
  });
}

const idAttr = attr("id", "Handoff's id for the resource (its user or group id)", {
  caseExact: true,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "server",
});
const externalIdAttr = attr("externalId", "The identity provider's id for the resource", { caseExact: true });

export const USER_ATTRIBUTES: Attribute[] = [
  attr("userName", "The person's email address; unique in the organization", { required: true, uniqueness: "server" }),
  attr("name", "The person's name", {
    type: "complex",
    subAttributes: [
      attr("formatted", "The full name"),
      attr("familyName", "Family name"),
      attr("givenName", "Given name"),
      attr("middleName", "Middle name"),
      attr("honorificPrefix", "Honorific prefix"),
      attr("honorificSuffix", "Honorific suffix"),
    ],
  }),
  attr("displayName", "The name shown in Handoff"),
  attr("nickName", "A casual name"),
  attr("title", "Job title"),
  attr("userType", "The relationship to the organization, e.g. Employee"),
  attr("preferredLanguage", "Preferred language"),
  attr("locale", "Locale"),
  attr("timezone", "Time zone"),
  attr("active", "false: the member is suspended (sessions and keys stop at once); true: reactivated", { type: "boolean" }),
  multi("emails", "Email addresses", ["work", "home", "other"]),
  multi("phoneNumbers", "Phone numbers", ["work", "home", "mobile", "fax", "pager", "other"]),
  attr("groups", "The Handoff groups the member belongs to (changed through /Groups)", {
    type: "complex",
    multiValued: true,
    mutability: "readOnly",
    subAttributes: [
      attr("value", "The group's id", { mutability: "readOnly", caseExact: true }),
      attr("$ref", "The group's URI", { type: "reference", referenceTypes: ["Group"], mutability: "readOnly" }),
      attr("display", "The group's name", { mutability: "readOnly" }),
    ],
  }),
];

export const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  attr("employeeNumber", "Employee number"),
  attr("costCenter", "Cost center"),
  attr("organization", "Organization"),
  attr("division", "Division"),
  attr("department", "Department"),
  attr("manager", "The person's manager", {
    type: "complex",
    subAttributes: [
      attr("value", "The manager's id", { caseExact: true }),
      attr("$ref", "The manager's URI", { type: "reference", referenceTypes: ["User"] }),
      attr("displayName", "The manager's name", { mutability: "readOnly" }),
    ],
  }),
];

export const GROUP_ATTRIBUTES: Attribute[] = [
  attr("displayName", "The group's name; unique in the organization", { required: true, uniqueness: "server" }),
  attr("members", "The group's members, by user id", {
    type: "complex",
    multiValued: true,
    subAttributes: [
      attr("value", "The member's user id", { caseExact: true, mutability: "immutable" }),
      attr("$ref", "The member's URI", { type: "reference", referenceTypes: ["User"], mutability: "immutable" }),
      attr("display", "The member's name", { mutability: "readOnly" }),
      attr("type", "Always User", { canonicalValues: ["User"], mutability: "immutable" }),
    ],
  }),
];

/** The attributes every resource has besides its schema's (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES: Attribute[] = [idAttr, externalIdAttr, attr("meta", "Resource metadata", { type: "complex", mutability: "readOnly" })];

export const SCHEMA_DEFINITIONS = [
  { id: URN.user, name: "User", description: "A member of the organization", attributes: USER_ATTRIBUTES },
  { id: URN.enterprise, name: "EnterpriseUser", description: "Enterprise User extension", attributes: ENTERPRISE_ATTRIBUTES },
  { id: URN.group, name: "Group", description: "A Handoff group: its members hold the team permissions it grants", attributes: GROUP_ATTRIBUTES },
];

/** Attribute names (lower case, dotted from the top) whose values compare case-exactly in filters. */
export const CASE_EXACT_PATHS = new Set(["id", "externalid", "groups.value", "members.value", "manager.value"]);
