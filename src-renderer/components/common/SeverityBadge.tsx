interface Props {
  severity: string;
  label: string;
  rank: number;
}

export function SeverityBadge({ severity, label, rank }: Props) {
  return (
    <span className={`badge sev-${Math.min(rank, 3)}`} title={label}>
      {severity}
    </span>
  );
}
