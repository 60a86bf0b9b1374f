import fs from 'node:fs';

// A collector's processes: its own group, and the children that left it but still hold its output.

/** Signals the whole process group the collector leads: a command's own children stop with it. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * What the child's stdout and stderr are (`socket:[inode]`, as /proc shows them), read as it starts,
 * to find who else holds them later; none where there is no /proc.
 */
export function outputsOf(pid: number | undefined): string[] {
  if (process.platform !== 'linux' || pid === undefined) return [];
  const links: string[] = [];
  for (const fd of [1, 2]) {
    try {
      links.push(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // Gone already.
    }
  }
  return links.filter((link) => /^(socket|pipe):\[\d+\]$/.test(link));
}

/**
 * Kills (SIGKILL) every process still holding one of these outputs: a command's child that left its
 * process group (setsid) survives the group kill and would hold the output open for ever. Linux
 * only (/proc); the processes killed are counted.
 */
export function killPipeHolders(pipes: readonly string[]): number {
  if (pipes.length === 0) return 0;
  let killed = 0;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return 0;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        return pipes.includes(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed += 1;
    } catch {
      // Gone already, or not ours.
    }
  }
  return killed;
}
