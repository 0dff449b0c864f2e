/**
 * Alerts to a SIEM over syslog: RFC 5424 messages (see syslog-format.ts) over UDP (RFC 5426, one
 * datagram each), TCP or TLS (RFC 6587 octet counting; TLS with node:tls, server certificate
 * verified against the system CAs or a configured CA, optional client certificate).
 *
 * TCP and TLS keep one connection, opened on the first alert and re-opened with backoff after it
 * breaks; alerts wait in a bounded queue meanwhile. Plain syslog has no acknowledgements, so a
 * message written just before the receiver went away may never have been read: the sink keeps the
 * messages written in the last `replayWindowMs` and writes them again on the next connection
 * (at-least-once; receivers de-duplicate on the `key` structured-data param). A message whose
 * connection attempts keep failing is dead-lettered after `maxAttempts`, as for webhooks.
 */
import type { AlertSink } from './sink.js';
import type { SyslogSinkOptions } from './syslog-options.js';
import { StreamSyslogSink } from './syslog-stream.js';
import { UdpSyslogSink } from './syslog-udp.js';

export { SYSLOG_DEFAULTS, type SyslogProtocol, type SyslogSinkOptions } from './syslog-options.js';

export function createSyslogSink(o: SyslogSinkOptions): AlertSink {
  return o.protocol === 'udp' ? new UdpSyslogSink(o) : new StreamSyslogSink(o);
}

