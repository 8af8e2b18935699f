#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>
#include <span>

#include "adapt/adjacency.h"
#include "adapt/text_normalizer.h"
#include "domain/honorific_names.h"

namespace sigap::adapt {
namespace {

TEST(TextNormalizer, LowerCasesStripsPunctuationStopWordsNumbersAndRepeats) {
  const TextNormalizer normalizer;

  const auto terms =
      normalizer.Terms("Jalan RUSAK di depan rumah, tolong!! Jalan 2 kali (RT.05) berlubang");

  // "rt" is a part of the address, a form's word: no term.
  EXPECT_EQ(terms,
            (std::vector<std::string>{"jalan", "rusak", "depan", "rumah", "kali", "berlubang"}));
}

// A reporter's e-mail address became a topic alert's words ("wp, wp
// contoh"): an address is no term, and no bigram joins across it.
TEST(TextNormalizer, AnEMailAddressIsNoTerm) {
  const TextNormalizer normalizer;

  const auto terms = normalizer.Terms(
      "Lampu mati, balas ke kancilmerah.sby@posku.id\tatau\n(zulkarnaen.wp@contoh.id) padam");
  const auto bigrams = TextNormalizer::Scan("lampu mati kancil@posku.id lampu mati", true);

  EXPECT_EQ(terms, (std::vector<std::string>{"lampu", "mati", "balas", "padam"}));
  std::vector<std::string> pairs;
  for (const auto& t : bigrams) pairs.emplace_back(t.text);
  EXPECT_EQ(pairs, (std::vector<std::string>{"lampu", "mati", "lampu mati"}));
}

// Reports name the people they speak of after an honorific ("pak Joko",
// "bu Ani", "Sdr. Rudi"): the name is no term, nor part of a bigram; an
// office or a noun after one ("pak lurah", "ibu hamil") still is, and so is
// the first word of the next clause.
TEST(TextNormalizer, TheWordAfterAnHonorificIsANameAndNoTerm) {
  const TextNormalizer normalizer;

  EXPECT_EQ(normalizer.Terms("Pungli oleh pak Joko dan Bu ANI, juga Sdr. Rudi serta bpk Slamet"),
            std::vector<std::string>{"pungli"});
  EXPECT_EQ(normalizer.Terms("Bapak/Ibu Saudara Wahyuni mas Bejo mbak Sri pungutan"),
            (std::vector<std::string>{"pungutan"}));
  EXPECT_EQ(normalizer.Terms("Pak Lurah menolak, ibu hamil tidak dilayani di ibu kota"),
            (std::vector<std::string>{"lurah", "menolak", "hamil", "dilayani", "kota"}));
  EXPECT_EQ(normalizer.Terms("Terima kasih pak. Jalan rusak, bu: lampu mati"),
            (std::vector<std::string>{"jalan", "rusak", "lampu", "mati"}));
  std::vector<std::string> pairs;
  for (const auto& t : TextNormalizer::Scan("pungli pak Joko pungli", true)) {
    pairs.emplace_back(t.text);
  }
  EXPECT_EQ(pairs, std::vector<std::string>{"pungli"});
}

// Colloquial and regional honorifics are no term, nor the name after one;
// the word after one that is another word too is a term when it has no
// capital ("teh manis").
TEST(TextNormalizer, ColloquialHonorificsAndTheirNamesAreNoTerms) {
  const TextNormalizer normalizer;

  EXPECT_EQ(normalizer.Terms("makasih buk Sari, kang emil dan Cak Eri pungli"),
            (std::vector<std::string>{"makasih", "pungli"}));
  EXPECT_EQ(normalizer.Terms("teh manis mahal, Teh Rina ketus, om ojol parkir"),
            (std::vector<std::string>{"manis", "mahal", "ketus", "ojol", "parkir"}));
}

// Chats write "dari" as "dr": the word after a lowercase "dr" is a term
// ("rujukan dr puskesmas"), the name after a doctor's title is not.
TEST(TextNormalizer, TheWordAfterDrForDariIsATerm) {
  const TextNormalizer normalizer;

  EXPECT_EQ(normalizer.Terms("rujukan dr puskesmas ditolak dr. Sari Dewi"),
            (std::vector<std::string>{"rujukan", "puskesmas", "ditolak"}));
  EXPECT_EQ(normalizer.Terms("antre dr kemarin, dr Budi tidak datang"),
            (std::vector<std::string>{"antre", "kemarin", "datang"}));
}

// Regression: only the first word after an honorific was dropped, so a
// person's surname ("pak Joko Widodo") or a name after a comma ("Bu,
// Sari") became a topic alert's term, shown to leaders. The whole name
// is dropped, by the rule the exports mask it with; so are the bigrams
// that would join it.
TEST(TextNormalizer, AWholeNameAfterAnHonorificIsNoTermNorPartOfABigram) {
  const auto scan = [](std::string_view text) {
    std::vector<std::string> terms;
    for (const auto& t : TextNormalizer::Scan(text, true)) terms.emplace_back(t.text);
    return terms;
  };

  EXPECT_EQ(scan("pungli pak Joko Widodo pungutan liar"),
            (std::vector<std::string>{"pungli", "pungutan", "liar", "pungutan liar"}));
  EXPECT_EQ(scan("Bu Sari Wulandari membantu"), std::vector<std::string>{"membantu"});
  EXPECT_EQ(scan("Pak Ma'ruf Amin datang"), std::vector<std::string>{"datang"});
  EXPECT_EQ(scan("loket Bu, Sari Wulandari marah"), (std::vector<std::string>{"loket", "marah"}));
  // An uncapitalised name is one word; an uncapitalised word after a
  // comma, or a common word, is none.
  EXPECT_EQ(scan("bu sari pelayanannya cepat"),
            (std::vector<std::string>{"pelayanannya", "cepat", "pelayanannya cepat"}));
  EXPECT_EQ(scan("macet pak, depan kantor"),
            (std::vector<std::string>{"macet", "depan", "kantor", "depan kantor"}));
  EXPECT_EQ(scan("Bapak/Ibu petugas ramah"),
            (std::vector<std::string>{"petugas", "ramah", "petugas ramah"}));
}

TEST(TextNormalizer, KeepsEachTermOnceInOrderOfFirstAppearanceInLongTexts) {
  const TextNormalizer normalizer;
  // 400 distinct words, each written three times in different cases, with
  // numbers, stop words and one-letter words between them.
  std::string text;
  std::vector<std::string> expected;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 400; ++i) {
      std::string word = "kata" + std::to_string(i) + "x";
      if (round == 0) expected.push_back(word);
      if (round == 1) word[0] = 'K';
      text += word + " yang 2026 a, ";
    }
  }

