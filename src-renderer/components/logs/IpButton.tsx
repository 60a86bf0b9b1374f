/** An address as a link: it narrows the findings list to that address (logs.list's `ip`). */
export function IpButton({ ip, onPickIp }: { ip: string; onPickIp(ip: string): void }) {
  return <button type="button" className="link mono ip" title={`Show only ${ip}'s findings`} onClick={() => onPickIp(ip)}>{ip}</button>;
}

export interface SourceProps {
  incidentId: string;
  scanId: string;
  /** Shows only this address's findings below. */
  onPickIp(ip: string): void;
}
