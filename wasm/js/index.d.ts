/** Which WebAssembly build is running: `'simd128'` or `'portable'`. */
export declare const backend: 'simd128' | 'portable';
