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
import { asSeller } from "../as-seller";

export const metadata: Metadata = { title: "Order · Seller" };

export default async function SellerOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePermission(`/seller/orders/${encodeURIComponent(id)}`, "orders:fulfil");
  if (!principal) return <Forbidden />;
  const parsed = orderIdParams.safeParse({ id });
  if (!parsed.success) notFound();
  // an order without the caller's lines is "not found", like in the API
  const view = await getOrderViewOrThrow(asSeller(principal), parsed.data.id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return (
    <div>
      <Link href="/seller/orders" className="text-sm text-brand-700 underline">
        ← Orders
      </Link>
      <div className="mt-2">
        <OrderDetail order={serializeOrder(view)} />
      </div>
    </div>
  );
}
