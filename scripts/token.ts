// npm run token -- <email>   print a local-mode session token for the REST API, e.g.
//   curl -H "Authorization: Bearer $(npm run -s token -- ada@acme.test)" \
//        http://127.0.0.1:3000/api/v1/projects
import { mintLocalSessionToken } from "@/lib/auth/local-keys";
import { LOCAL_PEOPLE, findLocalPerson } from "@/lib/auth/local-people";
import { authMode } from "@/lib/auth/mode";

const who = process.argv[2];
const person = who ? findLocalPerson(who) : undefined;
if (authMode() !== "local") {
  console.error("Clerk mode is configured: session tokens come from Clerk, not from this script.");
  process.exit(1);
}
if (!person) {
  console.error(`usage: npm run token -- <email>\nLocal people: ${LOCAL_PEOPLE.map((p) => p.email).join(", ")}`);
  process.exit(1);
}
console.log(await mintLocalSessionToken(person));
