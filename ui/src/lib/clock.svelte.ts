/**
 * "Now" for countdowns, ticking every 30 seconds. The domain clock is the server's: when a response
 * says what time the server thinks it is (`now`), countdowns follow it instead of the browser's clock.
 */
class Ticker {
  now = $state(Date.now());
  private offset = 0;
  private users = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Keep ticking while at least one countdown is on screen; returns the stop. */
  start(): () => void {
    if (this.users++ === 0) this.timer = setInterval(() => this.tick(), 30_000);
    this.tick();
    return () => {
      if (--this.users === 0) clearInterval(this.timer);
    };
  }

  /** A response's `now`: the server's clock at the time of the response. */
  noteServerNow(iso: string | null | undefined): void {
    const at = iso ? Date.parse(iso) : NaN;
    if (!Number.isFinite(at)) return;
    this.offset = at - Date.now();
    this.tick();
  }

  private tick(): void {
    this.now = Date.now() + this.offset;
  }
}

export const clock = new Ticker();
