import { redirect } from "next/navigation";
import { authMode } from "@/lib/auth/mode";

export default async function SignUpPage() {
  if (authMode() !== "clerk") redirect("/sign-in");
  const { SignUp } = await import("@clerk/nextjs");
  return (
    <main className="grid min-h-dvh place-items-center p-4">
      <SignUp />
    </main>
  );
}
