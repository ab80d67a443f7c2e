// Which subscribed keys' latest data said `delayed: true`: the streamer's status says `delayed`
// while any does (docs/schwab-streaming.md §9: the entitlement shows in the data, not the login).
export class DelayedKeys {
  /** "SERVICE key" ids. */
  private readonly ids = new Set<string>();

  get any(): boolean {
    return this.ids.size > 0;
  }

  /** Records what a key's data said; true when that changed anything. */
  set(service: string, key: string, delayed: boolean): boolean {
    const id = `${service} ${key}`;
    if (delayed === this.ids.has(id)) return false;
    if (delayed) this.ids.add(id);
    else this.ids.delete(id);
    return true;
  }

  /** Keys no longer subscribed say nothing any more. */
  forget(service: string, keys: readonly string[]): void {
    for (const key of keys) this.ids.delete(`${service} ${key}`);
  }

  /** A SUBS replaces the service's keys: the ones it leaves out are forgotten. */
  forgetAllBut(service: string, kept: readonly string[]): void {
    const keep = new Set(kept);
    const prefix = `${service} `;
    this.forget(service, [...this.ids].filter((id) => id.startsWith(prefix) && !keep.has(id.slice(prefix.length))).map((id) => id.slice(prefix.length)));
  }
}
