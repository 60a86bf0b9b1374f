import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(dataDir, args);

describe('firebreak drill', () => {
  it('lists, starts, runs the clock, fires and skips injects, finishes and reports, with one JSON envelope each', () => {
    const list = cli('drill', 'list', '--json');
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    const drills = list.json.value.drills as { id: string; title: string }[];
    expect(drills.map((drill) => drill.id)).toContain('leaked-api-key');
    for (const drill of drills) expect(drill.title).toEqual(expect.any(String));
    expect(cli('drill', 'list').stdout).toMatch(/leaked-api-key\s+P\d/);

    const started = cli('drill', 'start', 'leaked-api-key', '--json');
    expect(started).toMatchObject({ status: 0, json: { ok: true, value: { id: expect.stringMatching(/^INC-\d{8}-\d{6}/), run: { drillId: 'leaked-api-key', clock: { state: 'ready' } } } } });
    const id = started.json.value.id as string;
    const injects = started.json.value.run.injects as { id: string; title: string }[];
    // A drill is no real incident: the real list does not show it.
    expect(cli('incident', 'list', '--json').json.value.incidents.map((incident: { id: string }) => incident.id)).not.toContain(id);

    expect(cli('drill', 'clock', id, 'start', '--json')).toMatchObject({ status: 0, json: { ok: true, value: { clock: { state: 'running', speed: 1 } } } });
    const sped = cli('drill', 'clock', id, 'speed', '10');
    expect(sped.status).toBe(0);
    expect(sped.stdout).toMatch(new RegExp(`^${id} clock: minute \\d+(\\.\\d)?, running ×10`));
    expect(cli('drill', 'clock', id, 'faster', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(cli('drill', 'clock', id, 'speed', '99', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(cli('drill', 'clock', id, 'start', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'conflict' } } });

    const [first, second] = injects;
    const fired = cli('drill', 'inject', id, 'fire', first!.id, '--json');
    expect(fired).toMatchObject({ status: 0, json: { ok: true, value: { incidentId: id } } });
    expect(fired.json.value.injects.find((inject: { id: string }) => inject.id === first!.id).status).toBe('fired');
    expect(cli('drill', 'inject', id, 'skip', second!.id)).toMatchObject({ status: 0, stdout: expect.stringContaining(`Skipped ${second!.id} at minute`) });
    expect(cli('drill', 'inject', id, 'fire', first!.id, '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'conflict' } } });
    expect(cli('drill', 'inject', id, 'fire', 'no-such-inject', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found', message: expect.stringContaining(first!.id) } } });

    const participant = cli('drill', 'show', id);
    expect(participant.status).toBe(0);
    expect(participant.stdout).toContain(first!.title);
    expect(participant.stdout).not.toContain(second!.title);
    const facilitator = cli('drill', 'show', id, '--facilitator');
    expect(facilitator.stdout).toMatch(/FIRED\s+minute/);
    expect(facilitator.stdout).toMatch(/SKIPPED\s+minute/);
    expect(facilitator.stdout).toContain('PENDING');

    const finished = cli('drill', 'finish', id);
    expect(finished.status).toBe(0);
    expect(finished.stdout).toMatch(/Score: \d+\/100/);
    expect(finished.stdout).toMatch(/−\d+ {2}\S/);

    const reported = cli('drill', 'report', id, '--json');
    expect(reported).toMatchObject({ status: 0, json: { ok: true, value: { incidentId: id, markdown: expect.stringContaining('DRILL') } } });
    const file = path.join(dataDir, 'drill.md');
    expect(cli('drill', 'report', id, '-o', file)).toMatchObject({ status: 0, stdout: `Wrote the drill report of ${id} to ${file}\n` });
    expect(fs.readFileSync(file, 'utf8')).toBe(reported.json.value.markdown);
    expect(cli('drill', 'report', id, '-o', path.join(dataDir, 'missing', 'x.md'), '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found' } } });

    const history = cli('drill', 'history', '--json');
    expect(history.json.value.runs.map((run: { incidentId: string }) => run.incidentId)).toEqual([id]);
    expect(cli('drill', 'history').stdout).toContain(id);

    const real = cli('incident', 'declare', '--title', 'Real outage', '--severity', 'P2', '--json').json.value.id as string;
    expect(cli('drill', 'show', real, '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: `${real} is not a drill` } } });
  });
});
