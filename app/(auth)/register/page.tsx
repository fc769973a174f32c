import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { currentPrincipal } from "@/lib/auth/page-principal";
import { RegisterForm } from "./register-client";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

export default async function RegisterPage() {
  await connection();
  if (await currentPrincipal()) redirect("/account");
  return (
    <>
      <h1 className="text-2xl font-bold">Create an account</h1>
      <RegisterForm />
      <p className="mt-4 text-sm">
        Already have an account?{" "}
        <Link href="/login" className="text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
