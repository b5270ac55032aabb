import "server-only";

// Admission to the dashboard process under overload. The verify process forwards every API
// request but verify's to the dashboard process; past what that process can work on at once,
// requests wait in a short queue, and past the queue, or past their wait, they are refused at
// once with a 503 and Retry-After. Overload is then answered in milliseconds or within the
// wait, never after tens of seconds, and verification, answered in the verify process, keeps
// its own pace. (Written here rather than taken from p-limit or p-queue: those queue without
// bound and cannot time a wait out.)

export type AdmissionLimits = {
  /** Requests the dashboard process works on at once. */
  concurrency: number;
  /** Requests that may wait for a turn; more are refused at once. */
  queue: number;
  /** The longest a request waits for its turn before it is refused. */
  waitMs: number;
};

/**
 * Room for the bursts scripts make on purpose (50 concurrent creates are answered, none
 * refused), while 600 at once are mostly refused in milliseconds.
 */
export const API_ADMISSION: AdmissionLimits = { concurrency: 64, queue: 128, waitMs: 5000 };

export class Admission {
  private running = 0;
  private readonly waiting: { admit: () => void }[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  /**
   * Resolves with a release function once the request may go ahead, or with null when it is
   * refused (the queue is full, or its wait ran out). Call the release exactly once, when the
   * request is done.
   */
  enter(): Promise<(() => void) | null> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.queue) return Promise.resolve(null);
    return new Promise((resolve) => {
      const entry = {
        admit: () => {
          clearTimeout(timer);
          this.running++;
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(null);
      }, this.limits.waitMs);
      this.waiting.push(entry);
    });
  }

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.waiting.shift()?.admit();
    };
  }
}
