-- Verification events are keyed by their request id (with "at", the partition key): one
-- index fewer on the busiest table, no random UUID per row, and a batch written again after
-- a commit its writer never heard of adds nothing (ON CONFLICT DO NOTHING).

-- A request id recorded twice at the same instant (such a retry, before this key) is kept once.
DELETE FROM "verification_events" a USING "verification_events" b
WHERE a."request_id" = b."request_id" AND a."at" = b."at" AND a."id" < b."id";

-- DropIndex: the primary key serves request lookup.
DROP INDEX "verification_events_request_id_idx";

-- AlterTable
ALTER TABLE "verification_events" DROP CONSTRAINT "verification_events_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "verification_events_pkey" PRIMARY KEY ("request_id", "at");
