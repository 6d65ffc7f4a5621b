import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { noticeLink, type District } from '../lib/district.ts';

/** ExternalLink opens a page of the district's own site in a new tab, and says so. */
export function ExternalLink({ href, children }: { href: string; children: string }) {
  const { t } = useTranslation();
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}{' '}
      <span className="visually-hidden">{t('district.footer.newTab')}</span>
    </a>
  );
}

/** NoticeLink is the footer's link to a district notice, wherever the district keeps it. */
function NoticeLink({ link, label }: { link: ReturnType<typeof noticeLink>; label: string }) {
  if (!link) return null;
  return <li>{link.external ? <ExternalLink href={link.href}>{label}</ExternalLink> : <Link to={link.href}>{label}</Link>}</li>;
}

/** ContactList is the district's help desk: phone, email and web page, those it has. */
export function ContactList({ district }: { district: District }) {
  const { t } = useTranslation();
  const { phone, email, url } = district.help;
  if (!phone && !email && !url) return null;
  return (
    <ul className="contact-list">
      {phone && (
        <li>
          <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{t('district.footer.phone', { phone })}</a>
        </li>
      )}
      {email && (
        <li>
          <a href={`mailto:${email}`}>{email}</a>
        </li>
      )}
      {url && (
        <li>
          <ExternalLink href={url}>{url.replace(/^https?:\/\//, '')}</ExternalLink>
        </li>
      )}
    </ul>
  );
}

/**
 * SiteFooter closes every page: Help, the privacy notice and the accessibility statement, and
 * how to reach the district. Until the district is known it shows only Help.
 */
export function SiteFooter({ district }: { district: District | undefined }) {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <nav aria-label={t('district.footer.label')}>
          <ul className="site-footer__links">
            <li>
              <Link to="/help">{t('district.footer.help')}</Link>
            </li>
            <NoticeLink link={noticeLink(district?.privacy, '/privacy')} label={t('district.footer.privacy')} />
            <NoticeLink link={noticeLink(district?.accessibility, '/accessibility')} label={t('district.footer.accessibility')} />
          </ul>
        </nav>
        {district?.name && (
          <div className="site-footer__contact">
            <p>{t('district.footer.contact', { name: district.name })}</p>
            <ContactList district={district} />
          </div>
        )}
      </div>
    </footer>
  );
}
