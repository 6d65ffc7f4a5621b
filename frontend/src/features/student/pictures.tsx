// Simple pictures for young students' pages, beside the words (which say the same: the
// pictures are decoration to a screen reader). Drawn inline so the strict CSP needs nothing.

const common = { viewBox: '0 0 64 64', 'aria-hidden': true, focusable: false } as const;

export function BadgePicture({ className }: { className?: string }) {
  return (
    <svg {...common} className={className}>
      <rect x="12" y="6" width="40" height="52" rx="6" fill="#1d4ed8" />
      <rect x="18" y="14" width="28" height="28" rx="2" fill="#fff" />
      <path d="M21 17h8v8h-8zM35 17h8v8h-8zM21 31h8v8h-8zM33 33h4v4h-4zM39 37h4v2h-4z" fill="#111" />
      <rect x="20" y="47" width="24" height="4" rx="2" fill="#fff" />
    </svg>
  );
}

export function TeacherPicture({ className }: { className?: string }) {
  return (
    <svg {...common} className={className}>
      <rect x="4" y="8" width="40" height="26" rx="2" fill="#166534" />
      <path d="M10 16h14M10 22h22" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      <circle cx="48" cy="26" r="8" fill="#b45309" />
      <path d="M36 58c0-10 5-18 12-18s12 8 12 18z" fill="#7c3aed" />
    </svg>
  );
}

export function FamilyPicture({ className }: { className?: string }) {
  return (
    <svg {...common} className={className}>
      <path d="M6 30 32 8l26 22v28H6z" fill="#be123c" />
      <rect x="26" y="40" width="12" height="18" fill="#fff" />
      <circle cx="20" cy="30" r="4" fill="#fde68a" />
      <circle cx="44" cy="30" r="4" fill="#fde68a" />
    </svg>
  );
}
