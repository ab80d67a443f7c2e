// The per-chain dictionaries of the frame encoder (frame-codec.ts): contracts by key, field names
// by id, shapes (an item's sequence of names and nesting) by id, and the places (paths) whose
// values carry over. A chain starts them afresh; the decoder rebuilds the same numbering from
// what each batch defines.
import { cellsOfKey, ColumnNumbering, newPath, type PathNode, type PathNumbering, type Slot } from './frame-codec.ts';
import { ownText } from './frame-text.ts';

/** Shapes (token sequences: names and nesting) as a trie: each item walks it by its tokens. */
export interface ShapeNode {
  shape: number;
  next: ShapeNode[];
}

export interface ContractState {
  id: number;
  key: string;
  slots: Slot[];
}

export class EncoderTables implements PathNumbering {
  /** Per service, by a hash of the key's text (the bucket's keys compared in full). */
  private contracts = new Map<string, Map<number, ContractState[]>>();
  private contractCount = 0;
  /** Ids (+1; 0 for none yet) of the fields named by a number of up to four digits, by that number. */
  private readonly numericFields = new Int32Array(10_000);
  private readonly fields = new Map<string, number>();
  readonly fieldNames: string[] = [];
  /** Fields whose names the decoder has been given (in id order, with the shapes). */
  fieldsSent = 0;
  readonly shapeRoot: ShapeNode = { shape: -1, next: [] };
  shapeCount = 0;
  readonly pathRoot: PathNode = newPath(-1, -1);
  private pathCount = 0;
  /** Ids of the structural tokens, made on first use. */
  private readonly specials = new Map<string, number>();
  openObject = -1;
  closeObject = -1;
  openArray = -1;
  closeArray = -1;
  leafElement = -1;
  /** Per path id, its last changed number on any contract: digits and decimal places (-1: none). */
  readonly recentM: number[] = [];
  readonly recentD: number[] = [];
  /** Short texts met in the chain, by text: their number in the order they were first written. */
  readonly texts = new Map<string, number>();

  private readonly cells = new Map<string, number[]>();
  readonly columns = new ColumnNumbering();

  cellsOf(key: string): number[] {
    return cellsOfKey(this.cells, key);
  }

  columnOf(parent: number, field: number): number {
    return this.columns.columnOf(parent, field);
  }

  /** A new path's id (slots are per path: a top-level field, or a place inside a nested value). */
  nextPath(): number {
    this.recentD.push(-1);
    this.recentM.push(0);
    return this.pathCount++;
  }

  contract(service: string, text: string, start: number, end: number): ContractState {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    let keys = this.contracts.get(service);
    if (!keys) {
      keys = new Map();
      this.contracts.set(service, keys);
    }
    let bucket = keys.get(hash);
    if (bucket) {
      for (let i = 0; i < bucket.length; i++) {
        const contract = bucket[i] as ContractState;
        if (contract.key.length === end - start && text.startsWith(contract.key, start)) return contract;
      }
    } else {
      bucket = [];
      keys.set(hash, bucket);
    }
    const contract: ContractState = { id: this.contractCount++, key: ownText(text.slice(start, end)), slots: [] };
    bucket.push(contract);
    return contract;
  }

  /** The id of the field named by text[start, end) (its quotes included). */
  fieldId(text: string, start: number, end: number): number {
    // Schwab's field names are numbers ("38"): looked up by their value, no string made.
    let n = 0;
    let i = start + 1;
    for (; i < end - 1 && i < start + 5; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    const numeric = i === end - 1 && end - start > 2 && (end - start === 3 || text.charCodeAt(start + 1) !== 48);
    if (numeric) {
      const id = this.numericFields[n] as number;
      if (id > 0) return id - 1;
    }
    const id = this.named(ownText(text.slice(start, end)));
    if (numeric) this.numericFields[n] = id + 1;
    return id;
  }

  /** The id of a structural token ('{', '}', '[', ']', '#' for a leaf element): never a field name, which is quoted. */
  special(token: string): number {
    let id = this.specials.get(token);
    if (id === undefined) {
      id = this.named(token);
      this.specials.set(token, id);
      if (token === '{') this.openObject = id;
      else if (token === '}') this.closeObject = id;
      else if (token === '[') this.openArray = id;
      else if (token === ']') this.closeArray = id;
      else this.leafElement = id;
    }
    return id;
  }

  private named(name: string): number {
    let id = this.fields.get(name);
    if (id === undefined) {
      id = this.fieldNames.length;
      this.fields.set(name, id);
      this.fieldNames.push(name);
    }
    return id;
  }
}
