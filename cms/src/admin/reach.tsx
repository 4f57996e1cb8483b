/**
 * The "Reach" widget on the admin home (src/counting/reach.ts): page views and downloads over a
 * period, plotted by day (uPlot, loaded with this widget only), and by language and by item, for
 * every project, organisation and language or one of each (src/counting/filter.ts); a partner
 * editor sees their own organisations' items. The CSV is the funder's: one line per day, item,
 * language and kind, then the webinars' registration counts. Webinars starting in the period:
 * registrations, waiting list, attendance and certificates, in a table and a plot; events and
 * exchanges held by year and country; resources published per language. Its labels are in the
 * admin's language (reach-labels.ts).
 */
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Reach } from '../counting/reach';
import { REACH_LABELS, type ReachLabel } from './reach-labels';

const ALL = '';
const DAY_MS = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

type Label = (name: ReachLabel, values?: Record<string, string | number>) => string;

/** The widget's labels in the admin's language, English when it has none. */
function useLabels(): { label: Label; locale: string } {
  const { formatMessage, locale } = useIntl();
  const label: Label = (name, values) => formatMessage({ id: `praxis.reach.${name}`, defaultMessage: REACH_LABELS[name] }, values);
  return { label, locale };
}

/** Views and downloads of each day of the period, zero on a day without any. */
function byDay(figures: Reach): [number[], number[], number[]] {
  const start = Date.parse(`${figures.from}T00:00:00Z`);
  const end = Date.parse(`${figures.to}T00:00:00Z`);
  const days: number[] = [];
  for (let time = start; time <= end; time += DAY_MS) days.push(time);
  const index = new Map(days.map((time, position) => [isoDay(time), position]));
  const views = days.map(() => 0);
  const downloads = days.map(() => 0);
  for (const row of figures.rows) {
    const position = index.get(row.day);
    if (position === undefined) continue;
    (row.kind === 'view' ? views : downloads)[position]! += row.hits;
  }
  return [days.map((time) => time / 1000), views, downloads];
}

/** Views and downloads summed by `key` of each row, largest first. */
function totals(figures: Reach, key: (row: Reach['rows'][number]) => string): Array<{ name: string; views: number; downloads: number }> {
  const sums = new Map<string, { name: string; views: number; downloads: number }>();
  for (const row of figures.rows) {
    const name = key(row);
    const sum = sums.get(name) ?? { name, views: 0, downloads: 0 };
    if (row.kind === 'view') sum.views += row.hits;
    else sum.downloads += row.hits;
    sums.set(name, sum);
  }
  return [...sums.values()].sort((a, b) => b.views + b.downloads - (a.views + a.downloads));
}

function DailyPlot({ figures }: { figures: Reach }) {
  const { label } = useLabels();
  const views = label('views');
  const downloads = label('downloads');
  const target = useRef<HTMLDivElement>(null);
  const data = useMemo(() => byDay(figures), [figures]);
  useEffect(() => {
    if (!target.current) return;
    const plot = new uPlot(
      {
        width: Math.max(280, target.current.clientWidth),
        height: 180,
        scales: { x: { time: true } },
        series: [{}, { label: views, stroke: '#4945ff', width: 2 }, { label: downloads, stroke: '#328048', width: 2 }],
        axes: [{}, { size: 40 }],
      },
      data,
      target.current,
    );
    return () => plot.destroy();
  }, [data, views, downloads]);
  return <div ref={target} data-testid="reach-plot" role="img" aria-label={label('plotLabel', { from: figures.from, to: figures.to })} />;
}

function Totals({
  title,
  column,
  rows,
  testId,
}: {
  title: string;
  column: string;
  rows: Array<{ name: string; views: number; downloads: number }>;
  testId: string;
}) {
  const { label } = useLabels();
  return (
    <Box data-testid={testId}>
      <Typography fontWeight="bold">{title}</Typography>
      <table>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'start' }}>
              <Typography variant="pi">{column}</Typography>
            </th>
            <th scope="col">
              <Typography variant="pi">{label('views')}</Typography>
            </th>
            <th scope="col">
              <Typography variant="pi">{label('downloads')}</Typography>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 15).map((row) => (
            <tr key={row.name}>
              <td>
                <Typography>{row.name}</Typography>
              </td>
              <td style={{ textAlign: 'end' }}>
                <Typography>{row.views}</Typography>
              </td>
              <td style={{ textAlign: 'end' }}>
                <Typography>{row.downloads}</Typography>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}

/** Confirmed, waiting list and attended per webinar, in the order they were held. */
function WebinarPlot({ webinars }: { webinars: Reach['webinars'] }) {
  const { label } = useLabels();
  const [webinar, confirmed, waitlisted, attended] = [label('webinar'), label('confirmed'), label('waitlisted'), label('attended')];
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!target.current || webinars.length === 0) return;
    const line = (label: string, stroke: string) => ({ label, stroke, width: 2, points: { show: true, size: 6 } });
    const plot = new uPlot(
      {
        width: Math.max(280, target.current.clientWidth),
        height: 180,
        scales: { x: { time: false } },
        series: [
          { label: webinar, value: (_: uPlot, at: number | null) => (at === null ? '' : (webinars[at - 1]?.key ?? '')) },
          line(confirmed, '#4945ff'),
          line(waitlisted, '#d9822f'),
          line(attended, '#328048'),
        ],
        axes: [{ incrs: [1], values: (_: uPlot, ticks: number[]) => ticks.map((tick) => webinars[tick - 1]?.day ?? '') }, { size: 40 }],
      },
      [
        webinars.map((_, index) => index + 1),
        webinars.map((webinar) => webinar.confirmed),
        webinars.map((webinar) => webinar.waitlisted),
        webinars.map((webinar) => webinar.attended),
      ],
      target.current,
    );
    return () => plot.destroy();
  }, [webinars, webinar, confirmed, waitlisted, attended]);
  return <div ref={target} data-testid="reach-webinar-plot" role="img" aria-label={label('webinarPlotLabel')} />;
}