  EXPECT_EQ(normalizer.Terms(text), expected);
  // The scratch of the long text does not leak into a short one.
  EXPECT_EQ(normalizer.Terms("kata1x Banjir"), (std::vector<std::string>{"kata1x", "banjir"}));
}

TEST(TextNormalizer, KeepsMultiByteWordsAndGivesEachTermItsHash) {
  const TextNormalizer normalizer;

  const auto terms = TextNormalizer::Scan("Café café JALAN-rusak");

  ASSERT_EQ(terms.size(), 3U);
  EXPECT_EQ(terms[0].text, "caf\xc3\xa9");
  EXPECT_EQ(terms[1].text, "jalan");
  EXPECT_EQ(terms[2].text, "rusak");
  for (const auto& term : terms) EXPECT_EQ(term.hash, TextNormalizer::Hash(term.text));
  EXPECT_TRUE(TextNormalizer::IsStopWord("yang"));
  EXPECT_FALSE(TextNormalizer::IsStopWord("yan"));
  // The frame of a form (address, contact, follow-up) says nothing of a topic.
  for (const char* form : {"hubungi", "kel", "rt", "rw", "jl", "yth", "ditindaklanjuti", "tdk"}) {
    EXPECT_TRUE(TextNormalizer::IsStopWord(form)) << form;
  }
  for (const char* topic : {"banjir", "jalan", "sampah", "desa", "bantuan", "kk"}) {
    EXPECT_FALSE(TextNormalizer::IsStopWord(topic)) << topic;
  }
  EXPECT_TRUE(normalizer.Terms("").empty());
  EXPECT_TRUE(normalizer.Terms("di, ke; 12 345 x").empty());
}

