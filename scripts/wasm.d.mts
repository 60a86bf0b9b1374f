export interface Kernel {
  wat: string;
  module: string;
  name: string;
}
/** The kernels: their text, and the module written beside it. */
export const kernels: Kernel[];
/** The TypeScript module for a kernel's text, as `npm run wasm` writes it. */
export function kernelModule(kernel: Kernel): Promise<string>;
