// An open-loop load at a steady rate, for the bench's latency rows: requests start on a fixed
// schedule (rate per second, evenly spread, checked every millisecond) over a pool of
// keep-alive connections, whether or not earlier ones were answered, and each one's latency is
// measured from its scheduled start, in microseconds. autocannon's overallRate is no such load:
// each connection sends as fast as it can until it has made its share of the second, then
// waits for the next second, so half the rate is a saturating burst followed by silence.
//
// Run as a process of its own (so that it shares no event loop with what it measures):
//   node scripts/lib/paced-load.mjs '{"url":…,"method":"POST","headers":{…},"body":"…","rate":2000,"seconds":10,"warmupSeconds":3,"connections":50}'
// It prints one JSON line with the result when done, or on SIGTERM (seconds: 0 runs until then).
import http from "node:http";

const options = JSON.parse(process.argv[2]);
const { rate, seconds = 10, warmupSeconds = 0, connections = 50 } = options;
const url = new URL(options.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const body = options.body ? Buffer.from(options.body) : null;
const headers = { ...options.headers, ...(body ? { "content-length": String(body.length) } : {}) };

const latencies = [];
let sent = 0;
let answered = 0;
let errors = 0;
let non2xx = 0;
let measuring = warmupSeconds === 0;
let maxLagMs = 0;

function send(scheduledAt) {
  sent++;
  const measured = measuring;
  const request = http.request(url, { method: options.method ?? "GET", agent, headers }, (response) => {
    response.on("data", () => {});
    response.on("end", () => {
      answered++;
      if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
      if (measured) latencies.push(performance.now() - scheduledAt);
    });
  });
  request.on("error", () => errors++);
  request.end(body);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = (ms) => Math.round(ms * 100) / 100;

function finish() {
  clearInterval(ticker);
  const sorted = Float64Array.from(latencies).sort();
  const elapsedS = (performance.now() - measuredFrom) / 1000;
  console.log(
    JSON.stringify({
      rate,
      rps: Math.round(sorted.length / elapsedS),
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      p999: round(percentile(sorted, 99.9)),
      max: round(sorted[sorted.length - 1] ?? 0),
      count: sorted.length,
      errors: errors + non2xx,
      // Sent, and answered by the end (the rest were still in flight).
      sent,
      answered,
      // How late the schedule itself ran (this process's own stalls), at worst.
      maxLagMs: round(maxLagMs),
    }),
  );
  agent.destroy();
  process.exit(0);
}

const startedAt = performance.now();
let measuredFrom = startedAt + warmupSeconds * 1000;
const intervalMs = 1000 / rate;
let due = 0;
const ticker = setInterval(() => {
  const now = performance.now();
  if (!measuring && now >= measuredFrom) {
    measuring = true;
    measuredFrom = now;
  }
  // Every request whose start time has come, each measured from that time.
  let lag = 0;
  while (startedAt + due * intervalMs <= now) {
    const scheduledAt = startedAt + due * intervalMs;
    lag = now - scheduledAt;
    send(scheduledAt);
    due++;
  }
  maxLagMs = Math.max(maxLagMs, lag);
  if (seconds > 0 && now - startedAt >= (warmupSeconds + seconds) * 1000) finish();
}, 1);
process.on("SIGTERM", finish);
