/** A real SMTP server on loopback that keeps what it receives, parsed, for tests to read. */
import { once, EventEmitter } from 'node:events';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../scripts/local/throwaway/cms.ts';

export interface Inbox {
  url: string;
  messages: ParsedMail[];
  /** Waits until `count` messages match (default 1) and returns them. */
  waitFor(match: (message: ParsedMail) => boolean, count?: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<Inbox> {
  const messages: ParsedMail[] = [];
  const arrivals = new EventEmitter();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed);
          arrivals.emit('message');
          callback();
        })
        .catch(callback);
    },
  });
  // A CMS stopped by a test mid-conversation resets its connection: normal for a mail server.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(match, count = 1, timeoutMs = 20_000) {
      // Checked again at each message received, until the deadline.
      const signal = AbortSignal.timeout(timeoutMs);
      for (;;) {
        const found = messages.filter(match);
        if (found.length >= count) return found;
        try {
          await once(arrivals, 'message', { signal });
        } catch {
          // What arrived as the deadline passed counts, and the message tells what is there at the end.
          const atDeadline = messages.filter(match);
          if (atDeadline.length >= count) return atDeadline;
          throw new Error(
            `expected ${count} matching e-mails within ${timeoutMs} ms, got ${atDeadline.length} (of ${messages.length}: ${messages.map((m) => m.subject).join(' | ')})`,
          );
        }
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The addresses a message went to, lower-cased. */
export const recipients = (message: ParsedMail) =>
  (Array.isArray(message.to) ? message.to : message.to ? [message.to] : []).flatMap((to) => to.value.map((entry) => entry.address?.toLowerCase()));
