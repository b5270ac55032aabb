// The production server's Node options (`npm start`, scripts/run.mjs), shared with the bench,
// which starts the server as npm start does.

/** A heap cap makes V8 collect before the process grows past what it needs. */
export const SERVER_NODE_ARGS = [`--max-old-space-size=${process.env.KEYPORT_MAX_HEAP_MB ?? 256}`];
