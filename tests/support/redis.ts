// A few raw Redis commands for the harness (RESP over a socket; no client library for three calls).
import { connect } from 'node:net';

const encode = (args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** Sends the commands then QUIT, and returns everything Redis answered, as text. */
export function redisCommands(port: number, commands: string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`redis on ${port} did not answer`)));
    socket.on('connect', () => socket.write([...commands, ['QUIT']].map(encode).join('')));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
    });
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

/** Whether a consumer group exists on a stream (the fan-out subscription of one web replica is live). */
export async function hasConsumerGroup(port: number, db: string, stream: string, group: string): Promise<boolean> {
  const reply = await redisCommands(port, [
    ['SELECT', db],
    ['XINFO', 'GROUPS', stream],
  ]);
  return reply.includes(`\r\n${group}\r\n`);
}
