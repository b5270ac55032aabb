import "server-only";
import { portalSettingsDtoSchema, type PortalSettingsDto, type PortalSettingsInput } from "@/lib/schemas/portal";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import type { Caller } from "./types";

// The self-serve portal's workspace settings: the origins whose pages may call the portal API
// from a browser, and how the hosted portal looks (the workspace's name, a logo, an accent).

/** How the hosted portal presents a workspace. */
export type PortalBranding = { name: string; logoUrl: string | null; accentColor: string | null };

export async function getPortalSettings(workspaceId: string): Promise<PortalSettingsDto> {
  const row = await prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { portalOrigins: true, portalLogoUrl: true, portalAccentColor: true },
  });
  return portalSettingsDtoSchema.parse({ portal_origins: row.portalOrigins, logo_url: row.portalLogoUrl, accent_color: row.portalAccentColor });
}

export async function getPortalBranding(workspaceId: string): Promise<PortalBranding> {
  const row = await prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { name: true, portalLogoUrl: true, portalAccentColor: true },
  });
  return { name: row.name, logoUrl: row.portalLogoUrl, accentColor: row.portalAccentColor };
}

/** Replaces the workspace's portal settings; audited with what changed. */
export async function setPortalSettings(caller: Caller, options: { input: PortalSettingsInput; tx?: Tx }): Promise<PortalSettingsDto> {
  const { input } = options;
  return inTransaction(options.tx, async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({
      where: { id: caller.workspaceId },
      select: { portalOrigins: true, portalLogoUrl: true, portalAccentColor: true },
    });
    const row = await tx.workspace.update({
      where: { id: caller.workspaceId },
      data: { portalOrigins: input.origins, portalLogoUrl: input.logoUrl, portalAccentColor: input.accentColor },
      select: { portalOrigins: true, portalLogoUrl: true, portalAccentColor: true },
    });
    const changed = [
      before.portalOrigins.join(" ") !== row.portalOrigins.join(" ") ? "origins" : null,
      before.portalLogoUrl !== row.portalLogoUrl ? "logo" : null,
      before.portalAccentColor !== row.portalAccentColor ? "accent colour" : null,
    ].filter((field): field is string => field !== null);
    await recordAuditEvent(tx, caller, {
      action: "workspace.portal_changed",
      metadata: { changed: changed.join(","), origins: row.portalOrigins.join(" ") },
    });
    return portalSettingsDtoSchema.parse({ portal_origins: row.portalOrigins, logo_url: row.portalLogoUrl, accent_color: row.portalAccentColor });
  });
}

/** Whether any workspace lets pages of `origin` call the portal API (a preflight names no workspace). */
export async function isPortalOrigin(origin: string): Promise<boolean> {
  const row = await prisma.workspace.findFirst({ where: { portalOrigins: { has: origin } }, select: { id: true } });
  return row !== null;
}
