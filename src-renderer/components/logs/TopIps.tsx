import type { LogTalker } from '../../../src-main/contract';
import { IpButton, type SourceProps } from './IpButton';
import { categoryLabels, utcTime } from './logText';
import { PromoteControl } from './PromoteControl';

/** The most active sources, flagged ones first. */
export function TopIps({ talkers, incidentId, scanId, onPickIp }: SourceProps & { talkers: LogTalker[] }) {
  if (talkers.length === 0) return <p className="muted small">No client addresses in these logs.</p>;
  return (
    <table className="top-ips" aria-label="Top IPs">
      <thead>
        <tr><th scope="col">IP</th><th scope="col" className="num">Requests</th><th scope="col" className="num">Flagged</th><th scope="col">Categories</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col"><span className="visually-hidden">Promote</span></th></tr>
      </thead>
      <tbody>
        {talkers.map((talker) => (
          <tr key={talker.ip} className={talker.hits ? 'flagged' : ''}>
            <td><IpButton ip={talker.ip} onPickIp={onPickIp} /></td>
            <td className="num">{talker.requests.toLocaleString('en-US')}</td>
            <td className="num">{talker.hits.toLocaleString('en-US')}</td>
            <td className="small">{talker.categories.map((category) => categoryLabels[category]).join(', ') || '—'}</td>
            <td className="small nowrap">{utcTime(talker.firstSeen)}</td>
            <td className="small nowrap">{utcTime(talker.lastSeen)}</td>
            <td className="log-actions"><PromoteControl incidentId={incidentId} scanId={scanId} target={{ ip: talker.ip }} label="Promote" /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
