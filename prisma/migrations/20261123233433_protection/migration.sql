-- CreateEnum
CREATE TYPE "LeakResponse" AS ENUM ('revoke', 'flag');

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "leak_response" "LeakResponse" NOT NULL DEFAULT 'revoke';

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "allowed_ips" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "leak_acknowledged_at" TIMESTAMPTZ(3),
ADD COLUMN     "leak_url" TEXT,
ADD COLUMN     "leaked_at" TIMESTAMPTZ(3),
ADD COLUMN     "rate_limit" INTEGER,
ADD COLUMN     "rate_limit_window_s" INTEGER;

-- A rate limit is both numbers or neither, both positive. An allowlist holds at most 100 entries.
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rate_limit_check" CHECK (
  ("rate_limit" IS NULL) = ("rate_limit_window_s" IS NULL)
  AND ("rate_limit" IS NULL OR ("rate_limit" > 0 AND "rate_limit_window_s" > 0))
);
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_allowed_ips_check" CHECK (cardinality("allowed_ips") <= 100);
