"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A box that scrolls sideways when its content is wider than the screen. While it does, it is a
 * named region in the Tab order, so keyboard users can scroll it too; its name is `label`, or
 * the aria-label or caption of the table inside.
 */
export function ScrollRegion({ label, className, children }: { label?: string | undefined; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [region, setRegion] = useState<{ name: string } | null>(null);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => {
      if (box.scrollWidth <= box.clientWidth + 1) return setRegion(null);
      const table = box.querySelector("table");
      const name = label ?? table?.getAttribute("aria-label") ?? table?.querySelector("caption")?.textContent?.trim() ?? "Table";
      setRegion((current) => (current?.name === name ? current : { name }));
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, [label]);

  return (
    <div
      ref={ref}
      className={cn(className)}
      {...(region ? { tabIndex: 0, role: "region", "aria-label": `${region.name} (scrolls sideways)` } : {})}
    >
      {children}
    </div>
  );
}
