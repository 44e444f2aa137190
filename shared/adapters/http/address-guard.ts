/**
 * Decides whether an IP address is safe to fetch a feed from: only the public internet.
 * A feed URL is user input, so without this check it could make the fetcher read cloud
 * metadata (169.254.169.254), an admin panel on the private network, or this very machine.
 */
import ipaddr from 'ipaddr.js';

export type AddressCheck = { ok: true } | { ok: false; reason: string };

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** IPv4 ranges (ipaddr.js names) that never hold a public feed. */
const BLOCKED_V4: Record<string, string> = {
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address (this machine)',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private network address',
  reserved: 'a reserved address',
};

/** IPv6 ranges with a clearer name than "not public unicast". */
const DESCRIBED_V6: Record<string, string> = {
  unspecified: 'the unspecified address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address (this machine)',
  uniqueLocal: 'a private (unique local) address',
  deprecatedSiteLocal: 'a site-local address',
  discard: 'a discard-only address',
  benchmarking: 'a benchmarking address',
  reserved: 'a reserved address',
};

const METADATA_V4 = '169.254.169.254';

function refuse(address: string, what: string): AddressCheck {
  return { ok: false, reason: `${address} is ${what}` };
}

/** What is wrong with an IPv4 address, or undefined when it is public. */
function v4Problem(ip: IPv4): string | undefined {
  if (ip.toString() === METADATA_V4) return 'the cloud metadata endpoint';
  return BLOCKED_V4[ip.range()];
}

function checkV4(ip: IPv4, shown: string): AddressCheck {
  const what = v4Problem(ip);
  return what ? refuse(shown, what) : { ok: true };
}

/** The IPv4 address held in the low 32 bits of two IPv6 groups. */
function v4From(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** An IPv6 address that carries an IPv4 one is only as safe as the IPv4 address it leads to. */
function checkEmbedded(embedded: IPv4[], shown: string, how: string): AddressCheck {
  for (const v4 of embedded) {
    const what = v4Problem(v4);
    if (what) return refuse(shown, `${how} embedding ${v4.toString()}, ${what}`);
  }
  return { ok: true };
}

function checkV6(ip: IPv6, shown: string): AddressCheck {
  const p = ip.parts as [number, number, number, number, number, number, number, number];
  const range = ip.range();
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return checkEmbedded([v4From(p[6], p[7])], shown, 'an IPv4-mapped address');
    case 'rfc6052':
      // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local networks only.
      if (p[2] !== 0 || p[3] !== 0 || p[4] !== 0 || p[5] !== 0)
        return refuse(shown, 'a local-use NAT64 address');
      return checkEmbedded([v4From(p[6], p[7])], shown, 'a NAT64 address');
    case '6to4':
      return checkEmbedded([v4From(p[1], p[2])], shown, 'a 6to4 address');
    case 'teredo':
      // Teredo holds the server address in clear and the client address with every bit flipped.
      return checkEmbedded(
        [v4From(p[2], p[3]), v4From(~p[6] & 0xffff, ~p[7] & 0xffff)],
        shown,
        'a Teredo address',
      );
    case 'unicast':
      // ::/8 is IETF-reserved; its unnamed corners include deprecated IPv4-compatible addresses.
      if (p[0] < 0x100) return refuse(shown, 'a reserved address');
      return { ok: true };
    default:
      return refuse(shown, DESCRIBED_V6[range] ?? `not a public address (${range})`);
  }
}

/**
 * Checks one IP address (any spelling ipaddr.js reads: dotted, decimal, octal, hex, short, bracketed IPv6).
 * Refuses private, loopback, link-local, metadata, CGNAT, multicast, broadcast, reserved addresses, and
 * IPv6 forms that embed such an IPv4 address (mapped, NAT64, 6to4, Teredo).
 */
export function checkAddress(address: string): AddressCheck {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return { ok: false, reason: `${address} is not an IP address` };
  const ip = ipaddr.parse(bare);
  return ip.kind() === 'ipv4' ? checkV4(ip as IPv4, address) : checkV6(ip as IPv6, address);
}

/** Host names that always mean this machine, whatever DNS says (RFC 6761). */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
