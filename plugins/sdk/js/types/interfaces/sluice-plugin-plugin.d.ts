/// <reference path="./sluice-plugin-types.d.ts" />
declare module 'sluice:plugin/plugin@0.1.0' {
  /**
   * Runs once in every instance before anything else. An error fails the load, with its text.
   */
  export function init(): Registration;
  /**
   * One verdict per record, in the same order. Called with one or more records.
   */
  export function onRecords(records: Array<Record>): Array<Verdict>;
  /**
   * Records once stored, each with its offset (only if the registration asked for them).
   */
  export function onStored(records: Array<[Record, bigint]>): void;
  /**
   * An event on a subscribed channel.
   */
  export function onEvent(channel: string, payload: Uint8Array): void;
  export type Record = import('sluice:plugin/types@0.1.0').Record;
  export type Verdict = import('sluice:plugin/types@0.1.0').Verdict;
  export type Registration = import('sluice:plugin/types@0.1.0').Registration;
}
