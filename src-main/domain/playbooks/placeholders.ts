const placeholder = /\{([A-Z][A-Z0-9_]*)\}/g;

/**
 * Fills `{NAME}` placeholders from `values`. Unknown ones stay exactly as written so the
 * responder sees what still needs a value before running the command.
 */
export function fillPlaceholders(template: string, values: Record<string, string>): { text: string; unfilled: string[] } {
  const unfilled = new Set<string>();
  const text = template.replace(placeholder, (match, name: string) => {
    if (Object.hasOwn(values, name)) return values[name]!;
    unfilled.add(name);
    return match;
  });
  return { text, unfilled: [...unfilled] };
}
