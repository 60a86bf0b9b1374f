import { useEffect } from 'react';
import { useAssets, useUi } from '../../../hooks/stores';
import { waitingNames } from '../../../stores/assetStore';
import { LoadError } from '../../common/LoadError';
import { Loading } from '../../common/Loading';
import { AssetAddForm } from './AssetAddForm';
import { AssetRow } from './AssetRow';
import { waitLine } from './assetWords';
import '../Investigation.css';

/** The systems, services, accounts, repositories and data stores the incident touched, and how far each is through the response. */
export function AssetsTab({ incidentId }: { incidentId: string }) {
  const list = useAssets((state) => state.lists[incidentId]);
  const loadError = useAssets((state) => state.loadErrors[incidentId]);
  const load = useAssets((state) => state.load);
  const setTimelineFilter = useUi((state) => state.setTimelineFilter);
  const navigate = useUi((state) => state.navigate);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const showOnTimeline = (assetId: string) => {
    setTimelineFilter({ incidentId, asset: assetId });
    navigate({ name: 'incident', id: incidentId, tab: 'timeline' });
  };

  return (
    <section className="investigation" aria-label="Assets">
      <AssetAddForm incidentId={incidentId} />
      {loadError && <LoadError what="this incident's assets" message={loadError} onRetry={() => load(incidentId)} stale={list !== undefined} />}
      {!list && !loadError && <Loading what="this incident's assets" onRetry={() => load(incidentId)} />}
      {list?.assets.length === 0 && (
        <div className="empty investigation-empty">
          <p><strong>No affected assets yet.</strong></p>
          <p>
            Record each host, service, account, repository or data store the incident touched, and move it through suspected → confirmed compromised → contained → cleaned → restored. Every
            move is on the timeline, and the Contain and Recover phases show which assets they still wait on.
          </p>
        </div>
      )}
      {list && list.assets.length > 0 && (
        <>
          <p className="investigation-summary asset-waits" role="status">
            <strong>{list.assets.length} asset{list.assets.length === 1 ? '' : 's'}</strong>
            {' · '}
            <span className={list.openForContain.length ? 'asset-wait-open' : 'muted'}>{waitLine('Contain', waitingNames(list, list.openForContain))}</span>
            {'; '}
            <span className={list.openForRecover.length ? 'asset-wait-open' : 'muted'}>{list.openForRecover.length ? `Recover on ${list.openForRecover.length}` : 'Recover on none'}</span>
          </p>
          <div className="investigation-grid">
            <table className="ioc-table asset-table" aria-label="Assets">
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Name</th>
                  <th scope="col">State</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Tags</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {list.assets.map((asset) => (
                  <AssetRow key={asset.id} incidentId={incidentId} asset={asset} onShowOnTimeline={() => showOnTimeline(asset.id)} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
