/**
 * The "Reach" widget on the admin home (src/counting/reach.ts): page views and downloads over a
 * period, plotted by day (uPlot, loaded with this widget only), and by language and by item, for
 * every project or one; a partner editor sees their own organisation's items. The CSV is the
 * funder's: one line per day, item, language and kind, then the webinars' registration counts.
 * Webinars starting in the period: registrations, waiting list, attendance and certificates, in a
 * table and a plot; events and exchanges held by year and country; resources published per language.
 */
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Reach } from '../counting/reach';

const ALL = '';
const DAY_MS = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

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
  const target = useRef<HTMLDivElement>(null);
  const data = useMemo(() => byDay(figures), [figures]);
  useEffect(() => {
    if (!target.current) return;
    const plot = new uPlot(
      {
        width: Math.max(280, target.current.clientWidth),
        height: 180,
        scales: { x: { time: true } },
        series: [{}, { label: 'Views', stroke: '#4945ff', width: 2 }, { label: 'Downloads', stroke: '#328048', width: 2 }],
        axes: [{}, { size: 40 }],
      },
      data,
      target.current,
    );
    return () => plot.destroy();
  }, [data]);
  return <div ref={target} data-testid="reach-plot" role="img" aria-label={`Views and downloads per day, ${figures.from} to ${figures.to}`} />;
}

function Totals({ title, rows, testId }: { title: string; rows: Array<{ name: string; views: number; downloads: number }>; testId: string }) {
  return (
    <Box data-testid={testId}>
      <Typography fontWeight="bold">{title}</Typography>
      <table>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'start' }}>
              <Typography variant="pi">{title.replace(/^By /, '')}</Typography>
            </th>
            <th scope="col">
              <Typography variant="pi">Views</Typography>
            </th>
            <th scope="col">
              <Typography variant="pi">Downloads</Typography>
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
          { label: 'Webinar', value: (_: uPlot, at: number | null) => (at === null ? '' : (webinars[at - 1]?.key ?? '')) },
          line('Confirmed', '#4945ff'),
          line('Waiting list', '#d9822f'),
          line('Attended', '#328048'),
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
  }, [webinars]);
  return <div ref={target} data-testid="reach-webinar-plot" role="img" aria-label="Registrations, waiting list and attendance per webinar" />;
}

function WebinarTable({ webinars }: { webinars: Reach['webinars'] }) {
  const top = (tallies: Array<{ name: string; count: number }>) =>
    tallies
      .slice(0, 3)
      .map((tally) => `${tally.name} ${tally.count}`)
      .join(', ');
  return (
    <Box data-testid="reach-webinars">
      <Typography fontWeight="bold">Webinars</Typography>
      {webinars.length === 0 ? (
        <Typography>No webinar in this period.</Typography>
      ) : (
        <table>
          <thead>
            <tr>
              {['Webinar', 'Day', 'Confirmed', 'Waiting list', 'Attended', 'Certificates', 'By profession', 'By region'].map((name) => (
                <th scope="col" key={name} style={{ textAlign: 'start' }}>
                  <Typography variant="pi">{name}</Typography>
                </th>
              ))}
            </tr>
          </thead>
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
        <thead>
          <tr>
            {columns.map((name) => (
              <th scope="col" key={name} style={{ textAlign: 'start' }}>
                <Typography variant="pi">{name}</Typography>
              </th>
            ))}
          </tr>
        </thead>
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
  const { events, resources } = figures;
  const coverage = (count: number) => (resources.total === 0 ? '—' : `${Math.round((count / resources.total) * 100)}%`);
  return (
    <Flex gap={6} wrap="wrap" alignItems="flex-start">
      <Box>
        <SmallTable
          title="Events and exchanges held"
          testId="reach-events"
          columns={['Year', 'Country', 'Kind', 'Held']}
          rows={events.rows.map((row) => ({ key: `${row.year}-${row.country}-${row.kind}`, cells: [row.year, row.country, row.kind, row.count] }))}
        />
        {events.undated > 0 && (
          <Typography variant="pi" data-testid="reach-events-undated">
            {events.undated} without a date, not counted in any period.
          </Typography>
        )}
      </Box>
      <SmallTable
        title="Resources published, by language"
        testId="reach-resources"
        columns={['Language', 'Published', 'Coverage']}
        rows={[
          { key: 'all', cells: ['all', resources.total, coverage(resources.total)] },
          ...resources.languages.map((row) => ({ key: row.language, cells: [row.language, row.count, coverage(row.count)] })),
        ]}
      />
    </Flex>
  );
}

export function ReachWidget() {
  const { get } = useFetchClient();
  const [from, setFrom] = useState(isoDay(Date.now() - 29 * DAY_MS));
  const [to, setTo] = useState(isoDay(Date.now()));
  const [project, setProject] = useState(ALL);
  const [figures, setFigures] = useState<Reach | null>();
  const [problem, setProblem] = useState<string>();
  const query = `from=${from}&to=${to}${project ? `&project=${encodeURIComponent(project)}` : ''}`;

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
    Object.assign(document.createElement('a'), { href: url, download: `praxis-reach-${project || 'all'}-${from}-${to}.csv` }).click();
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

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="reach">
      <Flex gap={2} wrap="wrap" alignItems="flex-end">
        <Field.Root name="reach-from">
          <Field.Label>From</Field.Label>
          <TextInput type="date" value={from} onChange={(event: { target: { value: string } }) => setFrom(event.target.value)} />
        </Field.Root>
        <Field.Root name="reach-to">
          <Field.Label>To</Field.Label>
          <TextInput type="date" value={to} onChange={(event: { target: { value: string } }) => setTo(event.target.value)} />
        </Field.Root>
        {figures && (
          <SingleSelect aria-label="Project" value={project} onChange={(value: string | number) => setProject(String(value))}>
            <SingleSelectOption value={ALL}>Every project</SingleSelectOption>
            {figures.projects.map((option) => (
              <SingleSelectOption key={option.key} value={option.key}>
                {option.acronym}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        )}
        <Button variant="secondary" onClick={downloadCsv} disabled={!figures}>
          Funder's CSV
        </Button>
        <Button variant="secondary" onClick={openSummary} disabled={!figures}>
          Printable summary
        </Button>
      </Flex>
      {figures === undefined && <Typography>Loading…</Typography>}
      {figures === null && <Typography textColor="danger600">{problem ?? 'The reach figures cannot be shown.'}</Typography>}
      {figures && (
        <>
          {figures.ownOrganisation && <Typography variant="pi">Your organisation's items only.</Typography>}
          <DailyPlot figures={figures} />
          <Flex gap={6} wrap="wrap" alignItems="flex-start">
            <Totals title="By language" rows={totals(figures, (row) => row.language)} testId="reach-languages" />
            <Totals title="By item" rows={totals(figures, (row) => row.title)} testId="reach-items" />
          </Flex>
          <WebinarPlot webinars={figures.webinars} />
          <WebinarTable webinars={figures.webinars} />
          <Activity figures={figures} />
        </>
      )}
    </Flex>
  );
}
