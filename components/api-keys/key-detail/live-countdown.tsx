"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { exactTime } from "../format";

/**
 * How long until `until`, precise enough to see it move: "2 d 5 h", "23 h 4 min",
 * "27 min 5 s", "12 s"; "now" once it has passed.
 */
export function countdownText(until: Date, now: number): string {
  const s = Math.max(0, Math.floor((until.getTime() - now) / 1000));
  if (s === 0) return "now";
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  const sec = s % 60;
  if (d >= 1) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h >= 1) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m >= 1) return `${m} min ${sec} s`;
  return `${sec} s`;
}

/**
 * "Stops in 27 min 5 s", ticking every second. The server's render is replaced by the
 * browser's clock at once; when the time is up, the page is read again (the key has stopped).
 * Not a live region: a screen reader reads it when it gets there, not every second.
 */
export function Countdown({ until }: { until: string | Date }) {
  const router = useRouter();
  const end = typeof until === "string" ? new Date(until) : until;
  const [now, setNow] = useState(() => Date.now());
  const over = now >= end.getTime();
  useEffect(() => {
    if (over) return;
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [over]);
  useEffect(() => {
    if (over) router.refresh();
  }, [over, router]);
  return (
    <time dateTime={end.toISOString()} title={exactTime(end.toISOString())} suppressHydrationWarning className="tabular-nums">
      {over ? "Stopped" : `Stops in ${countdownText(end, now)}`}
    </time>
  );
}
