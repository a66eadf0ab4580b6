// node:module for the page's bundle: no Node built-ins to load in a browser.

export function createRequire(): (name: string) => never {
  return (name: string) => {
    throw new Error(`${name} is not available in the page`);
  };
}
