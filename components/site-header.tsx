import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { CartLink } from "@/components/storefront/cart-link";
import { logoutAction } from "@/lib/auth/actions";
import { currentPrincipal } from "@/lib/auth/page-principal";
import type { Principal } from "@/lib/auth/principal";
import { serverCartCount } from "@/lib/cart/queries";
import { errorFields, log } from "@/lib/log";

const link = "text-sm text-slate-700 hover:text-slate-900";

/** The admin console's landing section for what the user may do (the admin layout re-checks every permission). */
function adminHref(principal: Principal): string | null {
  if (principal.permissions.has("monitoring:read")) return "/admin";
  if (principal.permissions.has("audit:read")) return "/admin/audit";
  if (principal.permissions.has("users:manage")) return "/admin/users";
  return null;
}

async function principalOrNull(): Promise<Principal | null> {
  try {
    return await currentPrincipal();
  } catch (error) {
    unstable_rethrow(error); // Next's own control flow (dynamic rendering bail-out) is not a failure
    // the header is not an authorization check: if the session cannot be read, it shows the signed-out links
    log.error("site header could not resolve the principal", errorFields(error));
    return null;
  }
}

/** Units in the account's cart; the header still renders (with 0) if the count cannot be read. */
async function cartCountOrZero(principal: Principal | null): Promise<number> {
  if (!principal?.permissions.has("orders:create")) return 0;
  try {
    return await serverCartCount(principal.userId);
  } catch (error) {
    unstable_rethrow(error);
    log.error("site header could not count the cart", errorFields(error));
    return 0;
  }
}

/** The site header: the shop's links, and either "Sign in"/"Register" or the signed-in user's links. */
export async function SiteHeader() {
  const principal = await principalOrNull();
  const admin = principal ? adminHref(principal) : null;
  const cartCount = await cartCountOrZero(principal);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <nav aria-label="Main" className="flex items-center gap-6">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Secure Shop
          </Link>
          <Link href="/products" className={link}>
            Catalogue
          </Link>
          <CartLink signedIn={principal !== null} serverCount={cartCount} />
        </nav>
        <nav aria-label="Your account" className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-1">
          {principal ? (
            <>
              <span className="max-w-64 truncate text-sm text-slate-500" data-testid="signed-in-as" title={principal.email}>
                {principal.email}
              </span>
              <Link href="/account" className={link}>
                Account
              </Link>
              {principal.permissions.has("orders:create") && (
                <Link href="/account/orders" className={link}>
                  Orders
                </Link>
              )}
              <Link href="/account/security" className={link}>
                Security
              </Link>
              {principal.permissions.has("products:write") && (
                <Link href="/seller" className={link}>
                  Seller
                </Link>
              )}
              {admin && (
                <Link href={admin} className={link}>
                  Admin
                </Link>
              )}
              <form action={logoutAction}>
                <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-800 hover:bg-slate-100">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <>
              <Link href="/login" className={link}>
                Sign in
              </Link>
              <Link href="/register" className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700">
                Register
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
