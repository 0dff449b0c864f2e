/** The link/network layer: RawPackets in, TcpSegments out. */
export { NetDecoder } from './decoder.js';
export { formatIPv4, formatIPv6 } from './ip-format.js';
export { LINKTYPE } from './linktypes.js';
