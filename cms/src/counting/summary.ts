import type { Core } from '@strapi/strapi';
import type { Reach } from './reach';

/**
 * The funder's one-page summary: the reach figures of a period, project, organisation and language as print-ready HTML
 * (A4, no script, no outside request), in the admin language of whoever asks when it is one of
 * Praxis's languages, in Italian otherwise.
 */

const LANGUAGES = ['it', 'pt', 'ro', 'lt'] as const;
type Language = (typeof LANGUAGES)[number];

const MESSAGES: Record<Language, Record<string, string>> = {
  it: {
    title: 'Diffusione: sintesi per il finanziatore',
    project: 'Progetto',
    allProjects: 'Tutti i progetti',
    organisation: 'Organizzazione',
    allOrganisations: 'Tutte le organizzazioni',
    allLanguages: 'Tutte le lingue',
    eventsWithoutLanguage: 'Gli eventi non hanno una lingua: il filtro per lingua non si applica a questa sezione.',
    period: 'Periodo',
    own: 'Solo i contenuti della propria organizzazione.',
    reach: 'Visualizzazioni e download',
    views: 'Visualizzazioni',
    downloads: 'Download',
    language: 'Lingua',
    total: 'Totale',
    webinars: 'Webinar',
    webinar: 'Webinar',
    day: 'Data',
    confirmed: 'Iscrizioni confermate',
    waitlisted: 'In lista d’attesa',
    attended: 'Presenti',
    certificates: 'Attestati',
    events: 'Eventi e scambi svolti',
    year: 'Anno',
    country: 'Paese',
    kind: 'Tipo',
    held: 'Svolti',
    undated: 'Eventi senza data (non conteggiati): {n}',
    resources: 'Risorse pubblicate per lingua',
    published: 'Pubblicate',
    coverage: 'Copertura',
    none: 'Nessuno nel periodo.',
    generated: 'Generato da Praxis il {date}. Solo conteggi: nessun dato personale.',
  },
  pt: {
    title: 'Difusão: resumo para o financiador',
    project: 'Projeto',
    allProjects: 'Todos os projetos',
    organisation: 'Organização',
    allOrganisations: 'Todas as organizações',
    allLanguages: 'Todas as línguas',
    eventsWithoutLanguage: 'Os eventos não têm língua: o filtro por língua não se aplica a esta secção.',
    period: 'Período',
    own: 'Apenas os conteúdos da sua organização.',
    reach: 'Visualizações e transferências',
    views: 'Visualizações',
    downloads: 'Transferências',
    language: 'Língua',
    total: 'Total',
    webinars: 'Webinars',
    webinar: 'Webinar',
    day: 'Data',
    confirmed: 'Inscrições confirmadas',
    waitlisted: 'Em lista de espera',
    attended: 'Presentes',
    certificates: 'Certificados',
    events: 'Eventos e intercâmbios realizados',
    year: 'Ano',
    country: 'País',
    kind: 'Tipo',
    held: 'Realizados',
    undated: 'Eventos sem data (não contabilizados): {n}',
    resources: 'Recursos publicados por língua',
    published: 'Publicados',
    coverage: 'Cobertura',
    none: 'Nenhum no período.',
    generated: 'Gerado pela Praxis em {date}. Apenas contagens: nenhum dado pessoal.',
  },
  ro: {
    title: 'Diseminare: rezumat pentru finanțator',
    project: 'Proiect',
    allProjects: 'Toate proiectele',
    organisation: 'Organizație',
    allOrganisations: 'Toate organizațiile',
    allLanguages: 'Toate limbile',
    eventsWithoutLanguage: 'Evenimentele nu au o limbă: filtrul după limbă nu se aplică acestei secțiuni.',
    period: 'Perioadă',
    own: 'Doar conținuturile organizației dumneavoastră.',
    reach: 'Vizualizări și descărcări',
    views: 'Vizualizări',
    downloads: 'Descărcări',
    language: 'Limbă',
    total: 'Total',
    webinars: 'Webinarii',
    webinar: 'Webinar',
    day: 'Data',
    confirmed: 'Înscrieri confirmate',
    waitlisted: 'Pe lista de așteptare',
    attended: 'Prezenți',
    certificates: 'Certificate',
    events: 'Evenimente și schimburi desfășurate',
    year: 'An',
    country: 'Țară',
    kind: 'Tip',
    held: 'Desfășurate',
    undated: 'Evenimente fără dată (neincluse): {n}',
    resources: 'Resurse publicate pe limbi',
    published: 'Publicate',
    coverage: 'Acoperire',
    none: 'Niciunul în perioadă.',
    generated: 'Generat de Praxis la {date}. Doar numărători: nicio dată personală.',
  },
  lt: {
    title: 'Sklaida: santrauka finansuotojui',
    project: 'Projektas',
    allProjects: 'Visi projektai',
    organisation: 'Organizacija',
    allOrganisations: 'Visos organizacijos',
    allLanguages: 'Visos kalbos',
    eventsWithoutLanguage: 'Renginiai neturi kalbos: kalbos filtras šiam skyriui netaikomas.',
    period: 'Laikotarpis',
    own: 'Tik jūsų organizacijos turinys.',
    reach: 'Peržiūros ir atsisiuntimai',
    views: 'Peržiūros',
    downloads: 'Atsisiuntimai',
    language: 'Kalba',
    total: 'Iš viso',
    webinars: 'Internetiniai seminarai',
    webinar: 'Seminaras',
    day: 'Data',
    confirmed: 'Patvirtintos registracijos',
    waitlisted: 'Laukiančiųjų sąraše',
    attended: 'Dalyvavo',
    certificates: 'Pažymėjimai',
    events: 'Įvykę renginiai ir mainai',
    year: 'Metai',
    country: 'Šalis',
    kind: 'Rūšis',
    held: 'Įvyko',
    undated: 'Renginiai be datos (neįskaičiuoti): {n}',
    resources: 'Paskelbti ištekliai pagal kalbą',
    published: 'Paskelbta',
    coverage: 'Aprėptis',
    none: 'Laikotarpiu nėra.',
    generated: 'Sugeneruota „Praxis“ {date}. Tik skaičiai: jokių asmens duomenų.',
  },
};

