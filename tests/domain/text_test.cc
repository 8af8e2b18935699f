#include "domain/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/ascii.h"
#include "domain/fnv.h"

namespace sigap::domain {
namespace {

// Each sequence placed at every offset from 0 to 20 in ASCII text, so that
// it falls before, across and after the eight-byte blocks that IsValidUtf8
// reads at once.
// Characters as SQLite's substr() counts them: a lead byte with its
// continuation bytes, any other byte alone.
TEST(Utf8PrefixBytes, CountsCharactersAsSqliteSubstrDoes) {
  EXPECT_EQ(Utf8PrefixBytes("kafé", 4), 5U);
  EXPECT_EQ(Utf8PrefixBytes("kafé", 3), 3U);
  EXPECT_EQ(Utf8PrefixBytes("kafé", 10), 5U);
  EXPECT_EQ(Utf8PrefixBytes("😀😀", 1), 4U);
  EXPECT_EQ(Utf8PrefixBytes("", 3), 0U);
  EXPECT_EQ(Utf8PrefixBytes("abc", 0), 0U);
  EXPECT_EQ(Utf8PrefixBytes("\x80\x80\x61", 2), 2U);  // stray continuation bytes: one each
  EXPECT_EQ(Utf8PrefixBytes("\xc3", 1), 1U);          // a lead byte cut off at the end
}

TEST(IsValidUtf8, JudgesASequenceWhereverItStandsInTheText) {
  const std::vector<std::string> good = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                         "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF"};
  const std::vector<std::string> bad = {"\x80",                  // a continuation byte alone
                                        "\xC3",                  // cut short
                                        "\xE2\x82",              // cut short
                                        "\xC0\xAF",              // overlong
                                        "\xE0\x80\xAF",          // overlong
                                        "\xED\xA0\x80",          // a surrogate
                                        "\xF4\x90\x80\x80",      // above U+10FFFF
                                        "\xF8\x88\x80\x80\x80",  // five bytes
                                        "\xFF"};
  for (size_t at = 0; at <= 20; ++at) {
    for (size_t after = 0; after <= 9; after += 9) {
      const std::string before(at, 'a'), tail(after, 'z');
      for (const auto& g : good) {
        EXPECT_TRUE(IsValidUtf8(before + g + tail)) << at << " " << after;
      }
      for (const auto& b : bad) {
        EXPECT_FALSE(IsValidUtf8(before + b + tail)) << at << " " << after;
      }
    }
  }
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8(std::string(1000, 'x')));
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a character
}

// A report's XML or PDF must be UTF-8 whatever was stored: each byte that
// is not part of a well-formed sequence becomes U+FFFD, the rest stays.
TEST(ValidUtf8, ReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(ValidUtf8("café ✓"), "café ✓");
  EXPECT_EQ(ValidUtf8("bagus \x96 caf\xe9"), "bagus \xEF\xBF\xBD caf\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // an overlong "/"
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80x"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");  // a surrogate
  EXPECT_EQ(ValidUtf8("ab\xE2\x9C"), "ab\xEF\xBF\xBD\xEF\xBF\xBD");                // cut short
  EXPECT_TRUE(IsValidUtf8(ValidUtf8("\xFF\xFE\x80 ok")));
}

// A title of characters that show nothing is as empty as one of spaces.
TEST(Trim, TakesOffTheBlanksThatShowNothing) {
  EXPECT_EQ(Trim(" \t Jalan rusak \r\n"), "Jalan rusak");
  EXPECT_EQ(Trim("\u00a0\u00a0"), "");
  EXPECT_EQ(Trim("\u200b\u3000\ufeff\u202e"), "");
  EXPECT_EQ(Trim("\u00a0Jalan\u00a0rusak\u200b"), "Jalan\u00a0rusak");
  // Letters that share bytes with the blanks stay.
  EXPECT_EQ(Trim("\u00e0\u2030"), "\u00e0\u2030");
}

TEST(RemoveNameWords, TakesOutEachWordOfTheNameWhereItStandsAlone) {
  EXPECT_EQ(RemoveNameWords("Hormat saya, Sukarni Wulandarisih.", "sukarni wulandarisih"),
            "Hormat saya,    .");
  // Words of under three letters, and parts of other words, stay.
  EXPECT_EQ(RemoveNameWords("Bu Sri, sriwijaya, Sri_2 dan SRI", "Sri A"),
            "Bu  , sriwijaya, Sri_2 dan  ");
  // Curly quotes and a no-break space are not part of a word.
  EXPECT_EQ(RemoveNameWords("\u201cAni\u201d\u00a0ani", "Ani"), "\u201c \u201d\u00a0 ");
  // A name that is not letters, or none, changes nothing.
  EXPECT_EQ(RemoveNameWords("Jalan 12 rusak", "12"), "Jalan 12 rusak");
  EXPECT_EQ(RemoveNameWords("Jalan rusak", ""), "Jalan rusak");
  // Letters beyond ASCII belong to the word.
  EXPECT_EQ(RemoveNameWords("Salam, Ren\u00e9e dan Renee", "Ren\u00e9e"), "Salam,   dan Renee");
}

