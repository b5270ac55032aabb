-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "credits_low_threshold" INTEGER,
ADD COLUMN     "credits_refill_amount" INTEGER,
ADD COLUMN     "credits_refill_day" INTEGER,
ADD COLUMN     "credits_refill_interval" TEXT,
ADD COLUMN     "credits_refilled_at" TIMESTAMPTZ(3),
ADD COLUMN     "credits_remaining" INTEGER,
ADD COLUMN     "identity_id" UUID;

-- CreateTable
CREATE TABLE "identities" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT,
    "meta" JSONB NOT NULL DEFAULT '{}',
    "credits_remaining" INTEGER,
    "credits_refill_amount" INTEGER,
    "credits_refill_interval" TEXT,
    "credits_refill_day" INTEGER,
    "credits_low_threshold" INTEGER,
    "credits_refilled_at" TIMESTAMPTZ(3),
    "rate_limit" INTEGER,
    "rate_limit_window_s" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_ledger_entries" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "identity_id" UUID,
    "key_id" UUID,
    "kind" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "balance" INTEGER NOT NULL,
    "reason" TEXT,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_type" TEXT NOT NULL DEFAULT 'user',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "identities_workspace_id_created_at_id_idx" ON "identities"("workspace_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "identities_workspace_id_external_id_key" ON "identities"("workspace_id", "external_id");

-- CreateIndex
CREATE INDEX "credit_ledger_entries_identity_id_created_at_id_idx" ON "credit_ledger_entries"("identity_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "credit_ledger_entries_key_id_created_at_id_idx" ON "credit_ledger_entries"("key_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "api_keys_identity_id_idx" ON "api_keys"("identity_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identities" ADD CONSTRAINT "identities_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
