-- DropIndex
DROP INDEX "api_keys_workspace_id_project_id_created_at_id_idx";

-- CreateIndex
CREATE INDEX "api_keys_workspace_id_project_id_created_at_id_idx" ON "api_keys"("workspace_id", "project_id", "created_at" DESC, "id" DESC);
