/**
 * A field pack's lunr index, serialised, made from the term counts of each text rather than by
 * lunr's builder over every term of every text (`field-pack-worker.cjs` runs it).
 *
 * lunr's builder (2.3) visits each term of each field one at a time, makes an object for every
 * term, field and document, builds the vectors by inserting each term into a sorted array, and
 * makes a token set of every term, which its serialised form does not even hold: on a pack of
 * 10,000 resources, most of the time of a pack whose texts' terms were all kept from the build
 * before. What it writes is a function of few things, which this file computes directly:
 *
 * - each term's number (`_index`): the order in which the terms first appear, document by
 *   document, field by field (title, summary, body), text by text;
 * - the inverted index: for each term, in sorted order, the documents whose field holds it;
 * - each field's vector: for each of its terms, by number, lunr's BM25 score (k1 1.2, b 0.75)
 *   from the term's count in the field, the field's length against the average of that field, and
 *   the term's idf over the postings of every field, times the field's boost, rounded to 3 decimals.
 *
 * The same arithmetic in the same order, so the text is the one `JSON.stringify(index.toJSON())`
 * gives, byte for byte (`tests/site/field-pack-index.test.ts` compares the two). A text's terms are
 * numbered once however many documents share it (a PDF listed by many resources).
 *
 * A CommonJS module with no dependency: the worker evaluates its text (given in `workerData`).
 */

const K1 = 1.2;
const B = 0.75;

/**
 * @typedef {{ terms: string[], counts: number[], length: number }} TextTerms
 *   A text's distinct terms in the order they first appear, how often each occurs, and how many
 *   terms the text has in all.
 */

/**
 * The text of lunr's `index.toJSON()`, serialised with `JSON.stringify`, for `documents` whose ref
 * is their position in the list.
 *
 * @param {{ version: string, fields: { name: string, boost?: number }[], documents: TextTerms[][][] }} input
 *   `documents[position][field]`: the texts of that field of that document, in order (a field's terms
 *   are those of its texts one after the other).
 * @returns {Buffer} its UTF-8 bytes
 */
function serialisedIndex({ version, fields, documents }) {
  const fieldCount = fields.length;
  /** @type {Map<string, number>} term → its number */
  const numbers = new Map();
  /** @type {string[]} */
  const termOf = [];
  /** The documents of each term, per field: `postings[number * fieldCount + field]`. */
  /** @type {number[][]} */
  const postings = [];
  /** Each text's terms as numbers, worked out once per text. */
  /** @type {Map<TextTerms, Int32Array>} */
  const numbered = new Map();
  const numberText = (/** @type {TextTerms} */ text) => {
    let ids = numbered.get(text);
    if (ids) return ids;
    ids = new Int32Array(text.terms.length);
    for (let i = 0; i < text.terms.length; i++) {
      const term = text.terms[i];
      let id = numbers.get(term);
      if (id === undefined) {
        id = termOf.length;
        numbers.set(term, id);
        termOf.push(term);
        for (let f = 0; f < fieldCount; f++) postings.push([]);
      }
      ids[i] = id;
    }
    numbered.set(text, ids);
    return ids;
  };

  // Each field of each document as its distinct term numbers, sorted, with their counts.
  /** @type {{ ids: Int32Array, counts: Int32Array, length: number }[]} */
  const fieldTerms = [];
  /** A term's count in the field being merged, by number (0 where absent). */
  let scratch = new Int32Array(1024);
  const lengthTotals = new Array(fieldCount).fill(0);
  for (let position = 0; position < documents.length; position++) {
    const document = documents[position];
    for (let f = 0; f < fieldCount; f++) {
      const texts = document[f] ?? [];
      let length = 0;
      /** @type {number[]} */
      const distinct = [];
      for (const text of texts) {
        const ids = numberText(text);
        if (scratch.length < termOf.length) {
          const larger = new Int32Array(Math.max(termOf.length, scratch.length * 2));
          larger.set(scratch);
          scratch = larger;
        }
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i];
          if (scratch[id] === 0) distinct.push(id);
          scratch[id] += text.counts[i];
        }
        length += text.length;
      }
      const ids = Int32Array.from(distinct).sort();
      const counts = new Int32Array(ids.length);
      for (let i = 0; i < ids.length; i++) {
        counts[i] = scratch[ids[i]];
        scratch[ids[i]] = 0;
        postings[ids[i] * fieldCount + f].push(position);
      }
      fieldTerms.push({ ids, counts, length });
      lengthTotals[f] += length;
    }
  }

  // lunr: the average length of each field over the documents, and each term's idf over its postings.
  const averages = lengthTotals.map((total) => total / documents.length);
  const idf = new Float64Array(termOf.length);
  for (let id = 0; id < termOf.length; id++) {
    let withTerm = 0;
    for (let f = 0; f < fieldCount; f++) withTerm += postings[id * fieldCount + f].length;
    const x = (documents.length - withTerm + 0.5) / (withTerm + 0.5);
    idf[id] = Math.log(1 + Math.abs(x));
  }

  const out = new Writer();
  out.ascii(`{"version":${JSON.stringify(version)},"fields":`);
  out.text(JSON.stringify(fields.map((field) => field.name)));
  out.ascii(',"fieldVectors":[');
  for (let position = 0, at = 0; position < documents.length; position++) {
    for (let f = 0; f < fieldCount; f++, at++) {
      const { ids, counts, length } = fieldTerms[at];
      const boost = fields[f].boost || 1;
      const norm = K1 * (1 - B + B * (length / averages[f]));
      if (at > 0) out.ascii(',');
      out.ascii('[');
      out.text(JSON.stringify(`${fields[f].name}/${position}`));
      out.ascii(',[');
      for (let i = 0; i < ids.length; i++) {
        const tf = counts[i];
        let score = (idf[ids[i]] * ((K1 + 1) * tf)) / (norm + tf);
        score *= boost;
        // lunr multiplies by the document's boost too (1 here), then keeps 3 decimals.
        if (i > 0) out.byte(COMMA);
        out.integer(ids[i]);
        out.byte(COMMA);
        out.thousandths(Math.round(score * 1000));
      }
      out.ascii(']]');
    }
  }
  out.ascii('],"invertedIndex":[');
  const names = fields.map((field) => `,${JSON.stringify(field.name)}:{`);
  const sorted = termOf.slice().sort();
  for (let t = 0; t < sorted.length; t++) {
    const term = sorted[t];
    const id = numbers.get(term);
    out.ascii(t === 0 ? '[' : ',[');
    out.text(JSON.stringify(term));
    out.ascii(',{"_index":');
    out.integer(id);
    for (let f = 0; f < fieldCount; f++) {
      out.text(names[f]);
      const list = postings[id * fieldCount + f];
      for (let i = 0; i < list.length; i++) {
        // `"12":{}`
        out.ascii(i === 0 ? '"' : ',"');
        out.integer(list[i]);
        out.ascii('":{}');
      }
      out.byte(CLOSE);
    }
    out.ascii('}]');
  }
  out.ascii('],"pipeline":[]}');
  return out.result();
}

