/** Counters of a TurnClient: data sent and received each way, refreshes, and discarded datagrams. */

/** Live counters (mutated by the client; read them, do not write). */
export interface TurnClientStats {
  /** ChannelData messages and Send indications sent (RFC 8656 §12.5, §11.1). */
  channelDataOut: number;
  sendIndicationsOut: number;
  /** ChannelData messages and Data indications received (§12.7, §11.4). */
  channelDataIn: number;
  dataIndicationsIn: number;
  /** Successful refreshes of the allocation, permissions and channels (§8, §9, §12). */
  allocationRefreshes: number;
  permissionRefreshes: number;
  channelRefreshes: number;
  /** Datagrams from the server the client discarded (malformed ChannelData, unknown channel, bad Data indication). */
  dropped: number;
}

/** Fresh zeroed counters. */
export function newClientStats(): TurnClientStats {
  return {
    channelDataOut: 0,
    sendIndicationsOut: 0,
    channelDataIn: 0,
    dataIndicationsIn: 0,
    allocationRefreshes: 0,
    permissionRefreshes: 0,
    channelRefreshes: 0,
    dropped: 0,
  };
}
