/**
 * The admin side of review (src/editorial/review.ts): a "Review" panel on every report, resource,
 * video and good practice (its history in this language, "Ready for review" for the partner,
 * "Send back" with a comment for a coordinator; publishing is the admin's own Publish button),
 * and the coordinators' review queue on the home page.
 */
import { Box, Button, Field, Flex, Link, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { QueueItem, ReviewState, Step } from '../editorial/review';
import type { EntrySiteStatus } from '../publishing/entry-status';

const REVIEWED = ['api::workshop-report.workshop-report', 'api::resource.resource', 'api::spot-video.spot-video', 'api::good-practice.good-practice'];
const STEP_LABELS: Record<Step, string> = { ready: 'Marked ready for review', 'sent-back': 'Sent back', published: 'Published' };
const STATE_LABELS: Record<Step, string> = { ready: 'Waiting for review', 'sent-back': 'Sent back: see the comment', published: 'Published' };
const TYPE_LABELS: Record<string, string> = {
  'api::workshop-report.workshop-report': 'Workshop report',
  'api::resource.resource': 'Resource',
  'api::spot-video.spot-video': 'Video',
  'api::good-practice.good-practice': 'Good practice',
};

const errorMessage = (error: unknown) => (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? String(error);
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ReviewContent({ model, documentId, locale }: { model: string; documentId: string; locale: string }) {
  const { get, post } = useFetchClient();
  const path = `/praxis/reviews/${model}/${documentId}`;
  const [review, setReview] = useState<ReviewState | null>();
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      get<{ data: ReviewState }>(`${path}?locale=${encodeURIComponent(locale)}`).then(
        ({ data }) => setReview(data.data),
        () => setReview(null),
      ),
    [get, path, locale],
  );
  useEffect(() => void load(), [load]);

  const act = async (step: 'ready' | 'send-back') => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { data } = await post<{ data: ReviewState }>(`${path}/${step}`, { locale, ...(step === 'send-back' ? { comment } : {}) });
      setReview(data.data);
      setComment('');
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (review === null) return null;
  if (review === undefined) return <Typography>Loading…</Typography>;
  const lastComment = [...review.steps].reverse().find((step) => step.step === 'sent-back');
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="review">
      <Typography fontWeight="bold">{review.state ? STATE_LABELS[review.state] : 'Draft: not yet marked ready'}</Typography>
      {review.state === 'sent-back' && lastComment && (
        <Box padding={2} background="warning100" hasRadius data-testid="review-comment">
          <Typography variant="pi">
            {lastComment.actorEmail ?? 'A coordinator'} asks: {lastComment.comment}
          </Typography>
        </Box>
      )}
      {review.canMarkReady && (
        <Button type="button" disabled={busy} onClick={() => void act('ready')}>
          Ready for review
        </Button>
      )}
      {review.canSendBack && (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Field.Root name="review-comment" hint="What the partner should change: they read it here and by e-mail.">
            <Field.Label>Comment</Field.Label>
            <Textarea value={comment} onChange={(event: { target: { value: string } }) => setComment(event.target.value)} />
            <Field.Hint />
          </Field.Root>
          <Button type="button" variant="secondary" disabled={busy || !comment.trim()} onClick={() => void act('send-back')}>
            Send back
          </Button>
        </Flex>
      )}
      {problem && (
        <Typography role="alert" textColor="danger600">
          {problem}
        </Typography>
      )}
      <SiteLine site={review.site} />
      {review.steps.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={1} tag="ol" data-testid="review-history">
          {review.steps.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at its end, so a step keeps its position.
            <Typography key={index} tag="li" variant="pi">
              {when(step.at)} · {STEP_LABELS[step.step]}
              {step.actorEmail ? ` by ${step.actorEmail}` : ''}
              {step.comment ? `: “${step.comment}”` : ''}
            </Typography>
          ))}
        </Flex>
      )}
    </Flex>
  );
}

const SITE_LABELS: Record<EntrySiteStatus['state'], string> = {
  unpublished: 'Not on the site: this language version is not published',
  waiting: 'Published: the site will take it at its next build',
  building: 'Published: the site is being built with it',
  live: 'Live on the site',
  failed: 'Published, but not on the site',
};

/** Where the page of this language version is, and whether the publish reached it (src/publishing/entry-status.ts). */
function SiteLine({ site }: { site: EntrySiteStatus }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="site-status">
      <Typography fontWeight="bold" textColor={site.state === 'failed' ? 'danger600' : site.state === 'live' ? 'success600' : 'neutral800'}>
        {SITE_LABELS[site.state]}
        {site.liveAt ? ` since ${when(site.liveAt)}` : ''}
      </Typography>
      {site.reason && (
        <Typography variant="pi" textColor="danger600">
          {site.reason}
          {site.kept === undefined ? '' : site.kept ? ' (the site still shows its last good version)' : ' (it has no page on the site yet)'}
        </Typography>
      )}
      {site.address && (
        <Link href={site.address} isExternal>
          {site.address}
        </Link>
      )}
    </Flex>
  );
}

type PanelProps = { model: string; documentId?: string; document?: { locale?: string } };

/** The side panel on a reviewed entry, for its language version on screen. */
export function ReviewPanel({ model, documentId, document: entry }: PanelProps) {
  if (!REVIEWED.includes(model) || !documentId || !entry?.locale) return null;
  return { title: 'Review', content: <ReviewContent key={`${documentId}-${entry.locale}`} model={model} documentId={documentId} locale={entry.locale} /> };
}

/**
 * The home page widget: for a coordinator, what waits for review (what, which language, type, who
 * asked, since when), oldest first; for a partner editor, what was sent back to them, with the comment.
 */
export function ReviewQueueWidget() {
  const { get } = useFetchClient();
  const [queue, setQueue] = useState<QueueItem[] | null>();
  useEffect(() => {
    get<{ data: QueueItem[] }>('/praxis/reviews').then(
      ({ data }) => setQueue(data.data),
      () => setQueue(null),
    );
  }, [get]);
  if (queue === undefined) return <Typography>Loading…</Typography>;
  if (queue === null) return <Typography>Review is for partner editors and coordinators.</Typography>;
  if (queue.length === 0) return <Typography data-testid="review-queue">Nothing waits for you here.</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} tag="ul" data-testid="review-queue">
      {queue.map((item) => (
        <Flex key={`${item.entryDocumentId}-${item.locale}`} direction="column" alignItems="stretch" tag="li">
          <Link href={`/admin/content-manager/collection-types/${item.entryType}/${item.entryDocumentId}?plugins[i18n][locale]=${item.locale}`}>
            {item.title} ({item.locale})
          </Link>
          <Typography variant="pi">
            {TYPE_LABELS[item.entryType] ?? item.entryType} · {item.requestedBy ?? 'a partner editor'} · since {when(item.since)}
          </Typography>
          {item.comment && (
            <Typography variant="pi" textColor="warning700">
              Sent back by {item.sentBackBy ?? 'a coordinator'}: {item.comment}
            </Typography>
          )}
        </Flex>
      ))}
    </Flex>
  );
}
