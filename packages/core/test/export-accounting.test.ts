import { describe, expect, it } from 'vitest';
import { type ExportOutcome } from '../src/index.js';
import { accountedFor, addDrop, addDrops, addShortfall, ExportCounters, mergeOutcome } from '../src/internal.js';

const outcome = (exported: number, dropped: ExportOutcome['dropped'] = {}, error?: Error): ExportOutcome => ({ exported, dropped, ...(error ? { error } : {}) });

describe('outcome arithmetic', () => {
  it('addDrop starts a missing reason at zero and adds to a present one', () => {
    const o = outcome(0);
    addDrop(o, 'shutdown', 2);
    addDrop(o, 'shutdown', 3);
    addDrop(o, 'too-large', 1);
    expect(o.dropped).toEqual({ shutdown: 5, 'too-large': 1 });
  });

  it('addDrops sums into a sparse record and into a zero-filled one alike', () => {
    const sparse: ExportOutcome['dropped'] = { 'rejected-4xx': 1 };
    addDrops(sparse, { 'rejected-4xx': 2, 'export-failed': 4, shutdown: undefined });
    expect(sparse).toEqual({ 'rejected-4xx': 3, 'export-failed': 4, shutdown: 0 });
    const full = { 'rejected-4xx': 10, 'export-failed': 0 };
    addDrops(full, { 'export-failed': 2 });
    expect(full).toEqual({ 'rejected-4xx': 10, 'export-failed': 2 });
  });

  it('mergeOutcome adds counts in place, keeps the later error and returns its target', () => {
    const first = new Error('first');
    const second = new Error('second');
    const into = outcome(1, { shutdown: 1 }, first);
    expect(mergeOutcome(into, outcome(2, { shutdown: 2, 'render-error': 1 }))).toBe(into);
    expect(into).toEqual({ exported: 3, dropped: { shutdown: 3, 'render-error': 1 }, error: first });
    mergeOutcome(into, outcome(0, {}, second));
    expect(into.error).toBe(second);
  });

  it('accountedFor counts exported plus every drop, skipping absent counts', () => {
    expect(accountedFor(outcome(0))).toBe(0);
    expect(accountedFor(outcome(4, { shutdown: 2, 'too-large': undefined, 'rejected-4xx': 1 }))).toBe(7);
  });

  it('addShortfall fills the batch up with one reason and leaves a full or over-full outcome alone', () => {
    const short = outcome(3, { shutdown: 1 });
    expect(addShortfall(short, 10, 'export-failed')).toBe(6);
    expect(short.dropped).toEqual({ shutdown: 1, 'export-failed': 6 });
    expect(accountedFor(short)).toBe(10);
    const full = outcome(2, { shutdown: 1 });
    expect(addShortfall(full, 3, 'export-failed')).toBe(0);
    expect(addShortfall(full, 1, 'export-failed')).toBe(0);
    expect(full.dropped).toEqual({ shutdown: 1 });
  });
});

describe('ExportCounters', () => {
  it('starts at zero with no drop reasons and no lastError key', () => {
    const snapshot = new ExportCounters().snapshot();
    expect(snapshot).toStrictEqual({ requests: 0, bytesSent: 0, exported: 0, dropped: {} });
    expect('lastError' in snapshot).toBe(false);
  });

  it('counts each request attempt with its bytes', () => {
    const counters = new ExportCounters();
    counters.countRequest(100);
    counters.countRequest(100);
    counters.countRequest(7);
    expect(counters.snapshot()).toMatchObject({ requests: 3, bytesSent: 207 });
  });

  it('tally sums outcomes, keeps the last error message and returns the outcome unchanged', () => {
    const counters = new ExportCounters();
    const first = outcome(2, { shutdown: 1 }, new Error('first'));
    expect(counters.tally(first)).toBe(first);
    counters.tally(outcome(3, { shutdown: 2, 'rejected-4xx': 1 }));
    expect(counters.snapshot()).toStrictEqual({ requests: 0, bytesSent: 0, exported: 5, dropped: { shutdown: 3, 'rejected-4xx': 1 }, lastError: 'first' });
    counters.tally(outcome(0, {}, new Error('second')));
    expect(counters.snapshot().lastError).toBe('second');
    expect(first).toEqual({ exported: 2, dropped: { shutdown: 1 }, error: new Error('first') });
  });

  it('snapshot is a copy: changing it leaves the totals alone', () => {
    const counters = new ExportCounters();
    counters.tally(outcome(1, { shutdown: 1 }));
    const snapshot = counters.snapshot();
    snapshot.exported = 99;
    snapshot.dropped.shutdown = 99;
    expect(counters.snapshot()).toMatchObject({ exported: 1, dropped: { shutdown: 1 } });
  });
});
