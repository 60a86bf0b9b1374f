/** Sizes in the main process's text (CLI, progress events): one decimal, in MB. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
