import { Worker } from 'node:worker_threads';

/** A job for a {@link JobWorker}: any structured-cloneable object; `id` is set by the worker. */
export type WorkerJob = Record<string, unknown>;

/** What the worker code posts back for a job: its `id` and whatever it computed (or an error it describes). */
export interface WorkerReply {
  id: number;
}

interface Spawned {
  thread: Worker;
  /** The jobs this thread holds — per thread: a dead one's late `exit` must not fail its successor's jobs. */
  waiting: Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>;
}

/**
 * One `worker_threads` worker running inline code (`eval`), started on the first job, unreferenced while idle (it
 * never keeps a process alive), referenced while a job is pending (a process waiting for that job must not exit
 * under it), and replaced after it dies — the jobs it held reject. The code receives `workerData` and answers each
 * message `{ id, … }` with one message carrying the same `id`. Why inline code: it `require`s npm packages from the
 * paths the caller resolves, so it runs the same under tsx and from the esbuild bundle (no worker entry file to
 * ship). Used by the drafts' compaction fold (`draftFold.ts`) and update log (`draftLogWorker.ts`).
 */
export class JobWorker {
  private current: Spawned | null = null;
  private nextId = 1;

  /**
   * @param source CommonJS code of the worker (`require('node:worker_threads')` gives `parentPort`, `workerData`).
   * @param workerData read when a worker starts (e.g. a URI, module paths).
   * @param name shown in the error of a worker that exits (`<name> exited (code N)`).
   */
  constructor(
    private readonly source: string,
    private readonly workerData: () => unknown,
    private readonly name: string,
  ) {}

  /**
   * Posts `job` (with a fresh `id`; `transfer`: buffers moved, not cloned) and resolves the worker's reply.
   * @throws (rejects) when the worker errs or exits before replying.
   */
  run<Reply extends WorkerReply>(job: WorkerJob, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const { thread, waiting } = this.spawn();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (reply: WorkerReply) => void, reject });
      thread.ref();
      thread.postMessage({ ...job, id }, transfer);
    });
  }

  /** Terminates the worker, if any (pending jobs reject). Resolves once it is gone. */
  async terminate(): Promise<void> {
    const last = this.current;
    this.current = null;
    if (last) await last.thread.terminate();
  }

  private spawn(): Spawned {
    if (this.current) return this.current;
    const thread = new Worker(this.source, { eval: true, workerData: this.workerData() });
    const spawned: Spawned = { thread, waiting: new Map() };
    thread.unref();
    thread.on('message', (reply: WorkerReply) => {
      const job = spawned.waiting.get(reply.id);
      if (!job) return;
      spawned.waiting.delete(reply.id);
      if (spawned.waiting.size === 0) thread.unref();
      job.resolve(reply);
    });
    const retire = (error: Error): void => {
      if (this.current === spawned) this.current = null;
      for (const job of spawned.waiting.values()) job.reject(error);
      spawned.waiting.clear();
    };
    thread.on('error', (error) => retire(error));
    thread.on('exit', (code) => retire(new Error(`${this.name} exited (code ${code})`)));
    this.current = spawned;
    return spawned;
  }
}
