/**
 * A budget shared by every text buffer of one stream, so a long (or endless) stream
 * cannot grow memory beyond one content attribute's worth. Counted in UTF-16 code units,
 * a cheap upper bound of what the byte budget will keep after serialisation.
 */
export class TextBudget {
  remaining: number;
  dropped = 0;

  constructor(max: number) {
    this.remaining = max;
  }
}

/** Streamed text fragments joined once at the end; appends beyond the budget are counted, not kept. */
export class TextBuffer {
  private readonly parts: string[] = [];
  private readonly budget: TextBudget;
  private dropped = 0;

  constructor(budget: TextBudget) {
    this.budget = budget;
  }

  /** True when nothing was appended. */
  get empty(): boolean {
    return this.parts.length === 0 && this.dropped === 0;
  }

  append(fragment: unknown): void {
    if (typeof fragment !== 'string' || fragment.length === 0) return;
    const room = this.budget.remaining;
    if (fragment.length <= room) {
      this.parts.push(fragment);
      this.budget.remaining -= fragment.length;
      return;
    }
    if (room > 0) this.parts.push(fragment.slice(0, room));
    this.budget.remaining = 0;
    this.dropped += fragment.length - Math.max(0, room);
  }

  /** The text, with a visible marker when part of it was over the budget. */
  toString(): string {
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    return this.dropped > 0 ? `${text}…[lamplight: ${this.dropped} more characters not recorded]` : text;
  }
}
