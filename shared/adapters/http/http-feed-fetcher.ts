/**
 * Fetches feeds over HTTP(S) politely and within bounds: conditional GET, a total deadline that
 * really closes the socket, a body cap counted after decompression, few redirects, and no request to
 * any address that is not on the public internet (checked on the address actually dialled, so DNS
 * rebinding and redirects cannot sneak past it).
 *
 * Node's http/https is used rather than global fetch because fetch neither lets us pin the dialled
 * address to the one we checked nor cap decompressed bytes before buffering them.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { decodeFeedBytes } from '../../domain/feed/decode';
import type { FeedFetcher, FetchOutcome, FetchRequest } from '../../ports';
import { type AddressCheck, checkAddress, isLocalhostName } from './address-guard';

export const DEFAULT_USER_AGENT = 'newsalert/0.1 (+https://github.com/newsalert/newsalert)';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface FetcherOptions {
  /** Deadline for the whole exchange, redirects included (default 10 000 ms). */
  timeoutMs?: number;
  /** Body cap in bytes, counted after decompression (default 5 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 3). */
  maxRedirects?: number;
  /** Lift the public-address check (tests, the local demo). */
  allowPrivateNetwork?: boolean;
  userAgent?: string;
  /** Name resolution, injectable for tests (default: the system resolver, every address). */
  lookup?: (host: string) => Promise<ResolvedAddress[]>;
  /**
   * Address policy replacing `checkAddress` (tests use it to allow one loopback server while
   * proving that a redirect elsewhere is refused). Ignored when `allowPrivateNetwork` is true.
   */
  addressPolicy?: (address: string) => AddressCheck;
}

const MIB = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, ' +
  'text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** A failure already phrased for a person; everything thrown inside `fetch` becomes one of these. */
class FetchError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: { httpStatus?: number; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchError';
  }
}

function formatBytes(n: number): string {
  return n >= MIB ? `${Math.round((n / MIB) * 10) / 10} MiB` : `${Math.round(n / 1024)} KiB`;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Header values may hold only tab, visible Latin-1 and space; a stored validator with anything else
 * (a line break would be header injection) cannot be sent, so it is dropped rather than fatal.
 */
function sendable(value: string | undefined): string | undefined {
  if (!value) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 9 && (c < 0x20 || c === 0x7f || c > 0xff)) return undefined;
  }
  return value;
}

function describeNetworkError(err: NodeJS.ErrnoException, host: string): FetchError {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') {
    return new FetchError(
      'network',
      `${host} refused the connection; the server may be down`,
      {},
      { cause: err },
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new FetchError(
      'network',
      `${host} closed the connection early; try again later`,
      {},
      { cause: err },
    );
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate|SSL|TLS/i.test(err.message)) {
    return new FetchError(
      'tls',
      `TLS with ${host} failed (${code || 'certificate'}); check the feed's HTTPS setup`,
      {},
      {
        cause: err,
      },
    );
  }
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') {
    return new FetchError(
      'bad-request',
      `could not build a request for ${host}: ${err.message}`,
      {},
      { cause: err },
    );
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return new FetchError(
      'bad-response',
      `${host} sent a malformed HTTP response (${code})`,
      {},
      { cause: err },
    );
  }
  const detail = (err.message || code || 'unknown error').replace(/\s+/g, ' ');
  return new FetchError('network', `network error talking to ${host}: ${detail}`, {}, { cause: err });
}

interface Exchange {
  response: IncomingMessage;
  /** Closes the socket; safe to call more than once. */
  close(): void;
}

export class HttpFeedFetcher implements FeedFetcher {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly allowPrivateNetwork: boolean;
  private readonly userAgent: string;
  private readonly lookup: (host: string) => Promise<ResolvedAddress[]>;
  private readonly policy: (address: string) => AddressCheck;

  constructor(options: FetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? 5 * MIB;
    this.maxRedirects = options.maxRedirects ?? 3;
    this.allowPrivateNetwork = options.allowPrivateNetwork ?? false;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.lookup = options.lookup ?? systemLookup;
    this.policy = options.addressPolicy ?? checkAddress;
  }

