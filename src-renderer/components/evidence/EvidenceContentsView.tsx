import { useEffect, useState } from 'react';
import type { EvidenceContents } from '../../../src-main/contract';
import { byteSize } from '../../format';
import { useEvidence } from '../../hooks/stores';
import { CopyValue } from '../common/CopyValue';
import { UserText } from '../common/UserText';

/** What an archive holds, from the register's copy of its manifest: 100 entries a page, and what was left out. */
export function EvidenceContentsView({ evidenceId }: { evidenceId: string }) {
  const load = useEvidence((state) => state.contents);
  const [page, setPage] = useState(1);
  const [contents, setContents] = useState<EvidenceContents | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void load(evidenceId, page).then((result) => {
      if (!current) return;
      if (result.ok) {
        setContents(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [evidenceId, page, load]);

  if (error) return <p className="field-error" role="alert">Contents not shown: {error}</p>;
  if (!contents) return <p className="muted small" role="status">Reading the manifest…</p>;
  const pages = Math.max(1, Math.ceil(contents.total / contents.pageSize));
  const from = (contents.page - 1) * contents.pageSize + 1;
  const to = from + contents.entries.length - 1;
  return (
    <div className="evidence-contents">
      {contents.leftOut.length > 0 && (
        <div className="left-out" aria-label={`Left out of ${evidenceId}`}>
          <strong>Left out at collection</strong>
          <ul>
            {contents.leftOut.map((root) => (
              <li key={root.path}>
                <UserText as="code" text={root.path} /> — {root.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <table className="contents-table" aria-label={`Contents of ${evidenceId}`}>
        <thead>
          <tr>
            <th scope="col">Path in the archive</th>
            <th scope="col">Type</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {contents.entries.map((entry) => (
            <tr key={entry.archivePath} className={entry.problem ? 'not-archived' : undefined}>
              <td className="mono">
                <UserText text={entry.archivePath} />
                {entry.linkTarget ? <span className="muted"> → <UserText text={entry.linkTarget} /></span> : null}
                {entry.problem ? <div className="small entry-problem">not archived: {entry.problem}</div> : null}
              </td>
              <td>{entry.type}</td>
              <td className="number">{entry.size === null ? '' : byteSize(entry.size)}</td>
              <td className="contents-hash">{entry.sha256 ? <CopyValue value={entry.sha256} label={`SHA-256 of ${entry.archivePath}`} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="contents-pager" aria-label={`Pages of ${evidenceId}`}>
        <button type="button" disabled={contents.page <= 1} onClick={() => setPage(contents.page - 1)}>Previous 100</button>
        <span className="small muted" role="status">
          {contents.total === 0 ? 'No entries' : `Entries ${from}–${to} of ${contents.total}`} · page {contents.page} of {pages}
        </span>
        <button type="button" disabled={contents.page >= pages} onClick={() => setPage(contents.page + 1)}>Next 100</button>
      </nav>
    </div>
  );
}
