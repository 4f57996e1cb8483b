import { describe, expect, it } from 'vitest';
import { countedDownloadUrl, countedItem, isCountedFile, parseHit, sectionItem, viewBeaconUrl } from '@praxis/contract/counting';
import { countedDownload } from '../../site/lib/cms-media.ts';

describe('what the site sends the reach counters', () => {
  it('counts an item by its type and key, the same in every language, and a list page by its section', () => {
    expect(countedItem('resource', 'connect-teaching-kit')).toBe('resource:connect-teaching-kit');
    expect(sectionItem('/it/resources/page/2/')).toBe('page:resources');
    expect(sectionItem('/lt/')).toBe('page:home');
    expect(viewBeaconUrl('page:home', 'ro')).toBe('/api/counts/view?item=page%3Ahome&language=ro');
  });

  it('links a download of the media library through the counting route, and any other file as it is', () => {
    const link = countedDownload('resource:connect-teaching-kit', 'ro', '/uploads/kit_ro_2fe1.pdf', 'kit-prevenzione-ro.pdf');
    expect(link).toBe(countedDownloadUrl('resource:connect-teaching-kit', 'ro', '/media/kit_ro_2fe1.pdf?download=kit-prevenzione-ro.pdf'));
    const query = Object.fromEntries(new URL(link, 'http://site.invalid').searchParams);
    expect(parseHit(query)).toEqual({ item: 'resource:connect-teaching-kit', language: 'ro' });
    expect(isCountedFile(query.to)).toBe(true);
    expect(countedDownload('resource:x', 'it', 'https://elsewhere.example/kit.pdf', 'kit.pdf')).toBe('https://elsewhere.example/kit.pdf');
  });

  it('refuses what the site never sends: another language, a free-form item, a file off the media route', () => {
    expect(parseHit({ item: 'resource:kit', language: 'en' })).toBeUndefined();
    expect(parseHit({ item: 'visitor:someone@example.org', language: 'it' })).toBeUndefined();
    expect(parseHit({ item: 'resource:Kit With Spaces', language: 'it' })).toBeUndefined();
    expect(parseHit({ item: ['resource:kit'], language: 'it' })).toBeUndefined();
    for (const to of [
      'https://elsewhere.example/kit.pdf',
      '//elsewhere.example/kit.pdf',
      '/media/../admin',
      '/media/a/./b.pdf',
      '/admin/',
      '/media/kit.pdf?download=x#y',
      '/media/kit.pdf\r\nSet-Cookie: a=b',
    ])
      expect(isCountedFile(to), to).toBe(false);
    expect(isCountedFile('/media/relatorio_9a8b.pdf?download=Relat%C3%B3rio%20final.pdf')).toBe(true);
  });
});
