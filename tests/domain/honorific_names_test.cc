#include "domain/honorific_names.h"

#include <gtest/gtest.h>

#include <string>

namespace sigap::domain {
namespace {

TEST(MaskHonorificNames, MasksTheNameAfterEachHonorific) {
  EXPECT_EQ(MaskHonorificNames("Terima kasih Bu Sari, pelayanannya cepat"),
            "Terima kasih Bu [disamarkan], pelayanannya cepat");
  EXPECT_EQ(MaskHonorificNames("Pak Joko di loket 3 ramah"), "Pak [disamarkan] di loket 3 ramah");
  EXPECT_EQ(MaskHonorificNames("dilayani ibu Ratna dan bapak Slamet"),
            "dilayani ibu [disamarkan] dan bapak [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("Mas Andi dan Mbak Rina sabar"),
            "Mas [disamarkan] dan Mbak [disamarkan] sabar");
  EXPECT_EQ(MaskHonorificNames("Saudara Rudi membantu"), "Saudara [disamarkan] membantu");
}

TEST(MaskHonorificNames, AbbreviationsMayHaveTheirFullStop) {
  EXPECT_EQ(MaskHonorificNames("Terima kasih Sdr. Rudi"), "Terima kasih Sdr. [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("sdri.Wati baik"), "sdri.[disamarkan] baik");
  EXPECT_EQ(MaskHonorificNames("Bpk Slamet"), "Bpk [disamarkan]");
}

// Titles before a name (a doctor's, a hajja's, an engineer's, a
// professor's) and the honorifics of an elder sibling ("Kak", "Bang") as
// people address young officers.
TEST(MaskHonorificNames, TitlesAndSiblingsHonorificsAreFollowedByANameToo) {
  EXPECT_EQ(MaskHonorificNames("Terima kasih dr. Sari Dewi, ramah sekali"),
            "Terima kasih dr. [disamarkan], ramah sekali");
  EXPECT_EQ(MaskHonorificNames("drg Ani teliti"), "drg [disamarkan] teliti");
  EXPECT_EQ(MaskHonorificNames("Hj. Siti di loket sabar"), "Hj. [disamarkan] di loket sabar");
  EXPECT_EQ(MaskHonorificNames("Ir. Budi dan Prof. Wahyu"),
            "Ir. [disamarkan] dan Prof. [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("kak Rina di loket 2 cepat, bang Ucok juga"),
            "kak [disamarkan] di loket 2 cepat, bang [disamarkan] juga");
  // The words that follow them without a name stay.
  EXPECT_EQ(MaskHonorificNames("kakak saya dilayani dengan baik"),
            "kakak saya dilayani dengan baik");
}

// How chats and regions address officers: "buk" as chats write "bu" (in
// the shared complaints: "pak/buk"), "kang" (there: "kang yoto", "kang
// emil"), "cak", "pakde", "bude", "tante", "mbah".
TEST(MaskHonorificNames, ColloquialAndRegionalHonorificsAreFollowedByANameToo) {
  EXPECT_EQ(MaskHonorificNames("makasih buk Sari, cepat"), "makasih buk [disamarkan], cepat");
  EXPECT_EQ(MaskHonorificNames("tolong kang emil kgb itu hak PNS"),
            "tolong kang [disamarkan] kgb itu hak PNS");
  EXPECT_EQ(MaskHonorificNames("Cak Eri, Pakde Karwo dan bude Ani"),
            "Cak [disamarkan], Pakde [disamarkan] dan bude [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("tante Rina dan Mbah Marijan"),
            "tante [disamarkan] dan Mbah [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("buk saya mau tanya"), "buk saya mau tanya");
}

// Honorifics that are also another word in chats take a name only when it
// has a capital: "teh" is tea, "om" calls a driver, "bli" is "beli", "uda"
// "udah" (as all three "uda" of the shared complaints), "ning" Javanese
// "in", "daeng" calls a pedicab driver.
TEST(MaskHonorificNames, HonorificsThatAreAlsoWordsTakeOnlyACapitalisedName) {
  EXPECT_EQ(MaskHonorificNames("Teh Rina, Om Budi, Bli Made Wirawan ramah"),
            "Teh [disamarkan], Om [disamarkan], Bli [disamarkan] ramah");
  EXPECT_EQ(MaskHonorificNames("Uda Rizal, Ning Ayu dan Daeng Rani"),
            "Uda [disamarkan], Ning [disamarkan] dan Daeng [disamarkan]");
  for (const char* text :
       {"teh manis di kantin mahal", "om ojol parkir di trotoar", "mau bli token tidak bisa",
        "uda sering dilaporkan", "banjir ning kono", "daeng becak mangkal di halte"}) {
    EXPECT_EQ(MaskHonorificNames(text), text);
  }
}

// Chats write "dari" as "dr" (in the shared complaints: "dr tgl 27
// november", "dr jalan sabang", "keterangan dr petugas"): before a word
// without a capital it is no title, nor is a doctor's kind ("Dr bedah");
// with its full stop, or before a capital, it is a doctor's title.
TEST(MaskHonorificNames, DrBeforeALowercaseWordIsDariAndNoTitle) {
  for (const char* text : {"laporan dr warga belum dijawab", "antre dr kemarin pagi",
                           "rujukan dr puskesmas ditolak", "Dr bedah minta operasi"}) {
    EXPECT_EQ(MaskHonorificNames(text), text);
  }
  EXPECT_EQ(MaskHonorificNames("Terima kasih dr Sari Dewi"), "Terima kasih dr [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("Dr Budi ramah"), "Dr [disamarkan] ramah");
  EXPECT_EQ(MaskHonorificNames("TERIMA KASIH DR BUDI"), "TERIMA KASIH DR [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("dr. sari dan dr.budi ramah"),
            "dr. [disamarkan] dan dr.[disamarkan] ramah");
  EXPECT_EQ(MaskHonorificNames("drg. Ani dan drg ani"), "drg. [disamarkan] dan drg [disamarkan]");
}

TEST(MaskHonorificNames, AnyCapitalisation) {
  EXPECT_EQ(MaskHonorificNames("terima kasih bu sari pelayanannya cepat"),
            "terima kasih bu [disamarkan] pelayanannya cepat");
  EXPECT_EQ(MaskHonorificNames("TERIMA KASIH BU SARI"), "TERIMA KASIH BU [disamarkan]");
  EXPECT_EQ(MaskHonorificNames("PAK budi"), "PAK [disamarkan]");
}

TEST(MaskHonorificNames, AWholeCapitalisedNameIsMaskedAsOne) {
  EXPECT_EQ(MaskHonorificNames("Bu Sari Wulandari sangat membantu."),
            "Bu [disamarkan] sangat membantu.");
  EXPECT_EQ(MaskHonorificNames("pak Budi Santoso!"), "pak [disamarkan]!");
  EXPECT_EQ(MaskHonorificNames("Pak Ma'ruf Amin (loket 2)"), "Pak [disamarkan] (loket 2)");
}

TEST(MaskHonorificNames, KeepsWordsThatAreNoName) {
  for (const char* text :
       {"Pak lurah sudah datang", "Bu Camat meninjau", "ruang ibu hamil sempit",
        "terima kasih pak atas bantuannya", "Bapak/Ibu petugas ramah",
        "terima kasih pak. Loketnya bersih", "terima kasih, bu", "Ibu kota", "pak 2 orang",
        "pak RT/RW setempat malah meminta uang", "Bu RW datang",
        "Terima kasih pak/buk wassalamu'alaikum", "Assalamualaikum Pak Assalamu'alaikum",
        "bu maaf mau tanya", "Pak Permisi", "surat dr Provinsi belum turun",
        "Pak Dinas Perhubungan tolong dicek", "antre di bu Puskesmas Kedungmundu", ""}) {
    EXPECT_EQ(MaskHonorificNames(text), text);
  }
  // Another honorific is not the name; the word after it is.
  EXPECT_EQ(MaskHonorificNames("Bapak/Ibu Sari"), "Bapak/Ibu [disamarkan]");
}

// Chats put a comma after the honorific: a capitalised word there is the
// name; the rest are what follows in the shared complaints ("pak, saya
// mau", "Pak, mohon pencerahan", "pak, Terima Kasih", "pak, depan RRI").
TEST(MaskHonorificNames, ACapitalisedWordAfterTheCommaIsAName) {
  EXPECT_EQ(MaskHonorificNames("Bu, Sari di mana?"), "Bu, [disamarkan] di mana?");
  EXPECT_EQ(MaskHonorificNames("Mohon maaf Pak, Budi Santoso belum datang"),
            "Mohon maaf Pak, [disamarkan] belum datang");
  for (const char* text : {"Mohon maaf pak, saya mau bertanya soal KTP", "Pak, mohon pencerahan",
                           "trims pak, Terima Kasih", "macet pak, depan RRI",
                           "Pak, Saya warga Tembalang", "terima kasih, bu", "BU, SARI DI MANA"}) {
    EXPECT_EQ(MaskHonorificNames(text), text);
  }
}

TEST(MaskHonorificNames, ASentenceWithoutAnyNameStaysAsWritten) {
  const std::string text = "Pelayanan cepat, antrean tertib. Parkir kurang luas; mohon ditambah.";
  EXPECT_EQ(MaskHonorificNames(text), text);
  EXPECT_EQ(MaskSuggestion(text), text);
}

// The topic detector asks for the name after an honorific it found in a
// text it splits into words itself (at apostrophes too).
TEST(NameAfterHonorific, GivesTheNamesBytesOrNoneWhenTheHonorificIsPartOfAWord) {
  const std::string_view text = "pungli Pak Joko Widodo di loket, Joko'Pak Rudi";

  const NameRange name = NameAfterHonorific(text, 7, 10, false);
  const NameRange none = NameAfterHonorific(text, 38, 41, false);

  EXPECT_EQ(text.substr(name.begin, name.end - name.begin), "Joko Widodo");
  EXPECT_EQ(none.begin, none.end);
}

TEST(MaskSuggestion, MasksTheNameAndTheContactDetails) {
  EXPECT_EQ(MaskSuggestion("Terima kasih Bu Sari, hubungi saya 081234567890"),
            "Terima kasih Bu [disamarkan], hubungi saya [disamarkan]");
  // A number after an honorific is a contact detail, not a name.
  EXPECT_EQ(MaskSuggestion("tanya pak 081234567890 saja"), "tanya pak [disamarkan] saja");
}

}  // namespace
}  // namespace sigap::domain
