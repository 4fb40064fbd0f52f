// js-yaml is present through electron-builder; declared here until it is a direct devDependency.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
