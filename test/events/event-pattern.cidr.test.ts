import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

const cidr = (value: string) => ({ ip: [{ cidr: value }] });

describe('cidr', () => {
  it('matches IPv6 addresses in any notation', () => {
    const pattern = cidr('2001:db8:1234:1a00::/64');
    expect(matches(pattern, { ip: '2001:db8:1234:1a00::1' })).toBe(true);
    expect(matches(pattern, { ip: '2001:DB8:1234:1A00:FFFF:FFFF:FFFF:FFFF' })).toBe(true);
    expect(matches(pattern, { ip: '2001:db8:1234:1a01::' })).toBe(false);
    expect(matches(cidr('::/0'), { ip: '::1' })).toBe(true);
    expect(matches(cidr('fe80::/10'), { ip: 'febf:ffff::' })).toBe(true);
    expect(matches(cidr('fe80::/10'), { ip: 'fec0::' })).toBe(false);
  });

  it('never mixes address families or matches non-addresses', () => {
    expect(matches(cidr('::/0'), { ip: '10.0.0.1' })).toBe(false);
    expect(matches(cidr('0.0.0.0/0'), { ip: '::1' })).toBe(false);
    for (const ip of ['1:2:3:4:5:6:7:8:9', '1::2::3', 'host.example', '10.0.0', '::ffff:10.0.0.1']) {
      expect(matches(cidr('::/0'), { ip })).toBe(false);
    }
  });

  it('matches IPv4 ranges, keeping the written base address as lower bound like AWS', () => {
    expect(matches(cidr('10.0.0.0/8'), { ip: '10.255.255.255' })).toBe(true);
    expect(matches(cidr('10.0.0.5/24'), { ip: '10.0.0.200' })).toBe(true);
    expect(matches(cidr('10.0.0.5/24'), { ip: '10.0.0.4' })).toBe(false);
  });

  it('rejects bad masks and addresses with AWS messages', () => {
    expectInvalid(cidr('10.0.0.0/32'), 'IPv4 mask bits must be < 32');
    expectInvalid(cidr('::/128'), 'IPv6 mask bits must be < 128');
    expectInvalid(cidr('10.0.0.0/-1'), 'Malformed CIDR, mask bits must not be negative');
    expectInvalid(cidr('10.0.0.0/'), "Malformed CIDR, one '/' required");
    expectInvalid(cidr('10.0.0.0/8/8'), "Malformed CIDR, one '/' required");
    expectInvalid(cidr('10.0.0.256/8'), 'Invalid IP address: 10.0.0.256');
    expectInvalid(cidr('1::2::3/64'), 'Invalid IP address: 1::2::3');
  });
});