// The lists' words are found by their hash and their first sixteen bytes:
// every honorific and abbreviation, stop words of every length up to the
// longest, and no word that differs from one of them by a byte, a byte
// more or less, or bytes past the sixteenth; as a word of a text too,
// where the scanner reads sixteen bytes from its start whatever follows.
TEST(TextNormalizer, FindsEveryListedWordAndNoWordThatDiffersFromOne) {
  std::vector<std::string> listed = {"di",
                                     "ke",
                                     "yang",
                                     "dari",
                                     "dengan",
                                     "sekitar",
                                     "perhatian",
                                     "informasinya",
                                     "terimakasih",
                                     "ditindaklanjuti",
                                     "assalamualaikum"};
  for (const auto lists : {std::span<const std::string_view>(domain::kHonorifics),
                           std::span<const std::string_view>(domain::kAbbreviatedHonorifics)}) {
    for (const auto word : lists) listed.emplace_back(word);
  }
  for (const auto& word : listed) {
    EXPECT_TRUE(TextNormalizer::IsStopWord(word)) << word;
    std::string other = word;
    other.back() = other.back() == 'q' ? 'z' : 'q';
    std::vector<std::string> near = {word + "q", word.substr(0, word.size() - 1), other,
                                     word + word, word + "xxxxxxxxxxxxxxxx"};
    for (const auto& miss : near) {
      if (std::find(listed.begin(), listed.end(), miss) != listed.end() || miss.size() < 2 ||
          miss == "kan") {  // "kang" less its last letter: a stop word of its own
        continue;
      }
      EXPECT_FALSE(TextNormalizer::IsStopWord(miss)) << miss;
      // Last in the text: the padding is all that follows.
      const auto terms = TextNormalizer::Scan("banjir " + miss);
      ASSERT_EQ(terms.size(), 2U) << miss;
      EXPECT_EQ(terms[1].text, miss) << word;
    }
    EXPECT_EQ(TextNormalizer::Scan("banjir " + word).size(), 1U) << word;
  }
}

TEST(TextNormalizer, TellsApartWordsThatShareTheirFirstBytesWhateverTheirLength) {
  // Words are hashed eight bytes at a time: lengths around 8 and 16, and
  // words equal but for their last byte or their length.
  const std::string text =
      "perbaika perbaikan perbaikanx PERBAIKAN pembangunan pembangunanjalan "
      "pembangunanjala pembangunanjalanx ab abc";

  const auto scanned = TextNormalizer::Scan(text, true);
  std::vector<std::string> terms;
  std::set<uint64_t> hashes;
  for (const auto& t : scanned) {
    terms.emplace_back(t.text);
    hashes.insert(t.hash);
    EXPECT_EQ(t.hash, TextNormalizer::Hash(t.text)) << t.text;
  }

  EXPECT_EQ(terms, (std::vector<std::string>{
                       "perbaika", "perbaikan", "perbaika perbaikan", "perbaikanx",
                       "perbaikan perbaikanx", "perbaikanx perbaikan", "pembangunan",
                       "perbaikan pembangunan", "pembangunanjalan", "pembangunan pembangunanjalan",
                       "pembangunanjala", "pembangunanjalan pembangunanjala", "pembangunanjalanx",
                       "pembangunanjala pembangunanjalanx", "ab", "pembangunanjalanx ab", "abc",
                       "ab abc"}));
  EXPECT_EQ(hashes.size(), terms.size());
  // A bigram's hash depends on the order of its words.
  EXPECT_NE(TextNormalizer::Hash("jalan rusak"), TextNormalizer::Hash("rusak jalan"));
}

TEST(TextNormalizer, PairsWordsThatStandSideBySideIntoBigrams) {
  std::vector<std::string> terms;
  for (const auto& t :
       TextNormalizer::Scan("Jalan rusak di depan rumah, rusak parah. Jalan RUSAK (lagi)", true)) {
    terms.emplace_back(t.text);
    EXPECT_EQ(t.hash, TextNormalizer::Hash(t.text));
  }

  // No pair across a dropped word ("di"), a comma or a full stop; each once.
  EXPECT_EQ(terms, (std::vector<std::string>{"jalan", "rusak", "jalan rusak", "depan", "rumah",
                                             "depan rumah", "parah", "rusak parah"}));
  // Without bigrams, the words alone.
  EXPECT_EQ(TextNormalizer::Scan("Jalan rusak parah").size(), 3U);
}

// What Scan should give, written the plain way: the names after
// honorifics masked as the exports mask them (domain::MaskHonorificNames),
// then words split, lowered, filtered and paired one string at a time.
std::vector<std::string> PlainTerms(std::string_view original, bool bigrams) {
  const std::string text = domain::MaskHonorificNames(original);
  std::vector<std::string> terms;
  const auto add = [&](const std::string& term) {
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
  };
  std::string word, previous;
  const auto end_word = [&] {
    if (word.empty()) return;
    const bool digits = word.find_first_not_of("0123456789") == std::string::npos;
    if (word.size() < 2 || digits || TextNormalizer::IsStopWord(word) || word == "disamarkan") {
      previous.clear();
    } else {
      add(word);
      if (bigrams && !previous.empty()) add(previous + " " + word);
      previous = word;
    }
    word.clear();
  };
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || u >= 0x80) {
      word += static_cast<char>(std::tolower(u));
      continue;
    }
    end_word();
    if (std::string_view(".,;:!?()\n").find(c) != std::string_view::npos) previous.clear();
  }
  end_word();
  return terms;
}

