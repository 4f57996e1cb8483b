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
 * @returns {string}
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

  /** @type {string[]} */
  const out = [`{"version":${JSON.stringify(version)},"fields":${JSON.stringify(fields.map((field) => field.name))},"fieldVectors":[`];
  for (let position = 0, at = 0; position < documents.length; position++) {
    for (let f = 0; f < fieldCount; f++, at++) {
      const { ids, counts, length } = fieldTerms[at];
      const boost = fields[f].boost || 1;
      const norm = K1 * (1 - B + B * (length / averages[f]));
      let vector = '';
      for (let i = 0; i < ids.length; i++) {
        const tf = counts[i];
        let score = (idf[ids[i]] * ((K1 + 1) * tf)) / (norm + tf);
        score *= boost;
        // lunr multiplies by the document's boost too, 1 here; and rounds to 3 decimals.
        vector += `${i === 0 ? '' : ','}${ids[i]},${Math.round(score * 1000) / 1000}`;
      }
      out.push(`${at === 0 ? '' : ','}[${JSON.stringify(`${fields[f].name}/${position}`)},[${vector}]]`);
    }
  }
  out.push('],"invertedIndex":[');
  const sorted = termOf.slice().sort();
  for (let t = 0; t < sorted.length; t++) {
    const term = sorted[t];
    const id = numbers.get(term);
    let posting = `{"_index":${id}`;
    for (let f = 0; f < fieldCount; f++) {
      const list = postings[id * fieldCount + f];
      let docs = '';
      for (let i = 0; i < list.length; i++) docs += `${i === 0 ? '' : ','}"${list[i]}":{}`;
      posting += `,${JSON.stringify(fields[f].name)}:{${docs}}`;
    }
    out.push(`${t === 0 ? '' : ','}[${JSON.stringify(term)},${posting}}]`);
  }
  out.push('],"pipeline":[]}');
  return out.join('');
}

module.exports = { serialisedIndex };
