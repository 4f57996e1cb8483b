import { describe, expect, it } from 'vitest';
import { parseMailbox, parseRegistration } from '@praxis/contract/registration';
import { registrationBody } from '../../scripts/local/throwaway/webinars.ts';

describe('registration addresses', () => {
  it.each([
    ['x<ana@example.org>', 'a display name'],
    ['<ana@example.org>', 'angle brackets'],
    ['to:ana@example.org;', 'a group'],
    ['to:ana@example.org', 'an unterminated group'],
    ['ana@example..org', 'an empty domain label'],
    ['ana@example.org, bea@example.org', 'two addresses'],
    ['ana(note)@example.org', 'a comment'],
    ['"ana maria"@example.org', 'a quoted local part'],
    ['ana@[192.0.2.1]', 'an IP-address domain'],
    ['ana@localhost', 'a domain without a dot'],
    ['ana@-example.org', 'a label starting with a hyphen'],
    ['an a@example.org', 'a space'],
    ['ana\u202e@example.org', 'a right-to-left override'],
    ['ana@exa\u200dmple.org', 'a zero-width joiner'],
    ['ａｎａ＠ｅｘａｍｐｌｅ．．ｏｒｇ', 'fullwidth dots that make an empty label'],
  ])('refuses %s (%s)', (address) => {
    expect(parseMailbox(address)).toBeUndefined();
  });

  it('gives every spelling of one mailbox one key: NFKC, the domain in lower-case ASCII, the local part case-folded', () => {
    const keys = [
      'Ana.Exemplo@Example.org',
      'ａｎａ.ｅｘｅｍｐｌｏ@ｅｘａｍｐｌｅ.ｏｒｇ',
      'ＡＮＡ.ＥＸＥＭＰＬＯ＠ＥＸＡＭＰＬＥ．ＯＲＧ',
      'ana.exemplo@EXAMPLE.ORG',
    ].map((address) => parseMailbox(address)?.key);
    expect(new Set(keys)).toEqual(new Set(['ana.exemplo@example.org']));
    expect(parseMailbox('straße@bücher.example')).toEqual({ address: 'straße@bücher.example', key: 'strasse@xn--bcher-kva.example' });
    expect(parseMailbox('STRASSE@XN--BCHER-KVA.example')?.key).toBe('strasse@xn--bcher-kva.example');
  });

  it('keeps the address as typed, in its compatibility form, for sending', () => {
    expect(parseMailbox('  Ana.Exemplo@Example.org ')).toEqual({ address: 'Ana.Exemplo@Example.org', key: 'ana.exemplo@example.org' });
    expect(parseMailbox('ａｎａ@ｅｘａｍｐｌｅ.ｏｒｇ')?.address).toBe('ana@example.org');
  });

  it('answers translated codes for a prototype key and for a role or time zone too long to be one', () => {
    expect(parseRegistration({ ...registrationBody(), constructor: 1 }).errors).toEqual([{ field: 'body', code: 'body.forbidden-key' }]);
    expect(parseRegistration(registrationBody({ role: 'x'.repeat(41), timeZone: 'x'.repeat(65) })).errors).toEqual([
      { field: 'role', code: 'role.invalid' },
      { field: 'timeZone', code: 'timeZone.invalid' },
    ]);
  });
});
