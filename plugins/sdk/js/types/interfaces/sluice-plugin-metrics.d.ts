declare module 'sluice:plugin/metrics@0.1.0' {
  export function counterAdd(name: string, delta: bigint): void;
  export function gaugeSet(name: string, value: number): void;
  export function histogramRecord(name: string, value: number): void;
}