/** The language of the summary: the admin language of the person when Praxis speaks it, else Italian. */
export async function summaryLanguage(strapi: Core.Strapi, userId: number | undefined): Promise<Language> {
  if (userId === undefined) return 'it';
  const user = (await strapi.db.query('admin::user').findOne({ where: { id: userId }, select: ['preferedLanguage'] })) as {
    preferedLanguage?: string | null;
  } | null;
  const preferred = user?.preferedLanguage?.slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(preferred ?? '') ? (preferred as Language) : 'it';
}

const html = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

function table(headers: string[], rows: Array<Array<string | number>>, testId: string, empty: string): string {
  if (rows.length === 0) return `<p data-testid="${testId}">${html(empty)}</p>`;
  const head = headers.map((header) => `<th scope="col">${html(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td${typeof cell === 'number' ? ' class="n"' : ''}>${html(cell)}</td>`).join('')}</tr>`).join('');
  return `<table data-testid="${testId}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The summary page of `figures` in `language`. */
export function summaryHtml(figures: Reach, language: Language, today: string): string {
  const m = MESSAGES[language];
  const number = new Intl.NumberFormat(language);
  const date = (day: string) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  const project = figures.project ? (figures.projects.find((option) => option.key === figures.project)?.acronym ?? figures.project) : m.allProjects;

  const byLanguage = new Map<string, { views: number; downloads: number }>();
  for (const row of figures.rows) {
    const sum = byLanguage.get(row.language) ?? { views: 0, downloads: 0 };
    if (row.kind === 'view') sum.views += row.hits;
    else sum.downloads += row.hits;
    byLanguage.set(row.language, sum);
  }
  const organisation = figures.organisation
    ? (figures.organisations.find((option) => option.key === figures.organisation)?.name ?? figures.organisation)
    : m.allOrganisations;
  const reachRows: Array<Array<string | number>> = LANGUAGES.filter((code) => !figures.language || code === figures.language).map((code) => [
    code,
    byLanguage.get(code)?.views ?? 0,
    byLanguage.get(code)?.downloads ?? 0,
  ]);
  reachRows.push([m.total!, ...[0, 1].map((index) => reachRows.reduce((sum, row) => sum + (row[index + 1] as number), 0))]);
  const coverage = (count: number) => (figures.resources.total === 0 ? '—' : `${Math.round((count / figures.resources.total) * 100)}%`);

  const sections = [
    `<h2>${html(m.reach!)}</h2>`,
    table([m.language!, m.views!, m.downloads!], reachRows, 'summary-reach', m.none!),
    `<h2>${html(m.webinars!)}</h2>`,
    table(
      [m.webinar!, m.day!, m.confirmed!, m.waitlisted!, m.attended!, m.certificates!],
      figures.webinars.map((webinar) => [webinar.title, date(webinar.day), webinar.confirmed, webinar.waitlisted, webinar.attended, webinar.certificates]),
      'summary-webinars',
      m.none!,
    ),
    `<h2>${html(m.events!)}</h2>`,
    table(
      [m.year!, m.country!, m.kind!, m.held!],
      figures.events.rows.map((row) => [row.year, row.country, row.kind, row.count]),
      'summary-events',
      m.none!,
    ),
    figures.language && figures.withoutLanguage.includes('events')
      ? `<p class="note" data-testid="summary-events-without-language">${html(m.eventsWithoutLanguage!)}</p>`
      : '',
    figures.events.undated > 0 ? `<p class="note">${html(m.undated!.replace('{n}', number.format(figures.events.undated)))}</p>` : '',
    `<h2>${html(m.resources!)}</h2>`,
    table(
      [m.language!, m.published!, m.coverage!],
      [
        [m.total!, figures.resources.total, coverage(figures.resources.total)],
        ...figures.resources.languages.map((row) => [row.language, row.count, coverage(row.count)]),
      ],
      'summary-resources',
      m.none!,
    ),
  ];

  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(`${m.title} – ${project}`)}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font: 10pt/1.35 system-ui, sans-serif; color: #111; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 4mm 0 1mm; }
p { margin: 0 0 1mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #bbb; padding: 0.6mm 1.5mm; text-align: start; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
.note, footer { font-size: 8.5pt; color: #444; }
footer { margin-top: 4mm; }
</style>
</head>
<body>
<header>
<h1>${html(m.title!)}</h1>
<p><strong>${html(m.project!)}:</strong> <span data-testid="summary-project">${html(project)}</span></p>
<p><strong>${html(m.organisation!)}:</strong> <span data-testid="summary-organisation">${html(organisation)}</span></p>
<p><strong>${html(m.language!)}:</strong> <span data-testid="summary-language">${html(figures.language ? `${new Intl.DisplayNames(language, { type: 'language' }).of(figures.language)} (${figures.language})` : m.allLanguages!)}</span></p>
<p><strong>${html(m.period!)}:</strong> ${html(date(figures.from))} – ${html(date(figures.to))}</p>
${figures.ownOrganisation ? `<p>${html(m.own!)}</p>` : ''}
</header>
<main>
${sections.join('\n')}
</main>
<footer>${html(m.generated!.replace('{date}', date(today)))}</footer>
</body>
</html>
`;
}
