// The catalogue search of the portal, on the catalogue the phone already
// holds (no round trip on a slow connection). A citizen types the words of
// their problem ("sampah menumpuk", "jalan rusak depan sekolah"), not the
// service's name: a service is found when any of the words matches its
// name, group, keywords, description or Standar Pelayanan, and the
// services are ranked by how many of the words they match (then by where:
// the name and keywords weigh more than the standard's text). A word
// matches another form of it ("menumpuk", "numpuk", "tumpukan" are all
// "tumpuk"; see stems) and a word being typed matches the words it begins
// ("samp" finds "sampah"). Words that say nothing of a service ("di",
// "yang", "sudah") are passed over.
//
// A Pemda writes its catalogue in Bahasa Indonesia; a citizen reading the
// portal in English searches in English ("ID card", "damaged road",
// "rubbish"), so common English words of public services are also looked
// up as the Indonesian words a catalogue uses.
import type { Service } from '../types';

// English word or phrase → Indonesian words a catalogue writes.
const ENGLISH: Record<string, string[]> = {
  'id card': ['ktp', 'kartu tanda penduduk'],
  'identity card': ['ktp', 'kartu tanda penduduk'],
  'family card': ['kartu keluarga'],
  'family register': ['kartu keluarga'],
  'birth certificate': ['akta kelahiran', 'akte kelahiran'],
  'death certificate': ['akta kematian', 'akte kematian'],
  'street light': ['penerangan jalan', 'lampu jalan', 'pju'],
  'street lights': ['penerangan jalan', 'lampu jalan', 'pju'],
  'street lighting': ['penerangan jalan', 'lampu jalan', 'pju'],
  'traffic light': ['lampu merah', 'apill', 'traffic light'],
  'traffic lights': ['lampu merah', 'apill', 'traffic light'],
  'fallen tree': ['pohon tumbang'],
  'street vendor': ['pedagang kaki lima', 'pkl'],
  'street vendors': ['pedagang kaki lima', 'pkl'],
  'social assistance': ['bantuan sosial', 'bansos'],
  'health insurance': ['jaminan kesehatan', 'bpjs', 'jkn'],
  'public information': ['informasi publik'],
  'drinking water': ['air minum', 'pdam'],
  'water supply': ['air minum', 'pdam'],
  road: ['jalan'],
  roads: ['jalan'],
  street: ['jalan'],
  pothole: ['berlubang', 'lubang'],
  potholes: ['berlubang', 'lubang'],
  damaged: ['rusak'],
  broken: ['rusak', 'mati'],
  bridge: ['jembatan'],
  sidewalk: ['trotoar'],
  pavement: ['trotoar'],
  rubbish: ['sampah'],
  garbage: ['sampah'],
  trash: ['sampah'],
  litter: ['sampah'],
  waste: ['sampah', 'limbah'],
  cleanliness: ['kebersihan'],
  pollution: ['pencemaran', 'polusi'],
  smell: ['bau'],
  smoke: ['asap'],
  flood: ['banjir', 'genangan'],
  flooding: ['banjir', 'genangan'],
  drain: ['saluran', 'drainase', 'selokan'],
  drains: ['saluran', 'drainase', 'selokan'],
  drainage: ['drainase', 'saluran'],
  sewer: ['saluran', 'selokan', 'gorong-gorong'],
  river: ['sungai', 'kali'],
  water: ['air'],
  pipe: ['pipa'],
  leak: ['bocor'],
  tree: ['pohon'],
  trees: ['pohon'],
  park: ['taman'],
  parks: ['taman'],
  parking: ['parkir'],
  traffic: ['lalu lintas', 'macet'],
  bus: ['bus', 'brt', 'angkutan umum'],
  noise: ['kebisingan', 'berisik'],
  noisy: ['kebisingan', 'berisik'],
  disaster: ['bencana'],
  landslide: ['longsor'],
  storm: ['angin kencang', 'puting beliung'],
  health: ['kesehatan'],
  clinic: ['puskesmas'],
  doctor: ['dokter'],
  medicine: ['obat'],
  dengue: ['dbd', 'demam berdarah'],
  mosquito: ['nyamuk'],
  poverty: ['kemiskinan', 'miskin'],
  poor: ['miskin'],
  aid: ['bantuan'],
  assistance: ['bantuan'],
  homeless: ['gelandangan', 'terlantar'],
  beggar: ['pengemis'],
  beggars: ['pengemis'],
  house: ['rumah'],
  housing: ['rumah', 'perumahan'],
  grave: ['makam'],
  cemetery: ['makam', 'pemakaman'],
  vehicle: ['kendaraan'],
  permit: ['izin'],
  licence: ['izin'],
  license: ['izin'],
  information: ['informasi'],
  complaint: ['pengaduan'],
  bribe: ['suap', 'pungli'],
  bribery: ['suap', 'pungli'],
  extortion: ['pungutan liar', 'pungli'],
  corruption: ['korupsi'],
};

