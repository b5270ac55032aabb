// The verification log's writer thread (see verification-log.ts): the production server's
// verify process starts it, hands it batches of events, and asks it to flush before exit.
// Built by scripts/build-server.mjs into .next/keyport-verification-writer.mjs.
import { parentPort } from "node:worker_threads";
import { nameLogProcess } from "@/lib/log";
import { VerificationWriter, type WriterThreadMessage } from "./verification-log";

if (!parentPort) throw new Error("verification-log-thread runs as a worker thread");
const port = parentPort;
nameLogProcess("verify");
const writer = new VerificationWriter();

port.on("message", (message: WriterThreadMessage) => {
  if (message.type === "events") writer.take(message.columns);
  else if (message.type === "flush") void writer.flush().then(() => port.postMessage({ type: "flushed", id: message.id } satisfies WriterThreadMessage));
});
