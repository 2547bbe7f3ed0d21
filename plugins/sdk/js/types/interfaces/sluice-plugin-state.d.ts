declare module 'sluice:plugin/state@0.1.0' {
  export function get(key: string): Uint8Array | undefined;
  export function set(key: string, value: Uint8Array): void;
  export { _delete as delete };
  function _delete(key: string): void;
  /**
   * Adds `delta` to the counter at `key` (absent counts as 0) and returns the new value,
   * atomically across all instances of the plugin.
   */
  export function increment(key: string, delta: bigint): bigint;
}
