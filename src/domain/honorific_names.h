#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sigap::domain {

// Honorifics: the words after one are often a person's name ("pak Joko",
// "bu Sari Wulandari"); NameAfterHonorific says when. One rule for both
// of its users: the exports of survey suggestions mask the name
// (MaskHonorificNames), the topic detector drops it (adapt::TextNormalizer),
// so that what an export masks is never a topic alert's term. Besides the
// usual ones, how chats and regions address an officer: "buk" (chat's
// "bu"), "kang" (Sundanese, Javanese), "cak" (East Java), "pakde",
// "bude", "tante", "mbah", "teh" (Sundanese), "om", "bli" (Bali), "uda"
// (Minang), "ning" (Java), "daeng" (Makassar).
inline constexpr std::string_view kHonorifics[] = {
    "pak",  "bapak", "bu",   "ibu", "saudara", "saudari", "mas",   "mbak", "mba",
    "kak",  "kakak", "bang", "buk", "kang",    "cak",     "pakde", "bude", "tante",
    "mbah", "teh",   "om",   "bli", "uda",     "ning",    "daeng"};
// Their abbreviations and the titles written before a name ("dr. Sari",
// "drg. Ani", "Hj. Siti", "Ir. Budi", "Prof. Wahyu"), with or without a full
// stop ("Sdr. Rudi", "Bpk. Slamet"), which then ends no clause.
inline constexpr std::string_view kAbbreviatedHonorifics[] = {"bpk", "sdr", "sdri", "dr",
                                                              "drg", "hj",  "ir",   "prof"};
// Those of the two lists above that are also another word in chats: "dr"
// for "dari" ("laporan dr warga", "dr kemarin"), "teh" tea ("teh manis")
// or a Sundanese particle, "om" a driver's call ("om ojol"), "bli" for
// "beli", "uda" for "udah", "ning" Javanese "in", "daeng" a pedicab
// driver's call. They take a name only when it starts with a capital
// ("dr Sari", "Dr Budi", "DR BUDI", "Teh Rina") or follows an
// abbreviation's full stop ("dr. sari").
inline constexpr std::string_view kHonorificsBeforeACapital[] = {"dr",  "teh",  "om",   "bli",
                                                                 "uda", "ning", "daeng"};

// Words that follow an honorific without being a name: an office ("pak
// lurah", "bu camat", "pak RT") or a noun the honorific is part of ("ibu
// hamil", "ibu kota", "pak ogah").
inline constexpr std::string_view kNotNames[] = {
    "lurah", "camat", "kades", "kadus", "bupati", "walikota", "wali", "wakil", "sekda", "gubernur",
    "kepala", "ketua", "dokter", "bidan", "guru", "polisi", "satpam", "menteri", "presiden",
    "dewan", "rt", "rw", "kota", "hamil", "menyusui", "rumah", "kos", "ogah",
    // Offices, which informal writing puts after "dr" (dari: "surat dr
    // Provinsi") or addresses as a person ("Pak Dinas", "bu Puskesmas").
    "provinsi", "kabupaten", "kecamatan", "kelurahan", "desa", "dinas", "kantor", "puskesmas",
    "rsud", "pemda", "pemkot", "pemkab", "polsek", "polres", "sekolah"};

// The name that follows the honorific text[honorific_begin,
// honorific_end) (one of kHonorifics, or of kAbbreviatedHonorifics with
// `abbreviation`), as a range of `text`'s bytes; empty (begin == end) when
// none does. A name is the first word after the honorific in the same
// clause (after an abbreviation's full stop too: "Sdr. Rudi"), with the
// capitalised words that follow it when it is capitalised itself ("Bu Sari
// Wulandari"; in "bu sari pelayanannya" only "sari"). Not a name:
// kNotNames ("pak lurah", "ibu hamil"), a word without a capital after
// one of kHonorificsBeforeACapital ("laporan dr warga"), another
// honorific ("Bapak/Ibu Sari": Sari is), a word with a digit, a word
// after a full stop or other mark ("terima kasih pak. Loketnya ...") or
// an uncapitalised one after a comma ("Bu, Sari" is a name, "pak, depan
// kantor" is not), the common words that follow an honorific in a
// sentence ("pak atas", "bu yang", "ibu petugas"). Nor is a word after an
// honorific that is only part of a word ("Pak'Joko"). A guess from the
// words alone: a name that is a common word ("pak Budi Baik") is kept or
// masked as any other word there, and so is a word after "Mas" ending a
// place's name ("Tanjung Mas Semarang").
//
// A word is a run of ASCII letters and digits, bytes of non-ASCII
// characters, and apostrophes between letters ("Ma'ruf"). Reads `text`
// as written (capitals tell a name's words), allocates nothing.
struct NameRange {
  size_t begin = 0;
  size_t end = 0;
};
NameRange NameAfterHonorific(std::string_view text, size_t honorific_begin, size_t honorific_end,
                             bool abbreviation);

// `text` with each name NameAfterHonorific finds (after every honorific,
// in any case) replaced by "[disamarkan]": "Terima kasih Bu Sari
// Wulandari, cepat" becomes "Terima kasih Bu [disamarkan], cepat".
std::string MaskHonorificNames(std::string_view text);

// A survey suggestion (saran) as every export shows it: an SKM response is
// anonymous (PermenPAN-RB 14/2017), so MaskContactDetails, then
// MaskHonorificNames.
std::string MaskSuggestion(std::string_view text);

}  // namespace sigap::domain
