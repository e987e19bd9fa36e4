import type { LeafTest } from './field-condition.js';

/**
 * `{"cidr": "10.0.0.0/24"}` for IPv4 and IPv6, with AWS's validation messages.
 * Addresses are compared as integers: IPv4 as a number, IPv6 as a bigint.
 */
type IpAddress = { version: 4; value: number } | { version: 6; value: bigint };

/** What AWS accepts as an address literal before parsing it (no hostnames, no zone ids, no IPv4-in-IPv6). */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

export function parseCidr(cidr: string): LeafTest | { error: string } {
  // Java's String.split drops trailing empty parts: "10.0.0.0/" has no mask part at all.
  const parts = cidr.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) return { error: "Malformed CIDR, one '/' required" };
  const [addressText, maskText] = parts;
  if (!/^[+-]?\d+$/.test(maskText) || Math.abs(Number(maskText)) > 2 ** 31) {
    return { error: 'Malformed CIDR, mask bits must be an integer' };
  }
  const maskBits = Number(maskText);
  if (maskBits < 0) return { error: 'Malformed CIDR, mask bits must not be negative' };
  if (!IPV4_SHAPE.test(addressText) && !IPV6_SHAPE.test(addressText)) {
    return { error: `Nonstandard IP address: ${addressText}` };
  }
  const base = parseIpAddress(addressText);
  if (base === null) return { error: `Invalid IP address: ${addressText}` };

  // AWS (event-ruler) keeps the written base address as the lower bound and sets the host bits for the upper
  // one; it also rejects a full-length mask. Both are mirrored rather than "fixed".
  if (base.version === 4) {
    if (maskBits > 31) return { error: 'IPv4 mask bits must be < 32' };
    const hostBits = 2 ** (32 - maskBits) - 1;
    const lower = base.value;
    const upper = lower - (lower % (hostBits + 1)) + hostBits;
    return (value) => {
      const address = typeof value === 'string' ? parseIpAddress(value) : null;
      return address !== null && address.version === 4 && address.value >= lower && address.value <= upper;
    };
  }
  if (maskBits > 127) return { error: 'IPv6 mask bits must be < 128' };
  const hostMask = (1n << BigInt(128 - maskBits)) - 1n;
  const lower = base.value;
  const upper = lower | hostMask;
  return (value) => {
    const address = typeof value === 'string' ? parseIpAddress(value) : null;
    return address !== null && address.version === 6 && address.value >= lower && address.value <= upper;
  };
}

export function parseIpAddress(text: string): IpAddress | null {
  if (IPV4_SHAPE.test(text)) {
    let value = 0;
    for (const octet of text.split('.')) {
      const byte = Number(octet);
      if (byte > 255) return null;
      value = value * 256 + byte;
    }
    return { version: 4, value };
  }
  if (IPV6_SHAPE.test(text)) {
    const value = parseIpv6(text);
    return value === null ? null : { version: 6, value };
  }
  return null;
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  if (halves.length === 2 && head.length + tail.length > 7) return null;
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail] : head;
  if (groups.length !== 8) return null;
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}
