-- CreateEnum
CREATE TYPE "SingleActiveKey" AS ENUM ('off', 'project_environment', 'workspace');

-- AlterTable: the one maximum lifetime becomes one per environment, keeping its value for both.
ALTER TABLE "workspaces" ADD COLUMN     "max_lifetime_days_live" INTEGER,
ADD COLUMN     "max_lifetime_days_test" INTEGER,
ADD COLUMN     "require_expiry_live" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "require_expiry_test" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "scope_catalog" JSONB NOT NULL DEFAULT '[{"name": "flags:read", "description": "Evaluate feature flags"}, {"name": "events:write", "description": "Track exposures and events"}, {"name": "config:read", "description": "Fetch remote configuration"}, {"name": "analytics:read", "description": "Query reports"}]',
ADD COLUMN     "single_active_key" "SingleActiveKey" NOT NULL DEFAULT 'off';

UPDATE "workspaces" SET "max_lifetime_days_live" = "max_key_lifetime_days", "max_lifetime_days_test" = "max_key_lifetime_days";

ALTER TABLE "workspaces" DROP COLUMN "max_key_lifetime_days";

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "rolled_at" TIMESTAMPTZ(3),
ADD COLUMN     "rolled_from_id" UUID,
ADD COLUMN     "rolled_to_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_rolled_from_id_key" ON "api_keys"("rolled_from_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_rolled_to_id_key" ON "api_keys"("rolled_to_id");
