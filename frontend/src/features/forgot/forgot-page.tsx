import { useCallback, useState, type ReactElement } from 'react';
import { Navigate, Route, Routes, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api-error.ts';
import type { Language } from '../../lib/i18n.ts';
import { ChooseStep } from './choose-step.tsx';
import { DoneStep } from './done-step.tsx';
import type { Question } from './forgot-queries.ts';
import { NewPasswordStep } from './new-password-step.tsx';
import { PinStep } from './pin-step.tsx';
import { QuestionsStep } from './questions-step.tsx';
import { DisabledPage, ExpiredPage, LockedPage, TooSoonPage, type Refusal } from './refusal-pages.tsx';
import { UsernameStep } from './username-step.tsx';
import './forgot.css';

/**
 * Flow is what the steps share. It lives only in this component's memory:
 * tokens never reach the URL or storage, so a reload starts again.
 */
interface Flow {
  username: string;
  /** The language the questions came in. */
  lang: Language;
  flowToken: string | undefined;
  questions: readonly Question[];
  resetToken: string | undefined;
  refusal: Refusal | undefined;
  done: boolean;
}

const emptyFlow: Flow = {
  username: '',
  lang: 'en',
  flowToken: undefined,
  questions: [],
  resetToken: undefined,
  refusal: undefined,
  done: false,
};

const refusalKinds: Readonly<Record<string, Refusal['kind']>> = {
  recovery_locked: 'locked',
  recovery_disabled: 'disabled',
  self_reset_too_soon: 'too-soon',
  flow_expired: 'expired',
};

const base = '/forgot';

/**
 * ForgotPage is the forgot-password flow: username → how → PIN or
 * questions → new password → done, each step its own address under /forgot
 * so the browser's Back button walks the steps. Steps that can no longer be
 * used (a spent verification, a finished flow) are replaced in the history,
 * and a step opened without what it needs goes back to the start.
 */
export function ForgotPage() {
  const navigate = useNavigate();
  const [flow, setFlow] = useState<Flow>(emptyFlow);

  const started = useCallback(
    (username: string, lang: Language, flowToken: string, questions: readonly Question[]) => {
      setFlow({ ...emptyFlow, username, lang, flowToken, questions });
      void navigate(`${base}/how`);
    },
    [navigate],
  );

  const verified = useCallback(
    (resetToken: string) => {
      setFlow((f) => ({ ...f, resetToken }));
      void navigate(`${base}/new-password`, { replace: true });
    },
    [navigate],
  );

  const changed = useCallback(() => {
    setFlow((f) => ({ ...f, done: true }));
    void navigate(`${base}/done`, { replace: true });
  }, [navigate]);

  /** refused shows the page for a refusal that ends the flow; false when error is not one. */
  const refused = useCallback(
    (error: unknown): boolean => {
      const kind = error instanceof ApiError ? refusalKinds[error.code] : undefined;
      if (!kind || !(error instanceof ApiError)) return false;
      setFlow((f) => ({ ...f, refusal: { kind, retryAt: error.retryAt } }));
      void navigate(`${base}/${kind}`, { replace: true });
      return true;
    },
    [navigate],
  );

  // Called by the page a flow ends on, once it shows: the tokens are spent,
  // so Back cannot reach a step that would only fail.
  const ended = useCallback(() => {
    setFlow((f) => (f.flowToken || f.resetToken ? { ...f, flowToken: undefined, questions: [], resetToken: undefined } : f));
  }, []);

  const restart = <Navigate to={base} replace />;
  const needs = (ok: unknown, element: ReactElement) => (ok ? element : restart);
  const refusal = (kind: Refusal['kind']) => (flow.refusal?.kind === kind ? flow.refusal : undefined);

  return (
    <div className="narrow forgot">
      <Routes>
        <Route index element={<UsernameStep initialUsername={flow.username} onStarted={started} />} />
        <Route path="how" element={needs(flow.flowToken, <ChooseStep username={flow.username} />)} />
        <Route
          path="pin"
          element={needs(
            flow.flowToken,
            <PinStep flowToken={flow.flowToken ?? ''} onVerified={verified} onRefused={refused} />,
          )}
        />
        <Route
          path="questions"
          element={needs(
            flow.flowToken && flow.questions.length > 0,
            <QuestionsStep
              flowToken={flow.flowToken ?? ''}
              questions={flow.questions}
              questionsLang={flow.lang}
              onVerified={verified}
              onRefused={refused}
            />,
          )}
        />
        <Route
          path="new-password"
          element={needs(
            flow.resetToken,
            <NewPasswordStep
              username={flow.username}
              resetToken={flow.resetToken ?? ''}
              onChanged={changed}
              onRefused={refused}
            />,
          )}
        />
        <Route path="done" element={needs(flow.done, <DoneStep onShown={ended} />)} />
        <Route path="locked" element={needs(refusal('locked'), <LockedPage refusal={refusal('locked')} onShown={ended} />)} />
        <Route path="disabled" element={needs(refusal('disabled'), <DisabledPage onShown={ended} />)} />
        <Route
          path="too-soon"
          element={needs(refusal('too-soon'), <TooSoonPage refusal={refusal('too-soon')} onShown={ended} />)}
        />
        <Route path="expired" element={needs(refusal('expired'), <ExpiredPage onShown={ended} />)} />
        <Route path="*" element={restart} />
      </Routes>
    </div>
  );
}
