/** TCP reassembly: TcpSegments in, one ordered StreamHandler per connection out. */
export { TcpReassembler, type CloseReason } from './reassembler.js';
