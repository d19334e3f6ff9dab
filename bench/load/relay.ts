/**
 * The load benchmark's floor for a socket event: a bare NATS → Socket.IO relay. It
 * subscribes (core NATS, no JetStream, no Redis adapter) to one subject and emits each
 * message's payload unchanged to every connected client — no auth, no rooms, no domain
 * work. `npm run bench:load` runs it as its own process beside the api processes and
 * measures publish → client event through it in the same run as write → client event
 * through the real path.
 *
 * argv: <port> <nats url> <subject>. Prints "READY <port>" once listening; stops on SIGTERM.
 */
import { createServer } from "node:http";
import { once } from "node:events";
import { connect } from "nats";
import { Server } from "socket.io";

async function main(): Promise<void> {
  const [port, natsUrl, subject] = process.argv.slice(2);
  if (!port || !natsUrl || !subject) throw new Error("usage: relay.ts <port> <nats url> <subject>");
  const http = createServer();
  const io = new Server(http, { transports: ["websocket"] });
  const nc = await connect({ servers: new URL(natsUrl).host });
  const sub = nc.subscribe(subject);
  http.listen(Number(port), "127.0.0.1");
  await once(http, "listening");
  console.log(`READY ${port}`);
  process.once("SIGTERM", () => {
    sub.unsubscribe();
    void nc.close();
    void io.close();
  });
  for await (const msg of sub) io.emit("bare", msg.json());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
