import { redirect } from "next/navigation";
import { SignUp } from "@/components/auth/clerk";
import { authMode } from "@/lib/auth/mode";

export default function SignUpPage() {
  if (authMode() !== "clerk") redirect("/sign-in");
  return (
    <main className="grid min-h-dvh place-items-center p-4">
      <SignUp />
    </main>
  );
}
