import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { badgeTokenFrom } from './badge-url.ts';

interface BadgeScannerProps {
  /** Called once, with the token of this portal's badge. */
  onToken: (token: string) => void;
  onCancel: () => void;
}

type Problem = 'camera' | 'notOurs';

/**
 * BadgeScanner shows the camera and reads a badge's QR. It is its own lazy chunk (the QR
 * reader is some 480 KB, 125 KB gzipped): only a child who presses "Scan my badge" downloads
 * it. A QR that is not this portal's /badge URL is named as such and scanning goes on.
 */
export function BadgeScanner({ onToken, onCancel }: BadgeScannerProps) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const onTokenRef = useRef(onToken);
  onTokenRef.current = onToken;
  const [problem, setProblem] = useState<Problem>();
  const [started, setStarted] = useState(false);

  useEffect(() => {
    cancelRef.current?.focus();
    const video = videoRef.current;
    if (!video) return;
    let controls: IScannerControls | undefined;
    let done = false;
    const reader = new BrowserQRCodeReader();
    reader
      .decodeFromVideoDevice(undefined, video, (result, _error, running) => {
        if (!result || done) return;
        const token = badgeTokenFrom(result.getText(), window.location.origin);
        if (!token) {
          setProblem('notOurs');
          return;
        }
        done = true;
        running.stop();
        onTokenRef.current(token);
      })
      .then((running) => {
        controls = running;
        if (done) running.stop();
        else setStarted(true);
      })
      .catch(() => setProblem('camera'));
    return () => {
      done = true;
      controls?.stop();
    };
  }, []);

  return (
    <section className="badge-scanner" aria-labelledby="badge-scan-title">
      <h2 id="badge-scan-title">{t('badge.scanTitle')}</h2>
      <p>{t('badge.scanIntro')}</p>
      <div role="status">
        {!started && !problem && <p>{t('badge.starting')}</p>}
        {problem === 'notOurs' && <p className="alert">{t('badge.notOurBadge')}</p>}
      </div>
      {problem === 'camera' ? (
        <p role="alert" className="alert">
          {t('badge.cameraRefused')}
        </p>
      ) : (
        <video ref={videoRef} className="badge-scanner__video" muted playsInline aria-label={t('badge.cameraLabel')} />
      )}
      <p>
        <button ref={cancelRef} type="button" className="button button--secondary" onClick={onCancel}>
          {t('badge.cancel')}
        </button>
      </p>
    </section>
  );
}
