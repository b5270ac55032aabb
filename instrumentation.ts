// Runs once when a Next server starts (`next dev`, `next start`): a bad configuration stops
// it with one message naming every bad variable. The production server checks at its own start.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
}
