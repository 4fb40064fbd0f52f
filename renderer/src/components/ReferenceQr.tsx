import { create } from 'qrcode';
import { useMemo } from 'react';

/**
 * The reference as a QR code drawn in SVG, the same content the printed receipt carries, so a
 * shopper can photograph it when the printer could not print (and keep it in any case).
 */
export function ReferenceQr({ value, label }: { value: string; label: string }) {
  const path = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
    }
    return { d, size: modules.size + 8 };
  }, [value]);
  return (
    <svg className="reference-qr" viewBox={`0 0 ${path.size} ${path.size}`} role="img" aria-label={label} data-testid="reference-qr" shapeRendering="crispEdges">
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
