-- CreateTable
CREATE TABLE "credit_leases" (
    "id" UUID NOT NULL,
    "owner_kind" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "amount" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_leases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credit_leases_owner_id_expires_at_idx" ON "credit_leases"("owner_id", "expires_at");

-- CreateIndex
CREATE INDEX "credit_leases_expires_at_idx" ON "credit_leases"("expires_at");
