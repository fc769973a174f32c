import { CartSkeleton } from "@/components/storefront/cart-view";

export default function CartLoading() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Your cart</h1>
      <div className="min-h-6" />
      <CartSkeleton />
    </div>
  );
}