TEST(MaskPersonalText, MasksTheReportersNameAsWellAsTheirNumbers) {
  EXPECT_EQ(
      MaskPersonalText("Saya Zulkarnaen Wirapraja, HP 0812-3456-7890.", "Zulkarnaen Wirapraja"),
      "Saya [disamarkan] [disamarkan], HP [disamarkan].");
  // Another person's name, and words that only contain the name, stay.
  EXPECT_EQ(MaskPersonalText("Pak Budi dan rahayuningsih", "Sri Rahayu"),
            "Pak Budi dan rahayuningsih");
  EXPECT_EQ(MaskPersonalText("Jalan rusak", ""), "Jalan rusak");
}

TEST(MaskContactDetails, HidesAddressesNumbersAndTelephonesACitizenTyped) {
  EXPECT_EQ(MaskContactDetails("Hubungi saya di 0812-3456-7890 atau sri.rahayu@example.id ya."),
            "Hubungi saya di [disamarkan] atau [disamarkan] ya.");
  EXPECT_EQ(MaskContactDetails("WA +62 812 3456 7890, NIK 3374010101900001."),
            "WA [disamarkan], NIK [disamarkan].");
  EXPECT_EQ(MaskContactDetails("HP 081234567890/6281234567890"), "HP [disamarkan]/[disamarkan]");
  EXPECT_EQ(MaskContactDetails("No. rekening 1234567890 a.n. saya"),
            "No. rekening [disamarkan] a.n. saya");
  // Identifiers written in groups, and landlines with their area code.
  EXPECT_EQ(MaskContactDetails("NIK 3374 0101 0101 0001 dan 3374.0101.0101.0001"),
            "NIK [disamarkan] dan [disamarkan]");
  EXPECT_EQ(MaskContactDetails("rekening 123-456-7890."), "rekening [disamarkan].");
  EXPECT_EQ(MaskContactDetails("Telp (024) 3515871 atau (024)-3515871 atau 024-3515871"),
            "Telp [disamarkan] atau [disamarkan] atau [disamarkan]");
  // Nine digits is the shortest telephone number: the text is read whole.
  EXPECT_EQ(MaskContactDetails("HP 081234567"), "HP [disamarkan]");
  EXPECT_EQ(MaskContactDetails("a@b.id"), "[disamarkan]");
  // An address that ends a sentence takes the full stop, not the next word.
  EXPECT_EQ(MaskContactDetails("Email saya budi@gmail.com. Lampu sudah mati."),
            "Email saya [disamarkan]. Lampu sudah mati.");
  EXPECT_EQ(MaskContactDetails("Email budi @ gmail.com. Lampu mati."),
            "Email [disamarkan]. Lampu mati.");
  // Glued to its label, and a telephone in brackets with both of them.
  EXPECT_EQ(MaskContactDetails("NIK3374010101010001, No.HP081234567890, wa08123456789."),
            "NIK[disamarkan], No.HP[disamarkan], wa[disamarkan].");
  EXPECT_EQ(MaskContactDetails("Bu Hartini (0813-9988-7766) akan datang"),
            "Bu Hartini [disamarkan] akan datang");
  EXPECT_EQ(MaskContactDetails("Lampu mati 3 hari, RT 05/RW 03 (dekat pos) +2 tiang ~ 08.00 wib"),
            "Lampu mati 3 hari, RT 05/RW 03 (dekat pos) +2 tiang ~ 08.00 wib");
}

// Contact details written so that a machine would miss them: the address's
// "at" and dots spelt out or spaced, full-width digits, a letter O or l for
// a digit.
TEST(MaskContactDetails, SeesThroughDisguises) {
  for (const char* disguised :
       {"budi [at] gmail [dot] com", "budi(at)gmail.com", "budi @ gmail.com",
        "budi{AT}gmail(DOT)co(dot)id", "budi [at] gmail dot com", "budi＠gmail．com",
        "０８１２３４５６７８９０", "0８１２-３４５６-７８９０", "3374O12505880007",
        "o812345678901", "08l2345678901", "3374/0101/0101/0001", "3374_0101_0202_0003",
        "0812/3456/7890"}) {
    EXPECT_EQ(MaskContactDetails(std::string("Hubungi ") + disguised + " ya."),
              "Hubungi [disamarkan] ya.")
        << disguised;
  }
  // Full-width letters read as their ASCII.
  EXPECT_EQ(MaskContactDetails("ｊａｌａｎ rusak"), "jalan rusak");
}

