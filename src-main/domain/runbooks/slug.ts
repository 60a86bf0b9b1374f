/** A file id from a title, unique among `taken` ("Scenario: SQL Injection Found" → sql-injection-found). */
export function slugOf(title: string, taken: Set<string>): string {
  const base =
    title
      .toLowerCase()
      .replace(/^scenario\s*\d*\s*[:.-]\s*/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'runbook';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
