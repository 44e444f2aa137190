/**
 * Per-word memo of normalisation keys, looked up straight from the article text: hashing the
 * characters in place avoids allocating a substring for every word (most words repeat, so this is
 * where the tagger spends its time).
 */
import { FNV_OFFSET, FNV_PRIME } from './normalize';

export class TokenTable<V> {
  private hashes: Int32Array;
  private raws: (string | undefined)[];
  private values: (V | undefined)[];
  private size = 0;

  constructor(
    private readonly compute: (raw: string) => V,
    private readonly limit = 1 << 17,
  ) {
    this.hashes = new Int32Array(1 << 12);
    this.raws = new Array(1 << 12);
    this.values = new Array(1 << 12);
  }

  /** The value for text[start, end), computed on first sight. */
  get(text: string, start: number, end: number): V {
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
    return this.getHashed(text, start, end, h);
  }

  /** As `get`, with the FNV-1a hash of the word already computed by the tokenizer. */
  getHashed(text: string, start: number, end: number, hash: number): V {
    const h = hash | 1; // 0 marks an empty slot
    const mask = this.hashes.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const stored = this.hashes[slot] as number;
      if (stored === 0) break;
      if (stored !== h) continue;
      const raw = this.raws[slot] as string;
      if (raw.length !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (raw.charCodeAt(i) !== text.charCodeAt(start + i)) {
          same = false;
          break;
        }
      }
      if (same) return this.values[slot] as V;
    }
    const raw = text.slice(start, end);
    const value = this.compute(raw);
    this.insert(h, raw, value);
    return value;
  }

  private insert(h: number, raw: string, value: V): void {
    if (this.size >= this.limit) this.reset(this.hashes.length);
    if ((this.size + 1) * 2 > this.hashes.length) this.grow();
    const mask = this.hashes.length - 1;
    let slot = h & mask;
    while (this.hashes[slot] !== 0) slot = (slot + 1) & mask;
    this.hashes[slot] = h;
    this.raws[slot] = raw;
    this.values[slot] = value;
    this.size++;
  }

  private reset(capacity: number): void {
    this.hashes = new Int32Array(capacity);
    this.raws = new Array(capacity);
    this.values = new Array(capacity);
    this.size = 0;
  }

  private grow(): void {
    const { hashes, raws, values } = this;
    this.reset(hashes.length * 2);
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i] as number;
      if (h !== 0) this.insert(h, raws[i] as string, values[i] as V);
    }
  }
}
