// The catalogue search of the portal. A Pemda writes its catalogue in
// Bahasa Indonesia; a citizen reading the portal in English searches in
// English ("ID card", "damaged road", "rubbish"), so common English words
// of public services are also looked up as the Indonesian words a
// catalogue uses. A query word (or two-word phrase) matches when the
// service's text holds it or one of its Indonesian words; every part of
// the query must match.
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

// The query's parts: known two-word phrases first, then single words.
function parts(query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; ++i) {
    const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : '';
    if (pair && ENGLISH[pair]) {
      out.push(pair);
      ++i;
    } else {
      out.push(words[i]);
    }
  }
  return out;
}

// The words each part of `query` may appear as in a catalogue.
export function searchTerms(query: string): string[][] {
  return parts(query).map((part) => [part, ...(ENGLISH[part] ?? [])]);
}

// Whether `service` answers every part of the query (searchTerms).
export function matchesService(service: Service, terms: string[][]): boolean {
  const text = [service.name, service.description, service.group, ...service.keywords].join(' ').toLowerCase();
  return terms.every((alternatives) => alternatives.some((w) => text.includes(w)));
}
