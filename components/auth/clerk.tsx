"use client";

import dynamic from "next/dynamic";

// Clerk's client code (about 175 KB) in a chunk of its own, fetched only when one of these is
// rendered, which the server does in Clerk mode only. Imported statically from a server
// component, the package would be part of every page's scripts, in local mode too.
export const ClerkProvider = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.ClerkProvider));
export const SignIn = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.SignIn));
export const SignUp = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.SignUp));
export const OrganizationSwitcher = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.OrganizationSwitcher));
export const UserButton = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.UserButton));
