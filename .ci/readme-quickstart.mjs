// Prints the README's quick-start commands, one per line, comments stripped: what a newcomer types.
import { readFileSync } from 'node:fs';

const readme = readFileSync(process.argv[2] ?? 'README.md', 'utf8');
const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
const block = section === undefined ? undefined : /```sh\n([\s\S]*?)```/.exec(section)?.[1];
if (block === undefined) {
  console.error('README.md has no "## Quick start" section with a ```sh block');
  process.exit(1);
}
const commands = block
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line !== '');
if (commands.length !== 2) {
  console.error(`the quick start must be exactly two commands, found ${commands.length}: ${JSON.stringify(commands)}`);
  process.exit(1);
}
console.log(commands.join('\n'));
