-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "portal_accent_color" TEXT,
ADD COLUMN     "portal_logo_url" TEXT,
ADD COLUMN     "portal_origins" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "portal_sessions" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "identity_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "browser_token_hash" TEXT,
    "code_hash" TEXT NOT NULL,
    "code_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "code_used_at" TIMESTAMPTZ(3),
    "permissions" TEXT[],
    "environments" "Environment"[],
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "return_url" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "created_by_type" TEXT NOT NULL,

    CONSTRAINT "portal_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "portal_sessions_token_hash_key" ON "portal_sessions"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "portal_sessions_browser_token_hash_key" ON "portal_sessions"("browser_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "portal_sessions_code_hash_key" ON "portal_sessions"("code_hash");

-- CreateIndex
CREATE INDEX "portal_sessions_workspace_id_identity_id_idx" ON "portal_sessions"("workspace_id", "identity_id");

-- AddForeignKey
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE CASCADE ON UPDATE CASCADE;
