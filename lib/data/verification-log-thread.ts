// The verification log's writer thread (see verification-log.ts): the production server's
// verify process starts it, hands it batches of events, and asks it to flush before exit.
// Built by scripts/build-server.mjs into .next/keyport-verification-writer.mjs.
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { nameLogProcess } from "@/lib/log";
import { VerificationWriter, type WriterThreadMessage } from "./verification-log";

/** How much lower than the process the writer thread runs (a nice value, 0 to 19). */
const WRITER_NICENESS = 10;

if (!parentPort) throw new Error("verification-log-thread runs as a worker thread");
const port = parentPort;
// This thread yields the CPU to the one that answers requests: on Linux, a priority set with
// pid 0 is the calling thread's own. Batches are written a moment later on a busy machine;
// answers are not held up behind their encoding. Where it cannot be set, nothing changes.
try {
  os.setPriority(0, WRITER_NICENESS);
} catch {
  // not permitted here: the thread keeps the process's priority
}
nameLogProcess("verify");
const writer = new VerificationWriter();

port.on("message", (message: WriterThreadMessage) => {
  if (message.type === "events") writer.take(message.columns);
  else if (message.type === "flush") void writer.flush().then(() => port.postMessage({ type: "flushed", id: message.id } satisfies WriterThreadMessage));
});
