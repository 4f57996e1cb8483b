/**
 * The translators' widget on the admin home (src/editorial/translations.ts): for a language, what
 * has no version in it yet and what "needs review", each linked to the entry in that language.
 */
import { Flex, Link, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import type { TranslationItem, TranslationWork } from '../editorial/translations';

const entryLink = (item: TranslationItem, locale: string) =>
  `/admin/content-manager/collection-types/${item.entryType}/${item.entryDocumentId}?plugins[i18n][locale]=${locale}`;

function Items({ title, items, locale, testId }: { title: string; items: TranslationItem[]; locale: string; testId: string }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid={testId}>
      <Typography fontWeight="bold">
        {title} ({items.length})
      </Typography>
      {items.length === 0 && <Typography variant="pi">Nothing.</Typography>}
      <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
        {items.map((item) => (
          <Flex key={`${item.entryType}-${item.entryDocumentId}`} tag="li" gap={2}>
            <Link href={entryLink(item, locale)}>{item.title}</Link>
            <Typography variant="pi">({item.locales.join(', ')})</Typography>
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
}

export function TranslationsWidget() {
  const { get } = useFetchClient();
  const [locale, setLocale] = useState<string>('');
  const [work, setWork] = useState<TranslationWork | null>();
  useEffect(() => {
    get<{ data: TranslationWork }>(`/praxis/translations${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`).then(
      ({ data }) => setWork(data.data),
      () => setWork(null),
    );
  }, [get, locale]);
  if (work === undefined) return <Typography>Loading…</Typography>;
  if (work === null) return <Typography>No translation work for your account.</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="translations">
      <SingleSelect aria-label="Language" value={work.locale} onChange={(value: string | number) => setLocale(String(value))}>
        {work.locales.map((code) => (
          <SingleSelectOption key={code} value={code}>
            {code}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Items title={`Missing in ${work.locale}`} items={work.missing} locale={work.locale} testId="translations-missing" />
      <Items title={`Needs review in ${work.locale}`} items={work.needsReview} locale={work.locale} testId="translations-needs-review" />
    </Flex>
  );
}
