import type { Metadata } from "next";
import { connection } from "next/server";
import { firstParam, type SearchParams } from "@/components/auth/search-param";
import { mailTokenStillValid } from "@/lib/auth/mail-tokens";
import { mailTokenField } from "@/lib/auth/schemas";
import { ResetPasswordForm } from "./reset-password-client";

// the token is in this page's URL: no Referer carries it anywhere
export const metadata: Metadata = { title: "Choose a new password", robots: { index: false }, referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const parsed = mailTokenField.safeParse(firstParam((await searchParams).token));
  // a read only: the token is consumed by the form's POST, never by opening the link
  const valid = parsed.success && (await mailTokenStillValid(parsed.data, "password_reset")).length > 0;
  return (
    <>
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      <ResetPasswordForm token={parsed.success ? parsed.data : ""} valid={valid} />
    </>
  );
}
