import type { Command } from 'commander';
import type { ExportedBundle, ImportedBundle } from '../contract';
import { callLong } from './context';
import { exitCodes, report, type OutputMode } from './output';

type Finish = (code: number) => void;

export function registerBundleCommands(incident: Command, mode: () => OutputMode, finish: Finish): void {
  incident
    .command('export <id>')
    .description('write one signed JSON bundle of the incident (its signed events, checklist, findings, evidence manifests, action items); records a witness of what it holds')
    .requiredOption('-o, --output <file>', 'the bundle file to write (never replaced if it exists)')
    .action(async (id: string, options: { output: string }) => {
      const envelope = await callLong<ExportedBundle>('incident.export', { id, file: options.output });
      finish(
        report(mode(), envelope, (value) =>
          [`Exported ${value.incidentId} to ${value.file} (${value.bytes} bytes)`, `  ${value.events} events, head ${value.headHash}`, `  signed with key ${value.keyFingerprint}`, `  sha256 ${value.sha256}`, ...(value.leftOut ? [`  left out: ${value.leftOut}`] : [])].join('\n'),
        ),
      );
    });

  incident
    .command('import <file>')
    .description('import a bundle as a set union: a new incident after checking its signature, signer, event count, head hash, events and rows; for one held here, its missing events are merged and the result verified; exits 1 and names the first problem when it fails')
    .option('--trusted-key <key>', 'also trust this signer: a public key file from "firebreak evidence key export", or its 64-hex fingerprint (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .action(async (file: string, options: { trustedKey: string[] }) => {
      const envelope = await callLong<ImportedBundle>('incident.import', { file, trustedKeys: options.trustedKey });
      const code = report(mode(), envelope, (value) =>
        value.imported
          ? `Imported ${value.incidentId}: ${value.newEvents} new of the bundle's ${value.events} events, head ${value.headHash}, signed by ${value.signer}. Check it any time with: firebreak incident verify ${value.incidentId}`
          : `${value.incidentId} is already here with all ${value.events} events of the bundle: nothing changed`,
      );
      // A bundle that fails verification is a failed check (1), not bad input (2).
      finish(!envelope.ok && envelope.error.code === 'forbidden' ? exitCodes.checkFailed : code);
    });
}