// The Indonesian words of an English word or phrase (own keys only: a
// query "constructor" is no phrase).
function english(part: string): string[] | undefined {
  return Object.hasOwn(ENGLISH, part) ? ENGLISH[part] : undefined;
}

// Words of a query that say nothing about which service is meant.
const STOPWORDS = new Set([
  'ada', 'adalah', 'agar', 'akan', 'aku', 'atau', 'bagi', 'banyak', 'belum', 'bisa', 'bu', 'dan',
  'dari', 'dengan', 'di', 'dia', 'ini', 'itu', 'jadi', 'juga', 'kami', 'karena', 'ke', 'kita',
  'lagi', 'masih', 'mau', 'mereka', 'mohon', 'nya', 'oleh', 'pada', 'pak', 'para', 'saja', 'sangat',
  'saya', 'sekali', 'sudah', 'tapi', 'tidak', 'tolong', 'untuk', 'yang',
  'a', 'an', 'and', 'are', 'at', 'for', 'from', 'i', 'in', 'is', 'my', 'near', 'no', 'not', 'of',
  'on', 'or', 'our', 'please', 'the', 'there', 'to', 'very', 'with',
]);

// Lower-case words of a text, accents and punctuation gone ("KTP-el" is
// "ktp" and "el").
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const VOWEL = /^[aiueo]/;

// The forms a word may be the stem of, the word itself first: Indonesian
// affixes taken off (particles -lah/-kah/-pun, possessives -nya/-ku/-mu,
// suffixes -kan/-an/-i; prefixes di-, ke-, se-, ter-, ber-, per-, me-, pe-,
// a nasal me-/pe- with the letter it replaced: "menumpuk" is "tumpuk",
// "memperbaiki" "perbaiki" and "baik", "penyapuan" "sapu"), and the spoken
// nasal form ("numpuk" for "tumpuk", "nyapu" for "sapu"). Several forms
// because the rules are ambiguous ("men" + vowel may have been t- or
// n-): two words match when they share one. Forms shorter than four
// letters are left out, where unrelated words would meet.
export function stems(word: string): string[] {
  const out = new Set<string>([word]);
  if (!/^[a-z]{4,}$/.test(word)) return [...out];
  const add = (w: string) => {
    if (w.length >= 4) out.add(w);
  };
  const bases = new Set<string>([word]);
  for (const particle of ['lah', 'kah', 'pun', 'nya', 'ku', 'mu']) {
    if (word.endsWith(particle) && word.length - particle.length >= 4) bases.add(word.slice(0, -particle.length));
  }
  for (const b of [...bases]) {
    for (const suffix of ['kan', 'an', 'i']) {
      if (b.endsWith(suffix) && b.length - suffix.length >= 4) bases.add(b.slice(0, -suffix.length));
    }
  }
  const unprefix = (w: string, depth: number) => {
    add(w);
    if (depth === 0) return;
    const next = (rest: string) => rest.length >= 4 && unprefix(rest, depth - 1);
    const nasal = (prefix: string): string => (w.startsWith(`me${prefix}`) || w.startsWith(`pe${prefix}`) ? w.slice(2 + prefix.length) : '');
    // me-/pe- with a nasal: the letter the nasal replaced comes back.
    const ny = nasal('ny');
    const ng = nasal('ng');
    const m = nasal('m');
    const n = nasal('n');
    if (VOWEL.test(ny)) next(`s${ny}`);
    else if (/^[aiueoghk]/.test(ng)) {
      next(ng);
      if (VOWEL.test(ng)) next(`k${ng}`);
    } else if (/^[bfvp]/.test(m)) next(m);
    else if (VOWEL.test(m)) next(`p${m}`);
    else if (/^[cdjz]/.test(n)) next(n);
    else if (VOWEL.test(n)) next(`t${n}`);
    // me-/pe- before l, w, y, and r, m, n and a vowel ("melapor",
    // "merusak", "menanam"); not per- ("perbaikan").
    if (/^(me|pe)([lwy]|[rmn][aiueo])/.test(w)) next(w.slice(2));
    for (const prefix of ['di', 'ke', 'se', 'ter', 'ber', 'per']) {
      if (w.startsWith(prefix)) next(w.slice(prefix.length));
    }
    // The spoken nasal form without me-: "nyapu", "ngecat", "numpuk".
    if (/^ny[aiueo]/.test(w)) next(`s${w.slice(2)}`);
    else if (/^ng[aiueo]/.test(w)) next(`k${w.slice(2)}`);
    else if (/^n[aiueo]/.test(w)) next(`t${w.slice(1)}`);
  };
  for (const b of bases) unprefix(b, 2);
  return [...out];
}

