// Runs compromise (npm) over JSONL documents and prints its people(), organizations() and
// places() as PER, ORG and LOC spans in our conventions: code point offsets, no leading
// "the", no person titles, no possessive 's, no surrounding punctuation or spaces.
// Usage: node compromise_ner.js NODE_MODULES_DIR < docs.jsonl > pred.jsonl
const path = require('path');
const readline = require('readline');
let nlp = require(path.join(process.argv[2], 'compromise'));
if (typeof nlp !== 'function' && nlp.default) nlp = nlp.default;

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'president', 'sen', 'senator', 'rep',
  'gov', 'governor', 'mayor', 'judge', 'gen', 'general', 'minister', 'secretary', 'chancellor', 'king', 'queen',
  'prince', 'princess', 'pope', 'rev', 'father', 'ambassador', 'chairman', 'ceo', 'lord', 'lady', 'dame',
  'capt', 'captain', 'lt', 'col', 'sgt', 'officer', 'detective', 'coach']);

// JavaScript string index (UTF-16) -> code point index
function cpIndex(text) {
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (!(c >= 0xD800 && c <= 0xDBFF)) cp++;
  }
  map[text.length] = cp;
  return map;
}

function trim(text, s, e, type) {
  const punct = /[\s.,;:!?"'“”‘’()\[\]{}«»\-–—]/;
  let changed = true;
  while (changed && s < e) {
    changed = false;
    while (s < e && punct.test(text[s]) && text[s] !== '.') { s++; changed = true; }
    while (e > s && punct.test(text[e - 1]) && !(text[e - 1] === '.' && /\b[A-Z]\.?[A-Z]?$/.test(text.slice(s, e - 1)))) { e--; changed = true; }
    const m = /^(the)\s+/i.exec(text.slice(s, e));
    if (m) { s += m[0].length; changed = true; }
    const p = /['’]s?$/.exec(text.slice(s, e));
    if (p && e - p[0].length > s) { e -= p[0].length; changed = true; }
    if (type === 'PER') {
      const t = /^([A-Za-z]+)\.?\s+/.exec(text.slice(s, e));
      if (t && TITLES.has(t[1].toLowerCase()) && s + t[0].length < e) { s += t[0].length; changed = true; }
    }
  }
  return [s, e];
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  const d = JSON.parse(line);
  const text = d.text;
  const map = cpIndex(text);
  const doc = nlp(text);
  const seen = new Map();
  for (const [type, view] of [['PER', doc.people()], ['ORG', doc.organizations()], ['LOC', doc.places()]]) {
    for (const m of view.json({ offset: true })) {
      if (!m.offset) continue;
      let [s, e] = trim(text, Math.max(0, m.offset.start), Math.min(text.length, m.offset.start + m.offset.length), type);
      if (e <= s) continue;
      const key = s + ':' + e;
      if (!seen.has(key)) seen.set(key, { start: map[s], end: map[e], type, text: text.slice(s, e) });
    }
  }
  const ents = [...seen.values()].sort((a, b) => a.start - b.start);
  process.stdout.write(JSON.stringify({ id: d.id, entities: ents }) + '\n');
});
