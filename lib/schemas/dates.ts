// Dates a client sends. Client-safe.
//
// JavaScript parses dates far beyond what PostgreSQL stores (years before 4713 BC and after
// 294276), and the driver writes years outside 0001-9999 in a form PostgreSQL does not read,
// so a date outside those years is refused with a message, never sent to the database.
import { z } from "zod";

export const EARLIEST_DATE = new Date("0001-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("9999-12-31T23:59:59.999Z");
export const DATE_RANGE_MESSAGE = "Use a date between 0001-01-01 and 9999-12-31.";

/** True when `date` is a date PostgreSQL stores as sent. */
export function isStorableDate(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_DATE.getTime() && time <= LATEST_DATE.getTime();
}

/** A parsed date within the years PostgreSQL stores as sent. */
export const storableDate = z.date().refine(isStorableDate, DATE_RANGE_MESSAGE);
