import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));
const config = YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const scheme = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));

// What every packaged binary must have flipped (Electron security checklist, "fuses"), by the
// names @electron/fuses gives them.
const wanted: Record<keyof typeof FuseV1Options, boolean> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

describe('desktop packaging', () => {
  it('is a configuration electron-builder accepts: no misspelt option is silently ignored', () => {
    const { $schema: _draft, ...schema } = scheme;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(config.electronFuses).sort()).toEqual(Object.keys(scheme.definitions.FuseOptionsV1.properties).filter((name) => name !== 'resetAdHocDarwinSignature').sort());
  });

  it('flips every fuse Electron has, each the safe way', async () => {
    // electron-builder's own translation of the YAML into the fuse wire it writes into the binary.
    const { PlatformPackager } = require('app-builder-lib');
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    const flipped = Object.fromEntries(Object.keys(wanted).map((name) => [name, wire[FuseV1Options[name as keyof typeof FuseV1Options]]]));
    expect(flipped).toEqual(wanted);
    const fuseCount = Object.values(FuseV1Options).filter((value) => typeof value === 'number').length;
    expect(Object.keys(wanted)).toHaveLength(fuseCount);
  });
});
