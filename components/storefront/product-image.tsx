import Image from "next/image";

/**
 * A product's image in a fixed square box (nothing shifts while it loads), through Next's image optimiser: the
 * URL is the files API's download path, given only once the image is released and public. Without one, a neutral
 * placeholder of the same size.
 */
export function ProductImage({ src, alt, sizes, eager = false, className = "" }: { src: string | null; alt: string; sizes: string; eager?: boolean; className?: string }) {
  return (
    <div className={`relative aspect-square overflow-hidden bg-slate-100 ${className}`}>
      {src ? (
        <Image src={src} alt={alt} fill sizes={sizes} loading={eager ? "eager" : "lazy"} className="object-contain" />
      ) : (
        <div role="img" aria-label="No image available" data-testid="product-image-placeholder" className="flex h-full w-full items-center justify-center bg-gradient-to-br from-slate-200 to-slate-100 text-slate-400">
          <svg aria-hidden viewBox="0 0 24 24" className="h-1/4 w-1/4" fill="none" stroke="currentColor" strokeWidth="1.5">
            <rect x="3" y="4" width="18" height="16" rx="2" />
            <circle cx="9" cy="10" r="2" />
            <path d="m21 17-5-5-9 8" />
          </svg>
        </div>
      )}
    </div>
  );
}
