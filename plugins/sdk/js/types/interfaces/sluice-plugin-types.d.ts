declare module 'sluice:plugin/types@0.1.0' {
  /**
   * One record header. Headers are ordered and a key may repeat (as in Kafka).
   */
  export interface Header {
    key: string,
    value: Uint8Array,
  }
  /**
   * A record on its way into a topic.
   */
  export interface Record {
    topic: string,
    partition: number,
    key?: Uint8Array,
    value: Uint8Array,
    headers: Array<Header>,
    /**
     * Milliseconds since the Unix epoch.
     */
    timestamp: bigint,
  }
  /**
   * A record a plugin emits in place of the one it was given. `topic` none: the input's
   * topic. `partition` none: chosen by the host from the key. `timestamp` none: the input's.
   */
  export interface Output {
    topic?: string,
    partition?: number,
    key?: Uint8Array,
    value: Uint8Array,
    headers: Array<Header>,
    timestamp?: bigint,
  }
  /**
   * What a plugin decides about one record.
   */
  export type Verdict = VerdictAccept | VerdictReject | VerdictReplace;
  /**
   * Pass the record on unchanged.
   */
  export interface VerdictAccept {
    tag: 'accept',
  }
  /**
   * Refuse it: nothing of it is stored, and the reason goes back to the producer.
   */
  export interface VerdictReject {
    tag: 'reject',
    val: string,
  }
  /**
   * Pass these on instead: none drops the record quietly, several split it, another
   * topic routes it. The next plugin in the chain sees each of them.
   */
  export interface VerdictReplace {
    tag: 'replace',
    val: Array<Output>,
  }
  /**
   * What a plugin asks for when it starts.
   */
  export interface Registration {
    /**
     * Call `on-stored` with records once they are stored.
     */
    wantsStored: boolean,
    /**
     * Call `on-event` with events published on these channels.
     */
    subscriptions: Array<string>,
  }
}
