import { describe, expect, it } from "vitest";
import { csvCell, csvHeader, csvRow, jsonLine, toAuditEventJson } from "../../src/domain/audit-export.js";

const row = {
  id: "evt_1",
  action: "organization.renamed",
  actor_type: "user",
  actor_id: "usr_1",
  target_type: "organization",
  target_id: "org_1",
  request_id: null,
  metadata: { from: "A", to: "B, \"c\"" },
  created_at: new Date("2026-11-30T12:00:00.000Z"),
};

describe("audit export format", () => {
  it("writes one JSON object per line in the API's shape", () => {
    const line = jsonLine(toAuditEventJson(row));
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({
      id: "evt_1",
      action: "organization.renamed",
      actor: { type: "user", id: "usr_1" },
      target: { type: "organization", id: "org_1" },
      requestId: null,
      metadata: { from: "A", to: 'B, "c"' },
      createdAt: "2026-11-30T12:00:00.000Z",
    });
  });

  it("quotes CSV cells as RFC 4180 says and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    for (const f of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(f).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvHeader()).toBe("id,createdAt,action,actorType,actorId,targetType,targetId,requestId,metadata\r\n");
    expect(csvRow(toAuditEventJson(row))).toBe(
      'evt_1,2026-11-30T12:00:00.000Z,organization.renamed,user,usr_1,organization,org_1,,"{""from"":""A"",""to"":""B, \\""c\\""""}"\r\n',
    );
  });
});
