declare module 'sluice:plugin/events@0.1.0' {
  export function publish(channel: string, payload: Uint8Array): void;
}
