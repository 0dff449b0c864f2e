/** LINKTYPE_* values the NetDecoder understands (https://www.tcpdump.org/linktypes.html). */
export const LINKTYPE = {
  /** BSD loopback: 4-byte address family in the capturing host's byte order */
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  /** DLT_RAW on most BSDs, as written by some tools */
  RAW_ALT12: 12,
  /** DLT_RAW on OpenBSD */
  RAW_ALT14: 14,
  PPP_HDLC: 50,
  RAW: 101,
  C_HDLC: 104,
  IEEE802_11: 105,
  /** OpenBSD loopback: address family in network byte order */
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  LINUX_SLL2: 276,
} as const;
