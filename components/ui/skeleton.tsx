import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-[pulse-soft_1.5s_ease-in-out_infinite] rounded-md bg-muted", className)} />;
}
