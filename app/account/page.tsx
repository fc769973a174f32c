import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { VerifyEmailBanner } from "@/components/account/verify-email-banner";
import { requireUser } from "@/lib/auth/page-principal";
import { rolesOfUser } from "@/lib/auth/roles";
import { serializeUser } from "@/lib/auth/serializers";
import { loadUserAccess } from "@/lib/auth/user-access";
import { getFileOrThrow } from "@/lib/files/queries";
import { ApiError } from "@/lib/http/problem";
import { AvatarEditor } from "./avatar-client";
import { ProfileForm } from "./profile-client";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

export default async function AccountPage() {
  await connection();
  const principal = await requireUser("/account");
  const [access, roles] = await Promise.all([loadUserAccess(principal.userId), rolesOfUser(principal.userId)]);
  if (!access) redirect("/login?next=%2Faccount");
  // the serializer lists the fields that may leave the server; the form gets only the editable ones
  const user = serializeUser(access.user, roles);
  // the avatar's review state, for its owner (a file deleted meanwhile has already cleared the link)
  const avatarFileId = access.user.avatarFileId;
  const avatar = avatarFileId === null ? null : await getFileOrThrow(principal, avatarFileId).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Your account</h1>
      {!user.is_verified && <VerifyEmailBanner email={user.email} />}
      <section aria-labelledby="summary-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Email</dt>
          <dd className="break-all">{user.email}</dd>
          <dt className="text-slate-500">Email status</dt>
          <dd data-testid="email-status" className={user.is_verified ? "text-emerald-700" : "text-amber-700"}>
            {user.is_verified ? "Verified" : "Not verified"}
          </dd>
          <dt className="text-slate-500">Roles</dt>
          <dd>{user.roles.map((r) => r.display_name).join(", ") || "None"}</dd>
          <dt className="text-slate-500">Member since</dt>
          <dd>
            <time dateTime={user.created_at}>{DATE.format(new Date(user.created_at))}</time>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="avatar-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="avatar-heading" className="text-lg font-semibold">
          Avatar
        </h2>
        <AvatarEditor avatarUrl={user.avatar_url} status={avatar?.status ?? null} />
      </section>
      <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="profile-heading" className="text-lg font-semibold">
          Profile
        </h2>
        <ProfileForm
          profile={{ username: user.username, first_name: user.first_name, last_name: user.last_name, phone_number: user.phone_number }}
        />
      </section>
    </div>
  );
}
