-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "recoverable_keys" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3),
ADD COLUMN     "deactivated_by_id" TEXT,
ADD COLUMN     "end" TEXT,
ADD COLUMN     "sealed_key" TEXT;
