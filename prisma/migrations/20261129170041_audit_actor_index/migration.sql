-- CreateIndex
CREATE INDEX "audit_events_workspace_id_actor_id_idx" ON "audit_events"("workspace_id", "actor_id");
