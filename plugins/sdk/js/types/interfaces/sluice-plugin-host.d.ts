declare module 'sluice:plugin/host@0.1.0' {
  /**
   * A line in the host log, attributed to the plugin.
   */
  export function log(level: Level, message: string): void;
  /**
   * The operator's configuration for this plugin (settings: plugins.<name>.config).
   */
  export function config(key: string): string | undefined;
  /**
   * # Variants
   * 
   * ## `"trace"`
   * 
   * ## `"debug"`
   * 
   * ## `"info"`
   * 
   * ## `"warn"`
   * 
   * ## `"error"`
   */
  export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';
}
