/**
 * The admin panel's additions: a "Registrations" panel on a webinar (CSV export for its
 * organisers) and a "Certificate" panel on a registration (PDF for an attendee). The admin API
 * behind them (`/praxis/…`, src/registration/organisers.ts) checks who may download what.
 */
import { Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, type StrapiApp } from '@strapi/strapi/admin';
import { useState } from 'react';

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
        <Button variant="secondary" disabled={!entry?.attended} onClick={() => download(`/praxis/registrations/${documentId}/certificate.pdf`, `certificate-${entry?.webinarKey ?? 'webinar'}.pdf`)}>
          Download certificate (PDF)
        </Button>
        {!entry?.attended && <Typography variant="pi">Mark attendance and save first.</Typography>}
        {problem && <Typography textColor="danger600">{problem}</Typography>}
      </Flex>
    ),
  };
}

export default {
  config: { locales: [] },
  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager').apis as { addEditViewSidePanel(panels: unknown[]): void };
    apis.addEditViewSidePanel([RegistrationsPanel, CertificatePanel]);
  },
};
