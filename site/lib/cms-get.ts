/**
 * A GET to the CMS (an API page, an uploaded file) that survives a dropped connection.
 *
 * A server may close an idle kept-alive connection just as the next request goes out on it
 * ("other side closed"); a build reading tens of thousands of entries and files meets that sooner
 * or later. A GET can safely be sent again, on a new connection: twice at most, then the caller's
 * error names what could not be read.
 */

/** Waits before sending a request again whose connection failed. */
export const RETRY_DELAYS_MS = [200, 1_000];

/** The response (of any status) to a GET of `url`; throws the last connection error. */
export async function cmsGet(url: string, { timeoutMs = 60_000 } = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (attempt >= RETRY_DELAYS_MS.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}

/** The root cause of a failed fetch, for one-line messages ("connect ECONNREFUSED …"). */
export const connectionCause = (error: unknown) => (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