// One rule for names, two users: what an export of survey suggestions
// masks (domain::MaskHonorificNames) is never a term, nor in a bigram, and
// the words it keeps are scanned as any others. The sentences of the
// masking's own tests, and a few more.
TEST(TextNormalizer, DropsTheNamesTheExportsMaskAndNoOtherWord) {
  for (const char* text : {"Terima kasih Bu Sari, pelayanannya cepat",
                           "Pak Joko di loket 3 ramah",
                           "dilayani ibu Ratna dan bapak Slamet",
                           "Mas Andi dan Mbak Rina sabar",
                           "Saudara Rudi membantu",
                           "Terima kasih Sdr. Rudi",
                           "sdri.Wati baik",
                           "Bpk Slamet",
                           "Terima kasih dr. Sari Dewi, ramah sekali",
                           "drg Ani teliti",
                           "Hj. Siti di loket sabar",
                           "Ir. Budi dan Prof. Wahyu",
                           "kak Rina di loket 2 cepat, bang Ucok juga",
                           "kakak saya dilayani dengan baik",
                           "terima kasih bu sari pelayanannya cepat",
                           "TERIMA KASIH BU SARI",
                           "PAK budi",
                           "Bu Sari Wulandari sangat membantu.",
                           "pak Budi Santoso!",
                           "Pak Ma'ruf Amin (loket 2)",
                           "Pak lurah sudah datang",
                           "Bu Camat meninjau",
                           "ruang ibu hamil sempit",
                           "terima kasih pak atas bantuannya",
                           "Bapak/Ibu petugas ramah",
                           "terima kasih pak. Loketnya bersih",
                           "terima kasih, bu",
                           "Ibu kota",
                           "pak 2 orang",
                           "Bapak/Ibu Sari",
                           "Bu, Sari di mana?",
                           "Mohon maaf Pak, Budi Santoso belum datang",
                           "Mohon maaf pak, saya mau bertanya soal KTP",
                           "Pak, mohon pencerahan",
                           "trims pak, Terima Kasih",
                           "macet pak, depan RRI",
                           "Pak, Saya warga Tembalang",
                           "BU, SARI DI MANA",
                           "pungli pak Joko Widodo pungutan liar",
                           "Pak Hanya Sari datang",
                           "Joko'Pak Rudi datang",
                           "Pak'Joko datang",
                           "laporan dr warga belum dijawab",
                           "antre dr kemarin pagi",
                           "rujukan dr puskesmas ditolak",
                           "Dr bedah minta operasi",
                           "Terima kasih dr Sari Dewi",
                           "Dr Budi ramah",
                           "TERIMA KASIH DR BUDI",
                           "dr. sari dan dr.budi ramah",
                           "drg. Ani dan drg ani",
                           "makasih buk Sari, cepat",
                           "tolong kang emil kgb itu hak PNS",
                           "Cak Eri, Pakde Karwo dan bude Ani",
                           "tante Rina dan Mbah Marijan",
                           "buk saya mau tanya",
                           "Teh Rina, Om Budi, Bli Made Wirawan ramah",
                           "Uda Rizal, Ning Ayu dan Daeng Rani",
                           "teh manis di kantin mahal",
                           "om ojol parkir di trotoar",
                           "mau bli token tidak bisa",
                           "uda sering dilaporkan",
                           "banjir ning kono",
                           "daeng becak mangkal di halte",
                           "pak RT/RW setempat malah meminta uang",
                           "Bu RW datang"}) {
    std::vector<std::string> terms;
    for (const auto& t : TextNormalizer::Scan(text, true)) terms.emplace_back(t.text);

    EXPECT_EQ(terms, PlainTerms(text, true)) << text;
  }
}

