// Benchmark sink: reports, per event, when it was published and when the handler started (UDP to the bench).
import { createSocket } from 'node:dgram';

const socket = createSocket('udp4');
socket.unref();
const port = Number(process.env.BENCH_SINK_PORT);

export const handler = async (event) => {
  const startedAt = Date.now();
  const details = event.Records ? event.Records.map((record) => JSON.parse(record.body).detail) : [event.detail];
  socket.send(JSON.stringify(details.map((detail) => [detail.sentAt, startedAt])), port, '127.0.0.1');
};
