/** Nine anchors, each a list of nine aliases of the one before: 9^9 strings once expanded. */
export function aliasBomb(id = 'bomb'): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level += 1) lines.push(`a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nid: ${id}\n`;
}
