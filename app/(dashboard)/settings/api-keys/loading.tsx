import { Skeleton } from "@/components/ui/skeleton";

// The page's shape while it loads: the header, the toolbar, then rows (a table from 768 px,
// cards below), so nothing jumps when the keys arrive.
export default function Loading() {
  return (
    <div className="space-y-10" aria-busy="true" aria-label="Loading API keys">
      <div className="space-y-2">
        <Skeleton className="h-4 w-16" />
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-4">
        <div className="flex justify-between">
          <Skeleton className="h-7 w-28" />
          <Skeleton className="h-9 w-28" />
        </div>
        <div className="flex flex-wrap gap-2">
          <Skeleton className="h-9 min-w-56 flex-1" />
          <Skeleton className="h-9 w-full sm:w-48" />
          <Skeleton className="h-9 w-full sm:w-48" />
        </div>
        <div className="hidden space-y-2 rounded-lg border border-border bg-surface p-3 md:block">
          <Skeleton className="h-6 w-full" />
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-12 w-full" />
          ))}
        </div>
        <div className="space-y-2 md:hidden">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="space-y-2 rounded-lg border border-border bg-surface p-3">
              <Skeleton className="h-5 w-2/3" />
              <Skeleton className="h-4 w-1/2" />
              <Skeleton className="h-10 w-full" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
