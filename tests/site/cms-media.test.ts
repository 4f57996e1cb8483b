import { describe, expect, it } from 'vitest';
import { downloadName, downloadUrl, mediaKey, mediaOrigin, mediaSourceUrl, mediaUrl } from '../../site/lib/cms-media.ts';

const local = { PRAXIS_CMS_URL: 'http://127.0.0.1:1337', PRAXIS_CMS_PUBLIC_URL: 'https://cms.praxis.example/' };
const s3 = { ...local, PRAXIS_UPLOAD_PROVIDER: 's3', PRAXIS_UPLOAD_PUBLIC_URL: 'https://media.praxis.example/' };

describe('where a visitor gets the files of the media library', () => {
  it('links every file of the media library on the site, under /media/', () => {
    expect(mediaUrl('/uploads/poster_1a2b.jpg')).toBe('/media/poster_1a2b.jpg');
    expect(downloadUrl('/uploads/kit_ro_2fe1.pdf', 'kit-prevenzione-ro.pdf')).toBe('/media/kit_ro_2fe1.pdf?download=kit-prevenzione-ro.pdf');
    expect(downloadUrl('/uploads/relatorio_9a8b.pdf', 'Relatório final.pdf')).toBe('/media/relatorio_9a8b.pdf?download=Relat%C3%B3rio%20final.pdf');
  });

  it('knows a file by the key under any address the CMS gives it, and leaves other addresses alone', () => {
    expect(mediaKey('http://127.0.0.1:1337/uploads/kit_1a2b.pdf', local)).toBe('kit_1a2b.pdf');
    expect(mediaKey('https://cms.praxis.example/uploads/kit_1a2b.pdf', local)).toBe('kit_1a2b.pdf');
    expect(mediaKey('https://media.praxis.example/praxis/kit_1a2b.pdf', s3)).toBe('praxis/kit_1a2b.pdf');
    expect(mediaKey('https://elsewhere.example/kit_1a2b.pdf', s3)).toBeUndefined();
    expect(mediaKey('/uploads/../admin', local)).toBeUndefined();
    expect(mediaKey('/uploads/a/./b.pdf', local)).toBeUndefined();
  });

  it('reads a file for the build from the CMS, or from the S3 store’s public address', () => {
    expect(mediaOrigin(local)).toBe('http://127.0.0.1:1337/uploads');
    expect(mediaSourceUrl('/uploads/kit_1a2b.pdf', local)).toBe('http://127.0.0.1:1337/uploads/kit_1a2b.pdf');
    expect(mediaOrigin(s3)).toBe('https://media.praxis.example');
    expect(mediaSourceUrl('https://media.praxis.example/praxis/kit_1a2b.pdf', s3)).toBe('https://media.praxis.example/praxis/kit_1a2b.pdf');
  });

  it('saves a resource’s download as its slug and the file’s language', () => {
    expect(downloadName('kit-didattico-connect', 'ro', { name: 'Kit CONNECT (RO).PDF' })).toBe('kit-didattico-connect-ro.pdf');
    expect(downloadName('guida', 'lt', { name: 'guida.docx', ext: '.docx' })).toBe('guida-lt.docx');
  });
});
