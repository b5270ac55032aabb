-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "actor_type" TEXT NOT NULL DEFAULT 'user';

-- CreateTable
CREATE TABLE "management_keys" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "start" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "permissions" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "created_by_type" TEXT NOT NULL DEFAULT 'user',
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" TEXT,
    "leaked_at" TIMESTAMPTZ(3),
    "leak_url" TEXT,

    CONSTRAINT "management_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "management_keys_hash_key" ON "management_keys"("hash");

-- CreateIndex
CREATE INDEX "management_keys_workspace_id_created_at_idx" ON "management_keys"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "management_keys" ADD CONSTRAINT "management_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
