"use client";

import { useEffect, useState } from "react";
import { exactTime, timeLeft } from "./format";

/** How often the time left is read again: twice a minute keeps "27 min" right to the minute. */
const TICK_MS = 30_000;

/**
 * The time left until `until` ("27 min", "23 h", "6 d", "a moment"), kept current while the
 * page is open: it is read again every 30 s, and the exact instant is its tooltip. The
 * sentence around it is the caller's ("Stops in <Countdown/>").
 */
export function Countdown({ until }: { until: string | Date }) {
  const iso = typeof until === "string" ? until : until.toISOString();
  const [now, setNow] = useState(() => Date.now());
  // The first reading is the render's own; the interval reads the clock again.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={iso} title={exactTime(iso)} suppressHydrationWarning>
      {timeLeft(iso, now)}
    </time>
  );
}
