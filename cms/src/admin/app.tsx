/**
 * The admin panel's additions: a "Registrations" panel on a webinar (CSV export for its
 * organisers) and a "Certificate" panel on a registration (PDF for an attendee). The admin API
 * behind them (`/praxis/…`, src/registration/organisers.ts) checks who may download what. And a
 * "Site publishing" widget on the home page: the last publish the publisher reported
 * (src/publishing/status.ts). Editorial ones (src/editorial/): an organisation's languages as a
 * multi-select and its "Editors and invitations" panel (editorial.tsx), the "Review" panel of an
 * entry and the review queue on the home page (review.tsx), and the translators' list
 * (translations.tsx); the reach figures and the funder's CSV (reach.tsx). Its logo and colours are Praxis's (brand.ts).
 */
import { Button, Flex, Typography } from '@strapi/design-system';
import { Bell, Earth } from '@strapi/icons';
import { useFetchClient, type StrapiApp } from '@strapi/strapi/admin';
import { type ComponentType, useEffect, useState } from 'react';
import { localeCodes } from '@praxis/contract/locales';
import type { PublishStatus } from '@praxis/contract/publish-status';
import { brandConfig } from './brand';
import { REACH_TRANSLATIONS } from './reach-labels';
import { InvitationsPanel, LanguagesInput } from './editorial';
import { ReviewPanel, ReviewQueueWidget } from './review';
import { TranslationsWidget } from './translations';

type PanelProps = { model: string; documentId?: string; document?: Record<string, unknown> };

/** Fetches a file through the admin's authenticated client and hands it to the browser. */
function useDownload() {
  const { get } = useFetchClient();
  const [problem, setProblem] = useState<string>();
  const download = async (path: string, filename: string) => {
    setProblem(undefined);
    try {
      const { data } = await get<Blob>(path, { responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = Object.assign(document.createElement('a'), { href: url, download: filename });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem((error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? String(error));
    }
  };
  return { download, problem };
}

function RegistrationsPanel({ model, document: entry }: PanelProps) {
  const { download, problem } = useDownload();
  if (model !== 'api::webinar.webinar' || !entry?.key) return null;
  const key = String(entry.key);
  return {
    title: 'Registrations',
    content: (
      <Flex direction="column" alignItems="stretch" gap={2} width="100%">
        <Button variant="secondary" onClick={() => download(`/praxis/webinars/${encodeURIComponent(key)}/registrations.csv`, `${key}-registrations.csv`)}>
          Download registrations (CSV)
        </Button>
        {problem && <Typography textColor="danger600">{problem}</Typography>}
      </Flex>
    ),
  };
}

function CertificatePanel({ model, documentId, document: entry }: PanelProps) {
  const { download, problem } = useDownload();
  if (model !== 'api::registration.registration' || !documentId) return null;
  return {
    title: 'Certificate of participation',
    content: (
      <Flex direction="column" alignItems="stretch" gap={2} width="100%">
        <Button
          variant="secondary"
          disabled={!entry?.attended}
          onClick={() => download(`/praxis/registrations/${documentId}/certificate.pdf`, `certificate-${documentId}.pdf`)}
        >
          Download certificate (PDF)
        </Button>
        {!entry?.attended && <Typography variant="pi">Mark attendance and save first.</Typography>}
        {problem && <Typography textColor="danger600">{problem}</Typography>}
      </Flex>
    ),
  };
}

const STATE_LABELS: Record<PublishStatus['state'], string> = {
  building: 'Building the site…',
  live: 'Live on the site',
  failed: 'Last publish failed: the site still shows the release before it',
};

/** The home page widget: whether the last publish reached the site, and why not when it failed. */
function PublishStatusWidget() {
  const { get } = useFetchClient();
  const [status, setStatus] = useState<PublishStatus | null>();
  useEffect(() => {
    let stopped = false;
    const load = () =>
      get<{ data: PublishStatus | null }>('/praxis/publish-status').then(
        ({ data }) => !stopped && setStatus(data.data),
        () => !stopped && setStatus(null),
      );
    void load();
    // A publish takes seconds: follow it while the widget is on screen.
    const timer = setInterval(load, 5_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [get]);
  if (status === undefined) return <Typography>Loading…</Typography>;
  if (status === null) return <Typography>The site has not been published since the CMS started keeping a record.</Typography>;
  const when = new Date(status.finishedAt ?? status.startedAt).toLocaleString();
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="publish-status">
      <Typography variant="omega" fontWeight="bold" textColor={status.state === 'failed' ? 'danger600' : status.state === 'live' ? 'success600' : 'neutral800'}>
        {STATE_LABELS[status.state]}
      </Typography>
      <Typography variant="pi">
        {when} · {status.trigger}
        {status.pages === undefined ? '' : ` · ${status.pages} pages`}
        {status.seconds === undefined ? '' : ` in ${status.seconds.toFixed(1)} s`}
      </Typography>
      {status.reason && <Typography textColor="danger600">{status.reason}</Typography>}
      {status.rejected && status.rejected.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={1} data-testid="publish-status-rejected">
          <Typography textColor="danger600" fontWeight="bold">
            Not published, everything else is live: {status.rejected.length === 1 ? 'one entry' : `${status.rejected.length} entries`} the site cannot take
          </Typography>
          {status.rejected.map((item) => (
            <Typography key={item.entry} variant="pi" textColor="danger600">
              {item.entry}: {item.reason} ({item.kept ? 'the site still shows its last good version' : 'it has no page on the site yet'})
            </Typography>
          ))}
        </Flex>
      )}
      {status.liveRelease && <Typography variant="pi">Live release: {status.liveRelease}</Typography>}
    </Flex>
  );
}

export default {
  // The admin speaks Praxis's languages besides English (Lithuanian through Praxis's own labels: Strapi has none).
  config: { locales: [...localeCodes], translations: REACH_TRANSLATIONS, ...brandConfig },
  // Home page widgets are registered before the admin boots; side panels once it has.
  register(app: StrapiApp) {
    app.widgets.register({
      id: 'publish-status',
      icon: Earth,
      title: { id: 'praxis.publish-status.title', defaultMessage: 'Site publishing' },
      component: async () => PublishStatusWidget,
    });
    app.widgets.register({
      id: 'review-queue',
      icon: Bell,
      title: { id: 'praxis.review-queue.title', defaultMessage: 'Review' },
      component: async () => ReviewQueueWidget,
    });
    app.widgets.register({
      id: 'translations',
      icon: Earth,
      title: { id: 'praxis.translations.title', defaultMessage: 'Translations' },
      component: async () => TranslationsWidget,
    });
    app.widgets.register({
      id: 'reach',
      icon: Earth,
      title: { id: 'praxis.reach.title', defaultMessage: 'Reach' },
      // Its plotting library loads with the widget, in the admin only.
      component: async () => (await import('./reach')).ReachWidget,
    });
    app.customFields.register({
      name: 'locales',
      type: 'json',
      intlLabel: { id: 'praxis.locales.label', defaultMessage: 'Languages' },
      intlDescription: { id: 'praxis.locales.description', defaultMessage: 'The languages an organisation works in' },
      // Strapi types a custom field's input as taking no props, and passes it the field's props when it renders it.
      components: { Input: async () => ({ default: LanguagesInput as ComponentType }) },
    });
  },
  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager').apis as { addEditViewSidePanel(panels: unknown[]): void };
    apis.addEditViewSidePanel([RegistrationsPanel, CertificatePanel, InvitationsPanel, ReviewPanel]);
  },
};