const COMMA = 0x2c;
const CLOSE = 0x7d;
const ZERO = 0x30;
const POINT = 0x2e;

/**
 * The index's UTF-8 bytes, written into one growing buffer: on a large pack, tens of millions of
 * short strings (each number, each posting) made and joined cost more in garbage collection than
 * the index's arithmetic.
 */
class Writer {
  constructor() {
    this.buffer = Buffer.allocUnsafe(1 << 20);
    this.at = 0;
  }

  room(bytes) {
    if (this.at + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(larger, 0, 0, this.at);
    this.buffer = larger;
  }

  byte(value) {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  /** Text known to be ASCII. */
  ascii(text) {
    this.room(text.length);
    this.at += this.buffer.latin1Write(text, this.at);
  }

  /** Any text (a term may be any letters). */
  text(text) {
    this.room(text.length * 3);
    this.at += this.buffer.utf8Write(text, this.at);
  }

  /** A whole number from 0, as `String(value)` writes it. */
  integer(value) {
    this.room(16);
    if (value === 0) {
      this.buffer[this.at++] = ZERO;
      return;
    }
    let digits = 0;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 10)) digits++;
    for (let i = this.at + digits - 1, rest = value; i >= this.at; i--, rest = Math.floor(rest / 10)) this.buffer[i] = ZERO + (rest % 10);
    this.at += digits;
  }

  /**
   * `String(thousandths / 1000)` for a whole number of thousandths from 0: the decimal with at most
   * three places, trailing zeros left out. The shortest text that reads back as that number is this
   * decimal, since any other decimal of three places or fewer is at least 0.001 away, far more than
   * the rounding of numbers of the size of a score.
   */
  thousandths(thousandths) {
    const whole = Math.floor(thousandths / 1000);
    let fraction = thousandths - whole * 1000;
    this.integer(whole);
    if (fraction === 0) return;
    this.room(4);
    this.buffer[this.at++] = POINT;
    let places = 3;
    while (fraction % 10 === 0) {
      fraction /= 10;
      places--;
    }
    for (let i = this.at + places - 1; i >= this.at; i--, fraction = Math.floor(fraction / 10)) this.buffer[i] = ZERO + (fraction % 10);
    this.at += places;
  }

  /** The bytes written, as a buffer of their own size (no copy). */
  result() {
    return this.buffer.subarray(0, this.at);
  }
}

module.exports = { serialisedIndex, Writer };
