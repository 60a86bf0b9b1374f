// Compiles the WebAssembly kept as text (src-main/**/*.wat) into TypeScript modules that carry the
// binary (base64), so the app, its bundles and the tests load it with no step of their own.
// `npm run wasm` writes them; a unit test checks they are what their text compiles to.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtModule from 'wabt';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The kernels: their text, and the module written beside it. */
export const kernels = [{ wat: 'src-main/jobs/logs/accessKernel.wat', module: 'src-main/jobs/logs/accessKernelWasm.ts', name: 'accessKernelWasm' }];

/** The TypeScript module for a kernel's text, as `npm run wasm` writes it. */
export async function kernelModule(kernel) {
  const wabt = await wabtModule();
  const parsed = wabt.parseWat(kernel.wat, fs.readFileSync(path.join(root, kernel.wat), 'utf8'));
  try {
    parsed.validate();
    const { buffer } = parsed.toBinary({});
    return [
      `// Written by \`npm run wasm\` from ${path.basename(kernel.wat)}: edit that file, not this one.`,
      `export const ${kernel.name} = '${Buffer.from(buffer).toString('base64')}';`,
      '',
    ].join('\n');
  } finally {
    parsed.destroy();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const kernel of kernels) {
    fs.writeFileSync(path.join(root, kernel.module), await kernelModule(kernel));
    console.log(`wrote ${kernel.module}`);
  }
}
