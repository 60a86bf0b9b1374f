import fs from 'node:fs';
import path from 'node:path';
import type { ExportedBundle, ParsedInput } from '../../contract';
import { exportBundle } from '../bundle/bundleExport';
import type { ServiceContext } from '../context';

/**
 * The console suggests `<dataDir>/exports/…` for a new bundle, as reports are written there by
 * default: that folder is made on first use. Any other folder must already exist.
 */
export function exportBundleToFile(ctx: ServiceContext, input: ParsedInput<'incident.export'>): Promise<ExportedBundle> {
  const folder = path.dirname(path.resolve(input.file));
  if (folder === path.join(path.resolve(ctx.dataDir), 'exports')) fs.mkdirSync(folder, { recursive: true });
  return exportBundle(ctx, input);
}
