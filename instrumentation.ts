// Runs once when a Next server starts (`next dev`, `next start`): a bad configuration stops
// it with one message naming every bad variable. The production server checks at its own start.
// Then this process's webhook worker starts (the production server starts the same one).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startWebhookWorker } = await import("@/lib/webhooks/worker");
  startWebhookWorker();
}
