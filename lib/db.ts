import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one Prisma client. DATABASE_URL is always set by the time the app runs: either by the
// operator, or by scripts/run.mjs, which points it at the embedded database it started.

const globalForPrisma = globalThis as unknown as { keyportPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      "DATABASE_URL is not set. Start Keyport with `npm run dev` or `npm start`, which start the embedded database when DATABASE_URL is unset.",
    );
  }
  const adapter = new PrismaPg({
    connectionString,
    max: Number(process.env.KEYPORT_DB_POOL_SIZE ?? 10),
  });
  return new PrismaClient({ adapter });
}

export const prisma: PrismaClient = globalForPrisma.keyportPrisma ?? createClient();
globalForPrisma.keyportPrisma = prisma;

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
