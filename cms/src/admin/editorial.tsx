/**
 * The admin side of onboarding (src/editorial/languages.ts, src/editorial/invitations.ts): an
 * organisation's languages as a multi-select of the CMS locales, and an "Editors and invitations"
 * panel on its edit view where a coordinator invites a partner editor by address and sends an
 * invitation again.
 */
import { Box, Button, Field, Flex, MultiSelect, MultiSelectOption, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { EditorInvitation } from '../editorial/invitations';

type FieldInputProps = {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  value?: unknown;
  error?: string;
  onChange(name: string, value: unknown): void;
};

/** The `global::locales` custom field: the four locales to pick from, stored as a list of codes. */
export function LanguagesInput({ name, label, hint, required, disabled, value, error, onChange }: FieldInputProps) {
  const { get } = useFetchClient();
  const [locales, setLocales] = useState<Array<{ code: string; name: string }>>([]);
  useEffect(() => {
    get<Array<{ code: string; name: string }>>('/i18n/locales').then(
      ({ data }) => setLocales(data),
      () => setLocales([]),
    );
  }, [get]);
  const chosen = Array.isArray(value) ? value.map(String) : [];
  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      <MultiSelect
        withTags
        disabled={disabled}
        value={chosen}
        placeholder="Pick the languages"
        onChange={(codes: string[]) => onChange(name, codes)}
        onClear={() => onChange(name, [])}
      >
        {locales.map((locale) => (
          <MultiSelectOption key={locale.code} value={locale.code}>
            {locale.name}
          </MultiSelectOption>
        ))}
      </MultiSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

const errorMessage = (error: unknown) => (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? String(error);
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function InvitationsContent({ documentId }: { documentId: string }) {
  const { get, post } = useFetchClient();
  const path = `/praxis/organisations/${documentId}/invitations`;
  const [editors, setEditors] = useState<EditorInvitation[] | null>();
  const [email, setEmail] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      get<{ data: EditorInvitation[] }>(path).then(
        ({ data }) => setEditors(data.data),
        () => setEditors(null),
      ),
    [get, path],
  );
  useEffect(() => void load(), [load]);

  const send = async (address: string) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const { data } = await post<{ data: EditorInvitation }>(path, { email: address });
      setOutcome({ ok: true, text: `Invitation sent to ${data.data.email}.` });
      setEmail('');
      await load();
    } catch (error) {
      setOutcome({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  // Not a coordinator: the server refuses, and there is nothing here for them.
  if (editors === null) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="invitations">
      {(editors ?? []).map((editor) => (
        <Flex key={editor.userId} direction="column" alignItems="stretch" gap={1}>
          <Typography fontWeight="bold">{editor.email}</Typography>
          <Typography variant="pi" textColor={editor.expired ? 'danger600' : 'neutral600'}>
            {editor.active
              ? 'Signed up'
              : editor.expired
                ? `Invitation expired on ${when(editor.expiresAt!)}`
                : editor.sentAt
                  ? `Invited ${when(editor.sentAt)}, the link works until ${when(editor.expiresAt!)}`
                  : 'Has not set a password yet'}
          </Typography>
          {!editor.active && (
            <Button type="button" size="S" variant="tertiary" disabled={busy} onClick={() => void send(editor.email)}>
              Send the invitation again
            </Button>
          )}
        </Flex>
      ))}
      {/* Not a <form>: the panel sits inside the edit view's form, whose submit would save the entry. */}
      <Box>
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Field.Root name="invite-email" hint="A new partner editor of this organisation: they get an e-mail to set their password.">
            <Field.Label>E-mail address</Field.Label>
            <TextInput
              type="email"
              value={email}
              onChange={(event: { target: { value: string } }) => setEmail(event.target.value)}
              onKeyDown={(event: { key: string; preventDefault(): void }) => {
                if (event.key !== 'Enter') return;
                event.preventDefault();
                if (email.trim()) void send(email);
              }}
            />
            <Field.Hint />
          </Field.Root>
          <Button type="button" loading={busy} disabled={!email.trim()} onClick={() => void send(email)}>
            Invite
          </Button>
        </Flex>
      </Box>
      {outcome && (
        <Typography role={outcome.ok ? 'status' : 'alert'} textColor={outcome.ok ? 'success600' : 'danger600'}>
          {outcome.text}
        </Typography>
      )}
    </Flex>
  );
}

type PanelProps = { model: string; documentId?: string };

/** The side panel on an organisation (saved, so it has a document id). */
export function InvitationsPanel({ model, documentId }: PanelProps) {
  if (model !== 'api::organisation.organisation' || !documentId) return null;
  return { title: 'Editors and invitations', content: <InvitationsContent documentId={documentId} /> };
}
