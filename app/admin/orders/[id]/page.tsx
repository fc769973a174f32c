import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderDetail } from "@/components/admin/orders/order-detail";
import { Forbidden } from "@/components/forbidden";
import { requirePermission } from "@/lib/auth/page-principal";
import { ApiError } from "@/lib/http/problem";
import { getOrderViewOrThrow } from "@/lib/orders/queries";
import { orderIdParams } from "@/lib/orders/schemas";
import { serializeOrder } from "@/lib/orders/serializers";

export const metadata: Metadata = { title: "Order · Admin" };

export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePermission(`/admin/orders/${encodeURIComponent(id)}`, "orders:manage");
  if (!principal) return <Forbidden />;
  const parsed = orderIdParams.safeParse({ id });
  if (!parsed.success) notFound();
  const view = await getOrderViewOrThrow(principal, parsed.data.id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return (
    <div>
      <Link href="/admin/orders" className="text-sm text-brand-700 underline">
        ← Orders
      </Link>
      <div className="mt-2">
        <OrderDetail order={serializeOrder(view)} />
      </div>
    </div>
  );
}