// A person's social media handle, as the shared complaints (posts
// forwarded from Twitter) have them, identifies the person; an
// institution's, by which citizens address the Pemda, stays.
TEST(MaskContactDetails, HidesAPersonsHandleButNotAnInstitutions) {
  EXPECT_EQ(MaskContactDetails("@Dwi_rhomada jalan rusak, cc @Romynor7."),
            "[disamarkan] jalan rusak, cc [disamarkan].");
  EXPECT_EQ(MaskContactDetails("DM saya di @budi.santoso ya"), "DM saya di [disamarkan] ya");
  for (const char* kept :
       {"Mohon @pemkotsemarang dan @PDAM_TirtaMoedal", "Lapor @humas_polrestabes",
        "cc @dishubkotasmg", "Jam 10 @ rumah", "Skor 3 @ 2"}) {
    EXPECT_EQ(MaskContactDetails(kept), kept) << kept;
  }
}

TEST(MaskContactDetails, LeavesDatesAmountsAndPlacesAlone) {
  for (const char* kept :
       {"Sejak 08/12/2026 pukul 10.00 air meluap.", "Bantuan Rp 2.400.000 belum cair sejak 2025.",
        "Jl. Pemuda 12, RT 05/RW 03, Kel. Sekayu", "Titik -6.9932, 110.4203 di depan SD 03.",
        "Surat nomor 800/123/2026 tanggal 2026-11-30", "Kirim ke @dinas_pu atau email@",
        "ABC0812345678901", "Anggaran Rp 1.500.000.000 tahun 2026", "Nilai 12.345.678.900 rupiah",
        "(0 hari) sejak (2026) dan (08.00)", "Lapor ke @humas.semarang ya",
        "Rp 5.000 @ 3 buah. Total", "Kode ABC0812345678901O", "Bayar 100 ribu (at) loket",
        "Loket buka pukul 08.00 dot tutup 12.00"}) {
    EXPECT_EQ(MaskContactDetails(kept), kept) << kept;
  }
}

// An agency's own call centre, published as the Pemda's contact, stays in
// an officer's public words however it is written; a citizen's number and
// NIK beside it are masked all the same.
TEST(MaskContactDetails, KeepsThePemdasPublishedNumbersAndNoOther) {
  const auto published = ContactNumbers("Call center Dishub (024) 3515871, SMS 1708");

  const std::string shown = MaskContactDetails(
      "Hubungi 024-3515871 atau (024) 3515871 atau +62 24 3515871. Pelapor (HP 0812-9988-7766, "
      "NIK 3374012505880007) sudah dihubungi.",
      published);

  EXPECT_EQ(published, std::vector<std::string>{"0243515871"});
  EXPECT_EQ(shown,
            "Hubungi 024-3515871 atau (024) 3515871 atau +62 24 3515871. Pelapor (HP [disamarkan], "
            "NIK [disamarkan]) sudah dihubungi.");
  EXPECT_EQ(MaskContactDetails("Hubungi 024-3515871."), "Hubungi [disamarkan].");
  EXPECT_EQ(MaskPersonalText("Bu Sukarni, hubungi 024-3515871.", "Sukarni", published),
            "Bu [disamarkan], hubungi 024-3515871.");
}

// ASCII folding leaves every other byte alone: a name's UTF-8 letters are
// not mangled, whatever the process's locale.
// The published FNV-1a 64 test vectors: a snapshot's checksum and an
// ETag's mark must be the same on every node and build.
TEST(Fnv1a, GivesThePublishedValuesAndContinuesAHash) {
  EXPECT_EQ(Fnv1a(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a("bar", Fnv1a("foo")), Fnv1a("foobar"));
}

TEST(AsciiFolding, FoldsOnlyTheAsciiLettersAndComparesByThem) {
  EXPECT_EQ(AsciiLower("Jl. PEMUDA 12, Kel. Sekayu"), "jl. pemuda 12, kel. sekayu");
  EXPECT_EQ(AsciiLower("SÉKAYU Ä"), "sÉkayu Ä");
  EXPECT_TRUE(EqualsAsciiFolded("Content-Type", "content-TYPE"));
  EXPECT_FALSE(EqualsAsciiFolded("Content-Type", "Content-Typ"));
  EXPECT_FALSE(EqualsAsciiFolded("É", "é"));
  std::string code = "KELOMPOK_Rentan";
  AsciiLowerInPlace(code);
  EXPECT_EQ(code, "kelompok_rentan");
}

}  // namespace
}  // namespace sigap::domain
