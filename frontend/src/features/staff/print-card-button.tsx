import { useNavigate } from 'react-router';

/**
 * PrintCardButton hands a just-issued badge or picture password to the printable login card
 * (keep puts it in this tab's memory: it is shown once) and opens the card.
 */
export function PrintCardButton({ label, keep }: { label: string; keep(): void }) {
  const navigate = useNavigate();
  return (
    <p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => {
          keep();
          void navigate('/staff/print/cards');
        }}
      >
        {label}
      </button>
    </p>
  );
}
