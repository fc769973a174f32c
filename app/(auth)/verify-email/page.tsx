import type { Metadata } from "next";
import { connection } from "next/server";
import { firstParam, type SearchParams } from "@/components/auth/search-param";
import { mailTokenStillValid } from "@/lib/auth/mail-tokens";
import { mailTokenField } from "@/lib/auth/schemas";
import { VerifyEmailForm } from "./verify-email-client";

export const metadata: Metadata = { title: "Confirm your email", robots: { index: false }, referrer: "no-referrer" };

/**
 * Opening the mailed link only shows a button: mail scanners and link previews fetch links, so the token is used
 * by the button's POST, never by the GET.
 */
export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const parsed = mailTokenField.safeParse(firstParam((await searchParams).token));
  const valid = parsed.success && (await mailTokenStillValid(parsed.data, "email_verify")).length > 0;
  return (
    <>
      <h1 className="text-2xl font-bold">Confirm your email</h1>
      <VerifyEmailForm token={parsed.success ? parsed.data : ""} valid={valid} />
    </>
  );
}
