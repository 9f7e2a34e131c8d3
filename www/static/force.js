// `?backend=portable` in the page's (or worker's) URL makes the package
// load its portable build, as on an engine without WebAssembly SIMD: the
// loader asks `WebAssembly.validate` whether a one-instruction SIMD module
// is valid, so this module, evaluated before the package, answers no for
// the duration of the package's start-up. `restoreValidate` undoes it.
const original = WebAssembly.validate;
export const forcedBackend = new URL(self.location.href).searchParams.get('backend');

if (forcedBackend === 'portable') {
  WebAssembly.validate = () => false;
}

export function restoreValidate() {
  WebAssembly.validate = original;
}
