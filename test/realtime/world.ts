/**
 * What realtime suites run against: two api processes on the test stores (sharing Redis
 * and NATS, as two replicas would) and a matching worker of the suite's own, so REST
 * writes become match events. `stop` undoes it all, the worker's durable consumer too.
 */
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { startTestMatchingWorker } from "../helpers/matching-worker.ts";
import { names, openTestStores, resetStores, type TestStores } from "../helpers/stores.ts";
import { closeAll, rest, type Rest } from "./clients.ts";

export type Api = RunningTestApi;
export type Stores = TestStores;

export interface RealtimeWorld {
  readonly stores: Stores;
  readonly api1: Api;
  readonly api2: Api;
  readonly r1: Rest;
  readonly r2: Rest;
  stop(): Promise<void>;
}

/** Start the world; `reset` empties the test stores first. */
export async function startRealtimeWorld(workerPrefix: string, options: { reset?: boolean } = {}): Promise<RealtimeWorld> {
  const stores = await openTestStores();
  if (options.reset) await resetStores(stores);
  const [api1, api2] = [await startTestApi(), await startTestApi()];
  const name = `${workerPrefix}-${Date.now()}`;
  const worker = await startTestMatchingWorker(stores, name, { maxDeliver: 3, nakDelayMs: () => 100 });
  return {
    stores,
    api1,
    api2,
    r1: rest(api1.url),
    r2: rest(api2.url),
    async stop() {
      closeAll();
      await worker.stop();
      const jsm = await stores.nats.jetstreamManager();
      await jsm.consumers.delete(names.streams.events, name).catch(() => undefined);
      await api1.stop();
      await api2.stop();
      await stores.close();
    },
  };
}
