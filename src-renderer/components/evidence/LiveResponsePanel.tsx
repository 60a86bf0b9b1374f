import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useEvidence, useIncidents, useLiveResponse } from '../../hooks/stores';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { LiveCollectorList } from './LiveCollectorList';
import { LiveResultPanel } from './LiveResultPanel';
import { listFrom, runningFrom } from './liveWords';
import './LiveResponse.css';

/**
 * Live response on the Evidence tab: choose a profile, see what each collector will run (and what
 * cannot run here, and why), then capture it all into one hashed archive with progress and cancel.
 */
export function LiveResponsePanel({ incidentId }: { incidentId: string }) {
  const profiles = useLiveResponse((state) => state.profiles);
  const profileProblems = useLiveResponse((state) => state.profileProblems);
  const profilesError = useLiveResponse((state) => state.profilesError);
  const loadProfiles = useLiveResponse((state) => state.loadProfiles);
  const chosen = useLiveResponse((state) => state.chosen[incidentId]);
  const choose = useLiveResponse((state) => state.choose);
  const running = useLiveResponse((state) => state.running);
  const progress = useLiveResponse((state) => state.progress);
  const outcome = useLiveResponse((state) => state.outcomes[incidentId]);
  const run = useLiveResponse((state) => state.run);
  const cancel = useLiveResponse((state) => state.cancel);
  const dismiss = useLiveResponse((state) => state.dismiss);
  const items = useEvidence((state) => state.items[incidentId]);
  const showResult = useEvidence((state) => state.showResult);
  const dataDir = useIncidents((state) => state.info?.dataDir ?? '');
  const [paths, setPaths] = useState('');
  const [namespaces, setNamespaces] = useState('');
  const [output, setOutput] = useState('');
  const [cancelError, setCancelError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const resultPlace = useRef<HTMLDivElement>(null);

  // Each time it opens: a program installed since, or a fixed profile file, shows at once.
  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);
  // A playbook step that opened this lands the responder here, on its profile.
  useEffect(() => {
    if (chosen?.focus) heading.current?.focus();
  }, [chosen?.at, chosen?.focus]);

  const profileId = chosen?.profile ?? 'quick';
  const profile = profiles?.find((candidate) => candidate.id === profileId);
  const pathList = listFrom(paths);
  const namespaceList = listFrom(namespaces, true);
  const usesPaths = profile?.collectors.some((c) => c.argv.includes('{paths}')) ?? false;
  const usesNamespaces = profile?.collectors.some((c) => c.argv.some((arg) => arg.includes('{namespace}'))) ?? false;
  const runnable = profile?.collectors.filter((c) => c.available).length ?? 0;
  // Said before starting, beside the field, rather than as a refusal after.
  const pathError = usesPaths ? pathList.filter((p) => !p.startsWith('/')).map((p) => `${p} is not an absolute path (start it with /)`)[0] : undefined;
  const namespaceError = usesNamespaces ? namespaceList.filter((n) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n)).map((n) => `${n} is not a namespace name (lower-case letters, digits and dashes)`)[0] : undefined;
  const here = running?.incidentId === incidentId;
  const elsewhere = running !== null && !here;
  const suggested = `${dataDir}/evidence/${incidentId}-live-${profileId}-${(items?.length ?? 0) + 1}.tar.gz`;
  const percent = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!profile || running || pathError || namespaceError) return;
    setCancelError(null);
    const result = await run({ incidentId, profile: profile.id, output: output.trim() || suggested, paths: usesPaths ? pathList : [], namespaces: usesNamespaces ? namespaceList : [] });
    // The result shows above the form, out of view after a long list: its headline is brought into view.
    requestAnimationFrame(() => resultPlace.current?.firstElementChild?.scrollIntoView({ block: 'start' }));
    if (!result.ok) return;
    setOutput('');
    const troubled = result.value.collectors.filter((row) => row.problem).length;
    showResult(result.value.evidenceId, 'collected', { text: `Live response, ${profile.title}: ${result.value.collectors.length} collectors${troubled ? `, ${troubled} with a problem` : ''}`, failed: false });
  };

  return (
    <section className="live-response" aria-labelledby={`live-heading-${incidentId}`}>
      <h3 id={`live-heading-${incidentId}`} ref={heading} tabIndex={-1}>Live response</h3>
      <p className="small muted">
        Runs read-only commands on <strong>the machine Firebreak runs on</strong> (to capture a compromised host, run Firebreak there), without a shell, and archives each output with its SHA-256, command, exit code and times. Volatile state is captured first.
      </p>
      {profilesError && <LoadError what="the live response profiles" message={profilesError} onRetry={() => loadProfiles()} stale={profiles !== null} />}
      {!profiles && !profilesError && <Loading what="the live response profiles" onRetry={() => loadProfiles()} />}
      {profileProblems.length > 0 && (
        <div className="left-out" role="alert">
          {profileProblems.length === 1 ? 'A profile file was not loaded' : `${profileProblems.length} profile files were not loaded`}; fix {profileProblems.length === 1 ? 'it' : 'them'} and load the profiles again:
          <ul>
            {profileProblems.map((problem) => (
              <li key={`${problem.file}:${problem.path}`}>
                <code>{problem.file}{problem.line === null ? '' : `:${problem.line}`}</code>{problem.path ? ` at ${problem.path}` : ''}: {problem.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void loadProfiles()}>Load the profiles again</button>
        </div>
      )}
      {/* The latest result above the form: the first thing seen on coming back, the form below to run again. */}
      <div ref={resultPlace}>
        {outcome && <LiveResultPanel outcome={outcome} collectors={profiles?.find((p) => p.id === outcome.input.profile)?.collectors ?? []} onDismiss={() => dismiss(incidentId)} />}
      </div>
      {profiles && (
        <form className="live-form" onSubmit={(event) => void submit(event)}>
          <fieldset className="live-profiles" disabled={running !== null}>
            <legend>Profile</legend>
            {profiles.map((candidate) => (
              <label key={candidate.id} className={`live-profile ${candidate.id === profileId ? 'chosen' : ''}`}>
                <input type="radio" name={`live-profile-${incidentId}`} value={candidate.id} checked={candidate.id === profileId} onChange={() => choose(incidentId, candidate.id, false)} />
                <span>
                  <strong>{candidate.title}</strong>
                  {candidate.source === 'custom' && <> <span className="live-tag" title="From the collectors folder of this console's data directory">your team’s</span></>}
                  <span className="small muted"> · {candidate.collectors.filter((c) => c.available).length} of {candidate.collectors.length} can run here</span>
                  <span className="live-profile-desc">{candidate.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {!profile && (
            <p className="field-error" role="alert">
              There is no live response profile called “{profileId}” here: choose one of {profiles.map((p) => p.title).join(', ')}.
            </p>
          )}
          {profile && (
            <>
              <div className="live-fields">
                {usesPaths && (
                  <label className="field">
                    <span>Folders to list recently modified files in, one per line (empty: the profile’s own)</span>
                    <textarea rows={2} value={paths} disabled={running !== null} onChange={(e) => setPaths(e.target.value)} placeholder={'/etc\n/var/www'} aria-invalid={pathError !== undefined} aria-describedby={pathError ? `live-paths-error-${incidentId}` : undefined} />
                    {pathError && <span id={`live-paths-error-${incidentId}`} className="field-error">{pathError}</span>}
                  </label>
                )}
                {usesNamespaces && (
                  <label className="field">
                    <span>Kubernetes namespaces, one per line or separated by commas (empty: default)</span>
                    <textarea rows={2} value={namespaces} disabled={running !== null} onChange={(e) => setNamespaces(e.target.value)} placeholder={'default\npayments'} aria-invalid={namespaceError !== undefined} aria-describedby={namespaceError ? `live-ns-error-${incidentId}` : undefined} />
                    {namespaceError && <span id={`live-ns-error-${incidentId}`} className="field-error">{namespaceError}</span>}
                  </label>
                )}
                <label className="field">
                  <span>Save the archive as</span>
                  <input value={output} disabled={running !== null} onChange={(e) => setOutput(e.target.value)} placeholder={suggested} />
                </label>
              </div>
              <LiveCollectorList collectors={profile.collectors} paths={pathList} namespaces={namespaceList} running={here ? runningFrom(progress?.message) : new Set()} />
              <div className="form-actions">
                {here ? (
                  <>
                    <span className="progress live-progress" role="status" aria-label="Live response progress">
                      <span className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
                        <span style={{ width: `${percent}%` }} />
                      </span>
                      <span className="small">{progress?.message ?? 'Starting the collectors…'}</span>
                    </span>
                    <button type="button" onClick={() => void cancel().then(setCancelError)}>Cancel</button>
                    {cancelError && <span className="field-error" role="alert">{cancelError}</span>}
                  </>
                ) : (
                  <>
                    {elsewhere && <span className="hint">A live response is running on {running.incidentId}: one at a time.</span>}
                    {runnable === 0 && <span className="hint">None of this profile’s collectors can run on this machine.</span>}
                    <button type="submit" className="primary" disabled={elsewhere || runnable === 0 || pathError !== undefined || namespaceError !== undefined}>
                      Start live response ({runnable} {runnable === 1 ? 'collector' : 'collectors'})
                    </button>
                  </>
                )}
              </div>
            </>
          )}
        </form>
      )}
    </section>
  );
}