// Random texts of words (stop words, numbers, capitals, multi-byte and
// long ones, honorifics, abbreviated ones and names), separated by one or
// more spaces, dashes, punctuation or line breaks, scanned as Scan and
// ScannedTexts do, against the plain way.
TEST(TextNormalizer, ScansRandomTextsAsThePlainWayDoes) {
  const std::vector<std::string> words = {"jalan",
                                          "Rusak",
                                          "di",
                                          "DEPAN",
                                          "rumah",
                                          "a",
                                          "12",
                                          "3b",
                                          "yang",
                                          "saluran",
                                          "tersumbat",
                                          "sampah",
                                          "kelurahan",
                                          "Tandang",
                                          "b\xc3\xa9"
                                          "cak",
                                          "\xc3\xa9",
                                          "x",
                                          "pembangunan_jembatan",
                                          "penanggulanganbencanadaerah",
                                          "RT05",
                                          "2024",
                                          "banjir",
                                          "Pak",
                                          "ibu",
                                          "Joko",
                                          "hamil",
                                          "Sari",
                                          "Wulandari",
                                          "W",
                                          "petugas",
                                          "Bu",
                                          "Sdr",
                                          "dr",
                                          "Dr",
                                          "kang",
                                          "Teh",
                                          "teh",
                                          "Hanya"};
  const std::vector<std::string> gaps = {" ",  " ", " ", "  ", " - ", ", ", ". ", ".",
                                         "\n", "/", "(", ") ", "\t",  "!",  "'"};
  std::mt19937 rng(20261203);
  ScannedTexts scanned;
  std::vector<std::string> texts;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(0, 120)(rng);
    for (int k = 0; k < n; ++k) {
      if (std::uniform_int_distribution<int>(0, 2)(rng) > 0) {
        text += gaps[std::uniform_int_distribution<size_t>(0, gaps.size() - 1)(rng)];
      }
      text += words[std::uniform_int_distribution<size_t>(0, words.size() - 1)(rng)];
    }
    texts.push_back(text);
  }
  for (const bool bigrams : {true, false}) {
    scanned.Clear();
    for (const auto& text : texts) scanned.Add(text, bigrams);
    for (size_t i = 0; i < texts.size(); ++i) {
      const std::vector<std::string> want = PlainTerms(texts[i], bigrams);
      std::vector<std::string> got, kept;
      for (const auto& t : TextNormalizer::Scan(texts[i], bigrams)) {
        got.emplace_back(t.text);
        EXPECT_EQ(t.hash, TextNormalizer::Hash(t.text)) << t.text;
      }
      for (const auto& t : scanned.Terms(i)) kept.emplace_back(t.text);
      ASSERT_EQ(got, want) << texts[i];
      ASSERT_EQ(kept, want) << texts[i];
    }
  }
}

// A replay scans a batch's texts ahead of the detectors: each text's terms
// come back as Scan gave them, after many other texts were scanned.
TEST(ScannedTexts, GivesBackEachTextsTermsAsScanGaveThem) {
  const std::vector<std::string> texts = {
      "Jalan rusak di depan rumah, rusak parah.", "", "di, ke; 12 345 x",
      "Banjir di Kel. Tandang: saluran tersumbat sampah", std::string(2000, 'a') + " jalan rusak"};
  ScannedTexts scanned;
  std::vector<size_t> index;
  for (int round = 0; round < 50; ++round) {
    for (const auto& text : texts) index.push_back(scanned.Add(text, true));
  }

  for (size_t i = 0; i < index.size(); ++i) {
    std::vector<std::pair<std::string, uint64_t>> want, got;
    for (const auto& t : TextNormalizer::Scan(texts[i % texts.size()], true)) {
      want.emplace_back(t.text, t.hash);
    }
    for (const auto& t : scanned.Terms(index[i])) got.emplace_back(t.text, t.hash);
    EXPECT_EQ(got, want) << i;
  }
  EXPECT_EQ(scanned.Terms(index[0]).size(), 8U);  // 5 words, 3 bigrams
  EXPECT_TRUE(scanned.Terms(index[1]).empty());
  EXPECT_TRUE(scanned.Terms(index[2]).empty());

  // Cleared, it is used again (a replay's batches take turns).
  scanned.Clear();
  EXPECT_EQ(scanned.Add("saluran tersumbat", true), 0U);
  ASSERT_EQ(scanned.Terms(0).size(), 3U);
  EXPECT_EQ(scanned.Terms(0)[2].text, "saluran tersumbat");
}

TEST(Adjacency, RegionsSharingAnEdgeOrCornerAreNeighboursOthersAreNot) {
  auto square = [](double x, double y) {
    Outline o;
    o.rings.push_back({{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}});
    return o;
  };
  // 0 and 1 share an edge, 2 touches 1 at a corner (within 1e-4), 3 is apart.
  std::vector<Outline> outlines = {square(0, 0), square(1, 0), square(2.00005, 1), square(5, 5)};

  const auto neighbours = DeriveAdjacency(outlines, 1e-4);

  EXPECT_EQ(neighbours[0], (std::vector<uint16_t>{1}));
  EXPECT_EQ(neighbours[1], (std::vector<uint16_t>{0, 2}));
  EXPECT_EQ(neighbours[2], (std::vector<uint16_t>{1}));
  EXPECT_TRUE(neighbours[3].empty());
}

}  // namespace
}  // namespace sigap::adapt