  /** Never throws: every failure is an `error` outcome with a one-line message. */
  async fetch(request: FetchRequest): Promise<FetchOutcome> {
    const controller = new AbortController();
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    let currentUrl = request.url;
    const timer = setTimeout(() => {
      controller.abort(
        new FetchError(
          'timeout',
          `no complete response from ${hostOf(currentUrl)} within ${seconds} s; the server is too slow or unreachable, try again later`,
        ),
      );
    }, this.timeoutMs);
    try {
      return await this.run(request, controller.signal, (url) => {
        currentUrl = url;
      });
    } catch (err) {
      const failure =
        err instanceof FetchError
          ? err
          : controller.signal.aborted && controller.signal.reason instanceof FetchError
            ? controller.signal.reason
            : new FetchError(
                'internal',
                `unexpected failure fetching the feed: ${String(err).replace(/\s+/g, ' ')}`,
              );
      return {
        status: 'error',
        url: currentUrl,
        code: failure.code,
        message: failure.message,
        ...failure.extra,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(
    request: FetchRequest,
    signal: AbortSignal,
    onUrl: (url: string) => void,
  ): Promise<FetchOutcome> {
    const visited = new Set<string>();
    let url = parseFeedUrl(request.url);
    let permanentUrl: string | undefined;
    let stillPermanent = true;

    for (let hop = 0; ; hop++) {
      onUrl(url.href);
      visited.add(url.href);
      const addresses = await this.resolve(url, signal);
      const { response, close } = await this.exchange(url, addresses, request, signal);
      const status = response.statusCode ?? 0;
      const location = header(response.headers, 'location');

      if (REDIRECTS.has(status) && location) {
        close();
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new FetchError(
            'redirects',
            `${url.host} redirected to an unreadable address (${location.slice(0, 200)})`,
          );
        }
        next.hash = '';
        if (visited.has(next.href)) {
          throw new FetchError(
            'redirects',
            `redirect loop: ${url.href} leads back to ${next.href}; the site is misconfigured`,
          );
        }
        if (hop >= this.maxRedirects) {
          throw new FetchError(
            'redirects',
            `more than ${this.maxRedirects} redirects starting at ${request.url}; use the final feed address instead`,
          );
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new FetchError(
            'unsupported-scheme',
            `${url.host} redirected to a ${next.protocol} URL; only http and https are fetched`,
          );
        }
        // A chain of permanent moves means the feed lives elsewhere now; one temporary hop ends that.
        if (stillPermanent && PERMANENT.has(status)) permanentUrl = next.href;
        else stillPermanent = false;
        url = next;
        continue;
      }

      const etag = header(response.headers, 'etag');
      const lastModified = header(response.headers, 'last-modified');

      if (status === 304) {
        close();
        return {
          status: 'not-modified',
          url: url.href,
          etag: etag ?? request.etag,
          lastModified: lastModified ?? request.lastModified,
        };
      }
      if (status === 429 || status === 503) {
        close();
        const retryAfterSeconds = parseRetryAfter(header(response.headers, 'retry-after'));
        const wait = retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s as it asked`;
        throw new FetchError(
          status === 429 ? 'rate-limited' : 'unavailable',
          `${url.host} answered ${status} ${status === 429 ? 'Too Many Requests' : 'Service Unavailable'}; retry ${wait}`,
          { httpStatus: status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
        );
      }
      if (status < 200 || status > 299) {
        close();
        const reason = response.statusMessage
          ? ` ${response.statusMessage.replace(/[^\x20-\x7e]/g, '')}`
          : '';
        const hint =
          status === 404 || status === 410
            ? 'the feed is gone; check its address'
            : status >= 500
              ? 'the server failed; try again later'
              : status === 401 || status === 403
                ? 'the server refuses us; the feed may need a login or block robots'
                : 'check the feed address';
        throw new FetchError('http-status', `${url.host} answered HTTP ${status}${reason}; ${hint}`, {
          httpStatus: status,
        });
      }

      const bytes = await readBody(response, close, this.maxBytes, signal, url.host);
      const contentType = header(response.headers, 'content-type');
      return {
        status: 'ok',
        url: url.href,
        body: decodeFeedBytes(bytes, contentType),
        bytes: bytes.length,
        ...(etag === undefined ? {} : { etag }),
        ...(lastModified === undefined ? {} : { lastModified }),
        ...(contentType === undefined ? {} : { contentType }),
        ...(permanentUrl === undefined ? {} : { permanentUrl }),
      };
    }
  }

  /** Every address the host resolves to, each one checked; a single bad one refuses the host. */
  private async resolve(url: URL, signal: AbortSignal): Promise<ResolvedAddress[]> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const guard = !this.allowPrivateNetwork;
    const family = net.isIP(host);
    if (family === 4 || family === 6) {
      const literal: ResolvedAddress = { address: host, family };
      if (guard) this.assertPublic(url, literal.address);
      return [literal];
    }
    if (guard && isLocalhostName(host)) {
      throw new FetchError(
        'blocked-address',
        `refused ${url.host}: it names this machine; only public internet feeds are fetched`,
      );
    }
    let found: ResolvedAddress[];
    try {
      found = await abortable(this.lookup(host), signal);
    } catch (err) {
      if (err instanceof FetchError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOTFOUND'
          ? 'no such host'
          : code === 'EAI_AGAIN'
            ? 'DNS lookup timed out'
            : (code ?? 'lookup failed');
      throw new FetchError(
        'dns',
        `cannot resolve ${host} (${why}); check the feed address and that this machine is online`,
        {},
        { cause: err },
      );
    }
    if (found.length === 0)
      throw new FetchError('dns', `cannot resolve ${host} (no addresses); check the feed address`);
    if (guard) for (const entry of found) this.assertPublic(url, entry.address);
    return found;
  }

  private assertPublic(url: URL, address: string): void {
    const verdict = this.policy(address);
    if (!verdict.ok) {
      throw new FetchError(
        'blocked-address',
        `refused ${url.host}: ${verdict.reason}; only public internet addresses are fetched (allowPrivateNetwork lifts this for local testing)`,
      );
    }
  }

  /** Sends the request to the pre-checked addresses and waits for the response head. */
  private exchange(
    url: URL,
    addresses: ResolvedAddress[],
    request: FetchRequest,
    signal: AbortSignal,
  ): Promise<Exchange> {
    return new Promise<Exchange>((resolve, reject) => {
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        accept: ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      const etag = sendable(request.etag);
      const lastModified = sendable(request.lastModified);
      if (etag) headers['if-none-match'] = etag;
      if (lastModified) headers['if-modified-since'] = lastModified;

      const client = url.protocol === 'https:' ? https : http;
      let settled = false;
      let req: http.ClientRequest | undefined;
      const close = () => {
        signal.removeEventListener('abort', onAbort);
        req?.destroy();
      };
      const fail = (err: unknown) => {
        close();
        if (settled) return;
        settled = true;
        reject(err);
      };
      const onAbort = () => fail(signal.reason);
      if (signal.aborted) return fail(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });

      try {
        req = client.request({
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers,
          // A fresh connection per request: a pooled socket would skip the pinned lookup below.
          agent: false,
          ...(url.username
            ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
            : {}),
          // Dial only the addresses already checked, so a second DNS answer cannot differ (rebinding).
          lookup: (_host, options, callback) => {
            const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
            const usable = addresses.filter((a) => wanted === undefined || a.family === wanted);
            const first = usable[0];
            if (!first) {
              callback(Object.assign(new Error(`no IPv${wanted} address`), { code: 'ENOTFOUND' }), '', 0);
              return;
            }
            if (options.all) callback(null, usable);
            else callback(null, first.address, first.family);
          },
        });
      } catch (err) {
        return fail(describeNetworkError(err as NodeJS.ErrnoException, url.host));
      }

      req.on('socket', (socket) => {
        // Last line of defence: whatever path led here, the peer we actually reached must be public.
        socket.once('connect', () => {
          const peer = socket.remoteAddress;
          if (!this.allowPrivateNetwork && peer && !this.policy(peer).ok) {
            fail(
              new FetchError(
                'blocked-address',
                `refused ${url.host}: connected to ${peer}, which is not a public address`,
              ),
            );
          }
        });
      });
      req.on('error', (err) => fail(describeNetworkError(err, url.host)));
      req.on('response', (response) => {
        if (settled) {
          response.destroy();
          return;
        }
        settled = true;
        // Keep the abort wired until the body is read: the deadline covers the whole exchange.
        resolve({ response, close });
      });
      req.end();
    });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function parseFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchError(
      'bad-url',
      `"${raw.slice(0, 200)}" is not a valid URL; give a full http(s):// address`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      'unsupported-scheme',
      `${url.protocol} URLs are not fetched; give an http:// or https:// address`,
    );
  }
  url.hash = '';
  return url;
}

async function systemLookup(host: string): Promise<ResolvedAddress[]> {
  const found = await dnsLookup(host, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Rejects with the abort reason as soon as the deadline passes, even if `work` never settles. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function looksLikeZlib(first: Buffer): boolean {
  const [a, b] = first;
  return a !== undefined && b !== undefined && (a & 0x0f) === 8 && ((a << 8) | b) % 31 === 0;
}

/**
 * The decoders for a Content-Encoding list, outermost coding last. "deflate" is sniffed because many
 * servers send raw DEFLATE under that name; a body starting with the gzip magic is gunzipped even
 * when the server forgot to say so (a static .xml.gz, a misconfigured proxy).
 */
function decodersFor(contentEncoding: string | undefined, first: Buffer, host: string): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (codings.length === 0) return first[0] === 0x1f && first[1] === 0x8b ? [zlib.createGunzip()] : [];
  return codings.reverse().map((coding, index) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip();
      case 'deflate':
        return index === 0 && !looksLikeZlib(first) ? zlib.createInflateRaw() : zlib.createInflate();
      case 'br':
        return zlib.createBrotliDecompress();
      default:
        throw new FetchError(
          'unsupported-encoding',
          `${host} sent the body with unsupported Content-Encoding "${coding}"`,
        );
    }
  });
}

/**
 * Reads the body through its decoders, counting decompressed bytes and stopping at `maxBytes`
 * (a gzip bomb is cut off after a few MiB, not inflated to gigabytes).
 */
function readBody(
  response: IncomingMessage,
  close: () => void,
  maxBytes: number,
  signal: AbortSignal,
  host: string,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    let decoders: Transform[] | undefined;

    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      for (const d of decoders ?? []) d.destroy();
      response.destroy();
      close();
    };
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(err);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const tooLarge = () =>
      new FetchError(
        'too-large',
        `the feed from ${host} is over ${formatBytes(maxBytes)} after decompression; it was not read to the end`,
      );
    const onAbort = () => fail(signal.reason);
    if (signal.aborted) return fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });

    const declared = Number(header(response.headers, 'content-length'));
    if (!header(response.headers, 'content-encoding') && declared > maxBytes) return fail(tooLarge());

    const collect = (chunk: Buffer) => {
      if (settled) return;
      total += chunk.length;
      if (total > maxBytes) fail(tooLarge());
      else chunks.push(chunk);
    };

    const setUp = (first: Buffer): Transform | undefined => {
      decoders = decodersFor(header(response.headers, 'content-encoding'), first, host);
      const head = decoders[0];
      const tail = decoders[decoders.length - 1];
      if (!head || !tail) return undefined;
      for (let i = 0; i + 1 < decoders.length; i++) decoders[i]?.pipe(decoders[i + 1] as Transform);
      for (const d of decoders) {
        d.on('error', (err) =>
          fail(
            new FetchError(
              'bad-encoding',
              `the compressed body from ${host} is corrupt or cut short (${err.message})`,
              {},
              {
                cause: err,
              },
            ),
          ),
        );
      }
      tail.on('data', collect);
      tail.on('end', finish);
      return head;
    };

    let head: Transform | undefined;
    let started = false;
    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (!started) {
        started = true;
        try {
          head = setUp(chunk);
        } catch (err) {
          fail(err);
          return;
        }
      }
      if (!head) {
        collect(chunk);
        return;
      }
      // Respect backpressure so compressed input does not pile up in memory ahead of the decoder.
      if (!head.write(chunk)) {
        response.pause();
        head.once('drain', () => response.resume());
      }
    });
    response.on('end', () => {
      if (head) head.end();
      else finish();
    });
    response.on('error', (err) => fail(describeNetworkError(err, host)));
    response.on('close', () => {
      if (!response.complete) {
        fail(
          new FetchError(
            'network',
            `${host} closed the connection before the feed was complete; try again later`,
          ),
        );
      }
    });
  });
}
