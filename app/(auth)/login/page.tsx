import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { PasskeyLogin } from "@/components/auth/passkey-login";
import { firstParam, type SearchParams } from "@/components/auth/search-param";
import { currentPrincipal } from "@/lib/auth/page-principal";
import { safeNextPath } from "@/lib/security/safe-redirect";
import { LoginForm } from "./login-client";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  // only a path on this site survives; the action checks it again (the hidden field is client input)
  const next = safeNextPath(firstParam((await searchParams).next), "/account");
  if (await currentPrincipal()) redirect(next);
  return (
    <>
      <h1 className="text-2xl font-bold">Sign in</h1>
      <LoginForm next={next} />
      <PasskeyLogin next={next} />
      <p className="mt-4 flex flex-wrap justify-between gap-2 text-sm">
        <Link href="/forgot-password" className="text-brand-700 underline">
          Forgot your password?
        </Link>
        <Link href="/register" className="text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
