import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';

// Examples from RFC 3164 §5.4 and RFC 5424 §6.5, and /var/log/auth.log as Debian's rsyslog writes it.
const context = { year: 2026 };

describe('syslog', () => {
  it('reads RFC 3164 with its PRI, completing the year from the context', () => {
    const line = "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8";
    expect(parseLine(line, 'syslog', context)).toMatchObject({ format: 'syslog', malformed: false, time: Date.UTC(2026, 9, 11, 22, 14, 15), message: "'su root' failed for lonvick on /dev/pts/8", ip: null });
    expect(parseLine(line, 'syslog', { year: 2019 }).time).toBe(Date.UTC(2019, 9, 11, 22, 14, 15));
  });

  it('reads auth.log lines (no PRI, space-padded day) and takes the client from "from <ip>"', () => {
    const line = 'Mar  3 09:12:01 host sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 52113 ssh2';
    expect(parseLine(line, 'syslog', context)).toMatchObject({ time: Date.UTC(2026, 2, 3, 9, 12, 1), ip: '203.0.113.9', message: 'Failed password for invalid user admin from 203.0.113.9 port 52113 ssh2' });
    const pam = 'Mar 13 09:12:01 host sshd[99]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=2001:db8::5  user=root';
    expect(parseLine(pam, 'syslog', context)).toMatchObject({ ip: '2001:db8::5', time: Date.UTC(2026, 2, 13, 9, 12, 1) });
    const disconnected = 'Mar  3 09:12:02 host sshd[1234]: Disconnected from invalid user admin 203.0.113.9 port 52113 [preauth]';
    expect(parseLine(disconnected, 'syslog', context).ip).toBeNull();
  });

  it('reads a message without a tag whole (RFC 3164 example "Use the BFG!")', () => {
    expect(parseLine('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!', 'syslog', context)).toMatchObject({ malformed: false, message: 'Use the BFG!', time: Date.UTC(2026, 1, 5, 17, 32, 18) });
  });

  it("reads rsyslog's high-precision timestamps", () => {
    const line = '2026-03-03T09:12:01.123456+01:00 host sshd[1234]: Accepted publickey for deploy from 192.0.2.10 port 40000 ssh2';
    expect(parseLine(line, 'syslog', context)).toMatchObject({ time: Date.UTC(2026, 2, 3, 8, 12, 1, 123), ip: '192.0.2.10', message: 'Accepted publickey for deploy from 192.0.2.10 port 40000 ssh2' });
  });

  it('reads the RFC 5424 examples: structured data skipped, BOM dropped, nil values', () => {
    const withSd = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...';
    expect(parseLine(withSd, 'syslog', context)).toMatchObject({ format: 'syslog', malformed: false, time: Date.UTC(2003, 9, 11, 22, 14, 15, 3), message: 'An application event log entry...' });
    const zoned = "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nothing.";
    expect(parseLine(zoned, 'syslog', context)).toMatchObject({ time: Date.UTC(2003, 7, 24, 12, 14, 15), message: "%% It's time to make the do-nothing." });
    const onlySd = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" x="a\\]b"][examplePriority@32473 class="high"]';
    expect(parseLine(onlySd, 'syslog', context)).toMatchObject({ malformed: false, message: null });
    expect(parseLine('<34>1 - - - - - - failed login from 198.51.100.1', 'syslog', context)).toMatchObject({ time: null, ip: '198.51.100.1' });
  });

  it('counts lines that are not syslog as malformed', () => {
    for (const line of ['<999>Oct 11 22:14:15 host x: y', 'Oct 11 22:14 host x: y', 'Foo 11 22:14:15 host x: y', '<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That\'s All Folks!', 'Oct 11 22:14:15']) {
      expect(parseLine(line, 'syslog', context), line).toMatchObject({ format: 'text', malformed: true });
    }
  });
});
