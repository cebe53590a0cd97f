// The request list's filter (query string). Its own file: the messages are admin catalog keys that
// only the list's page sends (per-page catalogs, ADR 0019), and the request page imports queries.server.ts.
import { z } from "zod";
import { REGULATIONS, REQUEST_STATUSES, REQUEST_TYPES } from "./rules";

// Messages are admin catalog keys: the list's loader says them in the staff member's language.
export const RequestFilterSchema = z.object({
  status: z.enum(REQUEST_STATUSES, { error: "requests.filterError.status" }).optional(),
  type: z.enum(REQUEST_TYPES, { error: "requests.filterError.type" }).optional(),
  regulation: z.enum(REGULATIONS, { error: "requests.filterError.regulation" }).optional(),
  due: z.enum(["overdue", "week", "open"], { error: "requests.filterError.due" }).optional(),
  email: z.email("requests.filterError.email").max(320, "requests.filterError.emailLength").optional(),
  cursor: z.string().max(64, "requests.filterError.cursor").optional(),
});
export type RequestFilter = z.infer<typeof RequestFilterSchema>;
