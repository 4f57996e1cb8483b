/** Renders a seeded resource's summary sheet to a small, real, text-searchable PDF. */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
// DejaVu covers every letter of the four languages (ș ț ă â î, ą č ę ė į š ų ū ž, ã õ ç).
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface SummarySheet {
  title: string;
  paragraphs: string[];
  /** BCP 47 language of the text, written into the PDF for screen readers. */
  lang: string;
  /** A line at the foot of the sheet, e.g. the project and the portal. */
  footer: string;
}

/** Produces the PDF bytes and the page count. The same input always gives the same bytes. */
export function renderSummaryPdf(sheet: SummarySheet): Promise<{ bytes: Buffer; pages: number }> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 64,
      lang: sheet.lang,
      displayTitle: true,
      bufferPages: true,
      // Fixed dates keep the bytes stable, so a second seed recognises the same file.
      info: { Title: sheet.title, Creator: 'Praxis', Producer: 'Praxis', CreationDate: new Date(0), ModDate: new Date(0) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => resolve({ bytes: Buffer.concat(chunks), pages }));

    doc.font(BOLD).fontSize(18).text(sheet.title, { paragraphGap: 16 });
    doc.font(REGULAR).fontSize(11);
    for (const paragraph of sheet.paragraphs) doc.text(paragraph, { align: 'left', paragraphGap: 10, lineGap: 2 });
    const pages = doc.bufferedPageRange().count;
    for (let page = 0; page < pages; page++) {
      doc.switchToPage(page);
      doc
        .font(REGULAR)
        .fontSize(8)
        .text(`${sheet.footer} · ${page + 1}/${pages}`, 64, doc.page.height - 48, { lineBreak: false });
    }
    doc.end();
  });
}
