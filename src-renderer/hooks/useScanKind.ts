import { useEffect } from 'react';
import type { ScanKind } from '../../src-main/contract';
import { useScans } from './stores';

/** The catalogue's entry for a scan kind a step links to (loaded once); undefined until known or for no scan. */
export function useScanKind(id: string | null): ScanKind | undefined {
  const kinds = useScans((state) => state.kinds);
  const loadKinds = useScans((state) => state.loadKinds);
  useEffect(() => {
    if (id !== null && kinds === null) void loadKinds();
  }, [id, kinds, loadKinds]);
  return id === null ? undefined : kinds?.find((kind) => kind.id === id);
}
