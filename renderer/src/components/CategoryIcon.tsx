import type { ReactNode } from 'react';
import type { ServiceCategory } from '../../../main/contract';

/**
 * One line drawing per menu category. They are drawings of objects (a car, a house, a card), so
 * they are never mirrored in Arabic: a house does not face a reading direction. Only the
 * chevron that says "opens" follows the direction (see .chevron in styles-menu.css).
 */
const PATHS: Readonly<Record<ServiceCategory, ReactNode>> = {
  traffic: (
    <>
      <path d="M10 30l4-11a4 4 0 0 1 4-3h12a4 4 0 0 1 4 3l4 11" />
      <rect x="7" y="30" width="34" height="9" rx="3" />
      <path d="M11 39v4M37 39v4M14 34.5h3M31 34.5h3" />
    </>
  ),
  licences: (
    <>
      <circle cx="24" cy="24" r="16" />
      <circle cx="24" cy="24" r="4" />
      <path d="M8.5 21h11M28.5 21h11M24 28v12" />
    </>
  ),
  residency: (
    <>
      <path d="M7 23L24 9l17 14" />
      <path d="M12 19v20h24V19" />
      <rect x="20" y="27" width="8" height="12" />
    </>
  ),
  visas: (
    <>
      <rect x="11" y="6" width="26" height="36" rx="3" />
      <circle cx="24" cy="21" r="7" />
      <path d="M17 21h14M24 14c-3 4-3 10 0 14M24 14c3 4 3 10 0 14M18 34h12" />
    </>
  ),
  documents: (
    <>
      <rect x="5" y="11" width="38" height="26" rx="3" />
      <circle cx="16" cy="22" r="4" />
      <path d="M10 31c1-4 11-4 12 0M27 19h11M27 25h11M27 31h7" />
    </>
  ),
  certificates: (
    <>
      <path d="M12 6h18l7 7v29H12z" />
      <path d="M30 6v7h7M17 18h13M17 24h13" />
      <circle cx="24" cy="33" r="4" />
    </>
  ),
  general: (
    <>
      <rect x="8" y="8" width="13" height="13" rx="3" />
      <rect x="27" y="8" width="13" height="13" rx="3" />
      <rect x="8" y="27" width="13" height="13" rx="3" />
      <rect x="27" y="27" width="13" height="13" rx="3" />
    </>
  ),
  companies: (
    <>
      <path d="M9 42V10h18v32M27 20h12v22M5 42h38" />
      <path d="M14 16h3M19 16h3M14 23h3M19 23h3M14 30h3M19 30h3M32 27h3M32 34h3" />
    </>
  ),
};

export function CategoryIcon({ category, className = 'category-icon' }: { category: ServiceCategory; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      {PATHS[category]}
    </svg>
  );
}

/** Points the way the menu opens: to the inline end, so it is mirrored in right-to-left. */
export function Chevron() {
  return (
    <svg className="chevron" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M9 5l7 7-7 7" />
    </svg>
  );
}
