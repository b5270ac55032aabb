import Link from "next/link";

export default function NotFound() {
  return (
    <main className="grid min-h-dvh place-items-center p-4">
      <div className="space-y-2 text-center">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <Link href="/settings/api-keys" className="text-sm text-accent underline">
          Go to API Keys
        </Link>
      </div>
    </main>
  );
}
