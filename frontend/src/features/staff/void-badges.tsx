import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/text-field.tsx';
import { useVoidSchoolBadges } from './badge-queries.ts';
import { useClassErrorMessage } from './class-errors.ts';
import type { StaffSchool } from './report-queries.ts';
import './class-strings.ts';

/**
 * VoidBadges ends every badge of a school at the end of the year, for school and district
 * admins. Typing the school's code (the server checks it too) makes it a deliberate act: it
 * reaches every young student of the school at once.
 */
export function VoidBadges({ school }: { school: StaffSchool }) {
  const { t } = useTranslation();
  const voiding = useVoidSchoolBadges(school.id);
  const errorMessage = useClassErrorMessage();
  const [code, setCode] = useState('');
  const error = voiding.isError ? errorMessage(voiding.error) : undefined;
  return (
    <section aria-labelledby="void-badges-title" className="staff-action">
      <h2 id="void-badges-title">{t('staffClass.badges.voidTitle')}</h2>
      <p>{t('staffClass.badges.voidIntro')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!voiding.isPending) voiding.mutate(code.trim(), { onSuccess: () => setCode('') });
        }}
      >
        <TextField
          id="void-badges-code"
          label={t('staffClass.badges.voidCode', { code: school.displayCode })}
          value={code}
          autoComplete="off"
          spellCheck={false}
          error={error}
          onChange={(event) => {
            setCode(event.target.value);
            if (voiding.isError) voiding.reset();
          }}
        />
        <div role="status">
          {voiding.isSuccess && <p className="notice notice--ok">{t('staffClass.badges.voided', { count: voiding.data.voided })}</p>}
        </div>
        <p>
          <button type="submit" className="button" aria-disabled={voiding.isPending || undefined}>
            {voiding.isPending ? t('staffClass.badges.voiding') : t('staffClass.badges.voidSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}