function WebinarTable({ webinars }: { webinars: Reach['webinars'] }) {
  const { label } = useLabels();
  const top = (tallies: Array<{ name: string; count: number }>) =>
    tallies
      .slice(0, 3)
      .map((tally) => `${tally.name} ${tally.count}`)
      .join(', ');
  return (
    <Box data-testid="reach-webinars">
      <Typography fontWeight="bold">{label('webinars')}</Typography>
      {webinars.length === 0 ? (
        <Typography>{label('noWebinar')}</Typography>
      ) : (
        <table>
          <ColumnHeads
            columns={(['webinar', 'day', 'confirmed', 'waitlisted', 'attended', 'certificates', 'byProfession', 'byRegion'] as const).map((name) =>
              label(name),
            )}
          />
          <tbody>
            {webinars.map((webinar) => (
              <tr key={webinar.key} data-webinar={webinar.key}>
                <td>
                  <Typography>{webinar.title}</Typography>
                </td>
                <td>
                  <Typography>{webinar.day}</Typography>
                </td>
                {(['confirmed', 'waitlisted', 'attended', 'certificates'] as const).map((field) => (
                  <td key={field} data-field={field} style={{ textAlign: 'end' }}>
                    <Typography>{webinar[field]}</Typography>
                  </td>
                ))}
                <td>
                  <Typography variant="pi">{top(webinar.professions)}</Typography>
                </td>
                <td>
                  <Typography variant="pi">{top(webinar.regions)}</Typography>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Box>
  );
}

/** A table's row of column headings. */
function ColumnHeads({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((name) => (
          <th scope="col" key={name} style={{ textAlign: 'start' }}>
            <Typography variant="pi">{name}</Typography>
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A plain table of a few columns, each row keyed by `key`. */
function SmallTable({
  title,
  testId,
  columns,
  rows,
}: {
  title: string;
  testId: string;
  columns: string[];
  rows: Array<{ key: string; cells: Array<string | number> }>;
}) {
  return (
    <Box data-testid={testId}>
      <Typography fontWeight="bold">{title}</Typography>
      <table>
        <ColumnHeads columns={columns} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              {row.cells.map((value, position) => (
                <td key={columns[position]} style={{ textAlign: typeof value === 'number' ? 'end' : 'start' }}>
                  <Typography>{value}</Typography>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}

function Activity({ figures }: { figures: Reach }) {
  const { label } = useLabels();
  const { events, resources } = figures;
  const coverage = (count: number) => (resources.total === 0 ? '—' : `${Math.round((count / resources.total) * 100)}%`);
  return (
    <Flex gap={6} wrap="wrap" alignItems="flex-start">
      <Box>
        <SmallTable
          title={label('events')}
          testId="reach-events"
          columns={[label('year'), label('country'), label('kind'), label('held')]}
          rows={events.rows.map((row) => ({ key: `${row.year}-${row.country}-${row.kind}`, cells: [row.year, row.country, row.kind, row.count] }))}
        />
        {events.undated > 0 && (
          <Typography variant="pi" data-testid="reach-events-undated">
            {label('undated', { count: events.undated })}
          </Typography>
        )}
        {figures.language && figures.withoutLanguage.includes('events') && (
          <Typography variant="pi" data-testid="reach-events-without-language">
            {label('eventsWithoutLanguage')}
          </Typography>
        )}
      </Box>
      <SmallTable
        title={label('resources')}
        testId="reach-resources"
        columns={[label('language'), label('published'), label('coverage')]}
        rows={[
          { key: 'all', cells: [label('all'), resources.total, coverage(resources.total)] },
          ...resources.languages.map((row) => ({ key: row.language, cells: [row.language, row.count, coverage(row.count)] })),
        ]}
      />
    </Flex>
  );
}

export function ReachWidget() {
  const { get } = useFetchClient();
  const { label, locale } = useLabels();
  const [from, setFrom] = useState(isoDay(Date.now() - 29 * DAY_MS));
  const [to, setTo] = useState(isoDay(Date.now()));
  const [project, setProject] = useState(ALL);
  const [organisation, setOrganisation] = useState(ALL);
  const [language, setLanguage] = useState(ALL);
  const [figures, setFigures] = useState<Reach | null>();
  const [problem, setProblem] = useState<string>();
  const query = new URLSearchParams({ from, to, ...(project && { project }), ...(organisation && { organisation }), ...(language && { language }) }).toString();
  const languageName = useMemo(() => {
    const names = new Intl.DisplayNames([locale, 'en'], { type: 'language' });
    return (code: string) => `${names.of(code) ?? code} (${code})`;
  }, [locale]);

  useEffect(() => {
    get<{ data: Reach }>(`/praxis/reach?${query}`).then(
      ({ data }) => {
        setFigures(data.data);
        setProblem(undefined);
      },
      (error: { response?: { data?: { error?: { message?: string } } } }) => {
        setFigures(null);
        setProblem(error.response?.data?.error?.message);
      },
    );
  }, [get, query]);

  const downloadCsv = async () => {
    const { data } = await get<Blob>(`/praxis/reach.csv?${query}`, { responseType: 'blob' });
    const url = URL.createObjectURL(data);
    const name = ['praxis-reach', project || 'all', organisation, language, from, to].filter(Boolean).join('-');
    Object.assign(document.createElement('a'), { href: url, download: `${name}.csv` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  // Fetched with the admin's token, then shown from memory: a plain link would carry no credentials.
  const openSummary = async () => {
    const opened = window.open('', '_blank');
    const { data } = await get<Blob>(`/praxis/reach/summary?${query}`, { responseType: 'blob' });
    const url = URL.createObjectURL(new Blob([data], { type: 'text/html' }));
    if (opened) opened.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  // A partner of one organisation has nothing to choose among.
  const organisations = figures ? figures.organisations : [];
  const choosesOrganisation = figures && organisations.length > (figures.ownOrganisation ? 1 : 0);

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="reach">
      <Flex gap={2} wrap="wrap" alignItems="flex-end">
        <Field.Root name="reach-from">
          <Field.Label>{label('from')}</Field.Label>
          <TextInput type="date" value={from} onChange={(event: { target: { value: string } }) => setFrom(event.target.value)} />
        </Field.Root>
        <Field.Root name="reach-to">
          <Field.Label>{label('to')}</Field.Label>
          <TextInput type="date" value={to} onChange={(event: { target: { value: string } }) => setTo(event.target.value)} />
        </Field.Root>
        {figures && (
          <SingleSelect aria-label={label('project')} value={project} onChange={(value: string | number) => setProject(String(value))}>
            <SingleSelectOption value={ALL}>{label('allProjects')}</SingleSelectOption>
            {figures.projects.map((option) => (
              <SingleSelectOption key={option.key} value={option.key}>
                {option.acronym}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        )}
        {figures && choosesOrganisation && (
          <SingleSelect aria-label={label('organisation')} value={organisation} onChange={(value: string | number) => setOrganisation(String(value))}>
            <SingleSelectOption value={ALL}>{label(figures.ownOrganisation ? 'allOwnOrganisations' : 'allOrganisations')}</SingleSelectOption>
            {organisations.map((option) => (
              <SingleSelectOption key={option.key} value={option.key}>
                {option.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        )}
        {figures && (
          <SingleSelect aria-label={label('language')} value={language} onChange={(value: string | number) => setLanguage(String(value))}>
            <SingleSelectOption value={ALL}>{label('allLanguages')}</SingleSelectOption>
            {figures.languages.map((code) => (
              <SingleSelectOption key={code} value={code}>
                {languageName(code)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        )}
        <Button variant="secondary" onClick={downloadCsv} disabled={!figures}>
          {label('csv')}
        </Button>
        <Button variant="secondary" onClick={openSummary} disabled={!figures}>
          {label('summary')}
        </Button>
      </Flex>
      {figures === undefined && <Typography>{label('loading')}</Typography>}
      {figures === null && <Typography textColor="danger600">{problem ?? label('failed')}</Typography>}
      {figures && (
        <>
          {figures.ownOrganisation && <Typography variant="pi">{label('own')}</Typography>}
          <DailyPlot figures={figures} />
          <Flex gap={6} wrap="wrap" alignItems="flex-start">
            <Totals title={label('byLanguage')} column={label('language')} rows={totals(figures, (row) => row.language)} testId="reach-languages" />
            <Totals title={label('byItem')} column={label('item')} rows={totals(figures, (row) => row.title)} testId="reach-items" />
          </Flex>
          <WebinarPlot webinars={figures.webinars} />
          <WebinarTable webinars={figures.webinars} />
          <Activity figures={figures} />
        </>
      )}
    </Flex>
  );
}
