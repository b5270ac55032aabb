import { Skeleton } from "@/components/ui/skeleton";

// The key's page while it loads, in the page's own shape: the heading with its actions, the
// facts, the two charts, and the tables below.
export default function Loading() {
  return (
    <div className="space-y-8" aria-busy="true" aria-label="Loading the API key">
      <div className="space-y-4">
        <Skeleton className="h-4 w-20" />
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="space-y-2">
            <div className="flex gap-2">
              <Skeleton className="h-8 w-48" />
              <Skeleton className="h-6 w-16 rounded-full" />
              <Skeleton className="h-6 w-20 rounded-full" />
            </div>
            <Skeleton className="h-4 w-72 max-w-full" />
          </div>
          <div className="flex gap-2">
            <Skeleton className="h-8 w-16" />
            <Skeleton className="h-8 w-16" />
            <Skeleton className="h-8 w-20" />
          </div>
        </div>
      </div>
      <div className="space-y-3">
        <Skeleton className="h-6 w-36" />
        <div className="space-y-3 rounded-lg border border-border bg-surface p-4">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="grid gap-1 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
              <Skeleton className="h-4 w-24" />
              <Skeleton className="h-4 w-64 max-w-full" />
            </div>
          ))}
        </div>
      </div>
      <div className="space-y-3">
        <Skeleton className="h-6 w-20" />
        <div className="grid items-start gap-4 lg:grid-cols-2">
          {[0, 1].map((i) => (
            <div key={i} className="space-y-3 rounded-lg border border-border bg-surface p-4">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-36 w-full" />
            </div>
          ))}
        </div>
      </div>
      {[0, 1].map((i) => (
        <div key={i} className="space-y-3">
          <Skeleton className="h-6 w-44" />
          <div className="space-y-2 rounded-lg border border-border bg-surface p-3">
            {Array.from({ length: 4 }, (_, j) => (
              <Skeleton key={j} className="h-10 w-full" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
