-- CreateIndex
CREATE INDEX "api_keys_workspace_id_leaked_at_idx" ON "api_keys"("workspace_id", "leaked_at");
