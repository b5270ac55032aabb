import "server-only";
import { stringify } from "csv-stringify/sync";
import { eachAuditEvent, type AuditEventRecord, type AuditFilter } from "@/lib/data";
import { auditEventDtoSchema, type AuditEventDto } from "@/lib/schemas/audit";

// The audit log as the API returns it, and as a CSV file. CSV is written by csv-stringify
// (quoting, embedded newlines and quotes are its job); cells that a spreadsheet would read as
// a formula (starting with =, +, -, @, or a tab or carriage return) are neutralised with a
// leading apostrophe, so an exported file cannot run anything when opened.

export function toAuditEventDto(event: AuditEventRecord): AuditEventDto {
  const details = event.metadata && typeof event.metadata === "object" && !Array.isArray(event.metadata) ? event.metadata : {};
  return auditEventDtoSchema.parse({
    event_id: event.id,
    created_at: event.createdAt.toISOString(),
    action: event.action,
    actor: { id: event.actorId, name: event.actorName, type: event.actorType },
    key_id: event.targetKeyId,
    project_id: event.projectId,
    request_id: event.requestId,
    ip: event.ip,
    details,
  });
}

const FORMULA = /^[=+\-@\t\r]/;

/** A cell that a spreadsheet shows as text, never evaluates. */
export function neutralizeCell(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

const COLUMNS = ["created_at", "action", "actor_id", "actor_name", "actor_type", "key_id", "project_id", "request_id", "ip", "details"] as const;

function row(event: AuditEventDto): string[] {
  const cells: Record<(typeof COLUMNS)[number], string> = {
    created_at: event.created_at,
    action: event.action,
    actor_id: event.actor.id,
    actor_name: event.actor.name,
    actor_type: event.actor.type,
    key_id: event.key_id ?? "",
    project_id: event.project_id ?? "",
    request_id: event.request_id ?? "",
    ip: event.ip ?? "",
    details: Object.keys(event.details).length > 0 ? JSON.stringify(event.details) : "",
  };
  return COLUMNS.map((column) => neutralizeCell(cells[column]));
}

/** Every matching event as CSV, streamed a page at a time, with a header row. */
export function auditCsvStream(workspaceId: string, filter: AuditFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = eachAuditEvent(workspaceId, filter);
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(stringify([[...COLUMNS]])));
        return;
      }
      const next = await pages.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(next.value.map((event) => row(toAuditEventDto(event))))));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
