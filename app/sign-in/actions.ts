"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { mintLocalSessionToken, LOCAL_SESSION_SECONDS } from "@/lib/auth/local-keys";
import { findLocalPerson } from "@/lib/auth/local-people";
import { SESSION_COOKIE, authMode } from "@/lib/auth/mode";

// Local mode's sign-in and sign-out. Clerk mode signs in with Clerk's components instead.

export async function signInAsAction(formData: FormData): Promise<void> {
  const person = findLocalPerson(String(formData.get("userId") ?? ""));
  if (authMode() !== "local" || !person) redirect("/sign-in?error=unknown");
  const token = await mintLocalSessionToken(person);
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: LOCAL_SESSION_SECONDS,
    // Local mode serves plain http on 127.0.0.1 only, where a Secure cookie would not stick.
    secure: false,
  });
  redirect("/settings/api-keys");
}

export async function signOutAction(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/sign-in");
}
