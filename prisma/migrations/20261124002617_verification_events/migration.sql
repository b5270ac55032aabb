-- CreateTable: partitioned by day on "at". The data layer creates each day's partition before
-- writing to it, and drops whole days past the retention period.
CREATE TABLE "verification_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" TEXT NOT NULL,
    "key_id" UUID,
    "status" SMALLINT NOT NULL,
    "code" TEXT,
    "reason" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "verification_events_pkey" PRIMARY KEY ("id","at")
) PARTITION BY RANGE ("at");

-- CreateIndex
CREATE INDEX "verification_events_request_id_idx" ON "verification_events"("request_id");

-- CreateIndex
CREATE INDEX "verification_events_key_id_at_idx" ON "verification_events"("key_id", "at" DESC);
