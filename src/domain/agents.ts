/** Every provisioned project gets this agent; it can be renamed but keeps its identifier and cannot be deleted. */
export const DEFAULT_AGENT = { identifier: "default", name: "Default agent" } as const;

export const AGENT_IDENTIFIER = /^[a-z0-9-]{1,50}$/;