// The query's parts: known English two-word phrases first, then single
// words; words that name no service are left out.
function parts(query: string): string[] {
  const list = words(query);
  const out: string[] = [];
  for (let i = 0; i < list.length; ++i) {
    const pair = i + 1 < list.length ? `${list[i]} ${list[i + 1]}` : '';
    if (pair && english(pair)) {
      out.push(pair);
      ++i;
    } else if (!STOPWORDS.has(list[i]) && list[i].length >= 2) {
      out.push(list[i]);
    }
  }
  return out;
}

// The words each part of `query` may appear as in a catalogue: the part
// itself and its Indonesian words (a phrase of several words is matched
// as a phrase).
export function searchTerms(query: string): string[][] {
  return parts(query).map((part) => [part, ...(english(part) ?? [])]);
}

// Where in a service a word was found, and how much that says.
const WEIGHTS = { name: 4, keywords: 3, group: 2, description: 2, standard: 1 } as const;
type Place = keyof typeof WEIGHTS;

// A service's words by place, read once per catalogue (SearchIndex).
interface Indexed {
  service: Service;
  text: Record<Place, string>; // the place's words joined by one space, for phrases
  forms: Record<Place, Set<string>>; // every stem of every word
  words: Record<Place, string[]>; // for words being typed
}

export type SearchIndex = Indexed[];

export function searchIndex(services: Service[]): SearchIndex {
  return services.map((service) => {
    const s = service.standard;
    const texts: Record<Place, string[]> = {
      name: words(service.name),
      keywords: words(service.keywords.join(' ')),
      group: words(service.group),
      description: words(service.description),
      standard: words(
        [
          ...(s?.requirements ?? []),
          ...(s?.procedure ?? []),
          s?.product ?? '',
          ...(s?.attributes ?? []).flatMap((a) => [a.description, ...(a.values ?? []).map((v) => v.name)]),
        ].join(' '),
      ),
    };
    const entry = { service, text: {}, forms: {}, words: {} } as Indexed;
    for (const place of Object.keys(WEIGHTS) as Place[]) {
      entry.words[place] = texts[place];
      entry.text[place] = ` ${texts[place].join(' ')} `;
      entry.forms[place] = new Set(texts[place].flatMap(stems));
    }
    return entry;
  });
}

// Whether `alternative` (a word or phrase) is in a place of the service.
function found(entry: Indexed, place: Place, alternative: string): boolean {
  const asWords = words(alternative);
  if (asWords.length !== 1) return asWords.length > 1 && entry.text[place].includes(` ${asWords.join(' ')} `);
  const word = asWords[0];
  if (stems(word).some((f) => entry.forms[place].has(f))) return true;
  // A word being typed: the start of a word of the service.
  return word.length >= 3 && entry.words[place].some((w) => w.startsWith(word));
}

// The services that match any part of the query, best first: most parts
// matched, then the weightiest places, then by name. Empty for a query of
// no words.
export function searchServices(index: SearchIndex, terms: string[][]): Service[] {
  if (terms.length === 0) return [];
  const scored: { service: Service; matched: number; weight: number }[] = [];
  for (const entry of index) {
    let matched = 0;
    let weight = 0;
    for (const alternatives of terms) {
      let best = 0;
      for (const place of Object.keys(WEIGHTS) as Place[]) {
        if (WEIGHTS[place] > best && alternatives.some((a) => found(entry, place, a))) best = WEIGHTS[place];
      }
      if (best > 0) {
        matched++;
        weight += best;
      }
    }
    if (matched > 0) scored.push({ service: entry.service, matched, weight });
  }
  scored.sort(
    (a, b) => b.matched - a.matched || b.weight - a.weight || a.service.name.localeCompare(b.service.name, 'id'),
  );
  return scored.map((s) => s.service);
}
