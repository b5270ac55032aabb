-- The keys listing sorted by name reads its page from this index, in the order it sorts by:
-- case-insensitively (lower of the name), then the name and the id, compared byte by byte
-- (COLLATE "C", alike on every database). It replaces the index on the name as written,
-- which that order could not use: a project of a million keys was sorted for every page.
DROP INDEX "api_keys_workspace_id_project_id_name_id_idx";

CREATE INDEX "api_keys_workspace_id_project_id_name_order_idx" ON "api_keys"("workspace_id", "project_id", (lower("name")) COLLATE "C", "name" COLLATE "C", "id");
