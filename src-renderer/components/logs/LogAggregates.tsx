import type { LogAggregate } from '../../../src-main/contract';
import { UserText } from '../common/UserText';
import { IpButton, type SourceProps } from './IpButton';
import { aggregateLabels, spanLength, utcTime } from './logText';
import { PromoteControl } from './PromoteControl';

/** Brute force, rate-limit storms, error spikes and scanning: who, how many, when. */
export function LogAggregates({ aggregates, incidentId, scanId, onPickIp }: SourceProps & { aggregates: LogAggregate[] }) {
  if (aggregates.length === 0) return <p className="muted small">No brute force, rate-limit storm, error spike or scanning found.</p>;
  return (
    <ul className="log-aggregates" aria-label="Patterns across lines">
      {aggregates.map((aggregate) => (
        <li key={`${aggregate.kind}:${aggregate.ip ?? ''}:${aggregate.from}`} className={`aggregate kind-${aggregate.kind}`}>
          <strong className="aggregate-kind">{aggregateLabels[aggregate.kind]}</strong>
          {aggregate.ip ? <IpButton ip={aggregate.ip} onPickIp={onPickIp} /> : <span className="muted">site-wide</span>}
          <span className="aggregate-count">{aggregate.count.toLocaleString('en-US')}</span>
          <span className="small">{utcTime(aggregate.from)} → {aggregate.to.slice(11, 19)} ({spanLength(aggregate.from, aggregate.to)})</span>
          <UserText className="muted small aggregate-detail" text={aggregate.detail} />
          {aggregate.ip && <PromoteControl incidentId={incidentId} scanId={scanId} target={{ ip: aggregate.ip }} label="Promote IP" />}
        </li>
      ))}
    </ul>
  );
}
