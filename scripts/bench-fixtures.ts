// Fixtures for npm run bench, through the data layer:
//   audit <workspaceId> <count>               audit events in bulk
//   verifications <keyId> <days> <perDay>     a key's verification history
//   volume <keyId,…> <count> <days> <sample> <file>
//                                             verifications in bulk over the last days, by
//                                             those keys in turn; a sample of their request ids
//                                             to <file>, one per line
//   keys <count> <file>                       never-issued, well-formed keys, one per line
//   issued-keys <workspaceId> <projectId> <count> <file>
//                                             keys issued in bulk, one per line
//   lookups <workspaceId> <idsFile> <found> <file>
//                                             each request id of <idsFile> looked up once
//                                             through the data layer alone (no HTTP, no
//                                             sign-in), <found> of them recorded; each one's
//                                             time in ms to <file>
import { readFileSync, writeFileSync } from "node:fs";
import { addSampleAuditEvents, addSampleKeys, addSampleVerifications, addSampleVerificationVolume, findVerification, neverIssuedKeys } from "@/lib/data";

const [command, ...args] = process.argv.slice(2);
if (command === "audit") {
  await addSampleAuditEvents(args[0]!, Number(args[1]), { userId: "bench", userName: "Bench" });
} else if (command === "verifications") {
  await addSampleVerifications(args[0]!, Number(args[1]), Number(args[2]));
} else if (command === "volume") {
  writeFileSync(args[4]!, (await addSampleVerificationVolume(args[0]!.split(","), Number(args[1]), Number(args[2]), Number(args[3]))).join("\n"));
} else if (command === "issued-keys") {
  writeFileSync(args[3]!, (await addSampleKeys(args[0]!, args[1]!, Number(args[2]), { userId: "bench", userName: "Bench" })).join("\n"));
} else if (command === "lookups") {
  const ids = readFileSync(args[1]!, "utf8").split("\n").filter(Boolean);
  const times: number[] = [];
  let found = 0;
  for (const id of ids) {
    const started = performance.now();
    if (await findVerification(args[0]!, id)) found++;
    times.push(performance.now() - started);
  }
  if (found !== Number(args[2])) throw new Error(`${found} of the request ids were found, not ${args[2]}`);
  writeFileSync(args[3]!, times.join("\n"));
} else if (command === "keys") {
  writeFileSync(args[1]!, neverIssuedKeys(Number(args[0])).join("\n"));
} else {
  console.error("usage: bench-fixtures.ts audit|verifications|volume|lookups|keys|issued-keys …");
  process.exitCode = 1;
}
process.exit();
