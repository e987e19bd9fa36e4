import type { ReactNode } from 'react';

/** A wide table that scrolls sideways on small screens; focusable so keyboard users can scroll it too. */
export function Scrollable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
