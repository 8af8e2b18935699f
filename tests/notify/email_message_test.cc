#include "notify/email_message.h"

#include <gtest/gtest.h>

#include "notify/mime_decode.h"

namespace sigap::notify {
namespace {

// True when `text` is a sequence of complete UTF-8 characters.
bool WholeUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t n = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (lead >= 0x80 && lead < 0xc0) return false;
    if (i + n > text.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST(EmailMessage, AddressIsTakenFromAMailbox) {
  EXPECT_EQ(AddressOf("Sigap Kota Semarang <sigap@semarangkota.go.id>"),
            "sigap@semarangkota.go.id");
  EXPECT_EQ(AddressOf("  sri@example.id "), "sri@example.id");
}

TEST(EmailMessage, AddressesThatCouldInjectCommandsAreInvalid) {
  EXPECT_TRUE(ValidAddress("sri.rahayu+lapor@example.id"));

  EXPECT_FALSE(ValidAddress("sri@example.id>\r\nRCPT TO:<x@y.id"));
  EXPECT_FALSE(ValidAddress("sri@example.id\n"));
  EXPECT_FALSE(ValidAddress("sri rahayu@example.id"));
  EXPECT_FALSE(ValidAddress("sri"));
  EXPECT_FALSE(ValidAddress("@example.id"));
  EXPECT_FALSE(ValidAddress("sri@"));
  EXPECT_FALSE(ValidAddress("a@b@example.id"));
  EXPECT_FALSE(ValidAddress("srì@example.id"));
  EXPECT_FALSE(ValidAddress(std::string(250, 'a') + "@b.id"));
}

TEST(EmailMessage, AsciiHeaderTextStaysAsIs) {
  EXPECT_EQ(EncodeHeaderText("Laporan ABC diterima"), "Laporan ABC diterima");
}

TEST(EmailMessage, Utf8HeaderTextIsEncodedInShortWordsOfWholeCharacters) {
  const std::string subject =
      "Perkembangan laporan — jalan rusak di Kelurahan Miroto ✓ " + std::string(40, 'x') + " ✓✓✓";

  const std::string encoded = EncodeHeaderText(subject);

  EXPECT_EQ(test::DecodeEncodedWords(encoded), subject);
  size_t pos = 0;
  int words = 0;
  while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t end = encoded.find("?=", pos + 10);
    EXPECT_LE(end + 2 - pos, 75u);
    // Every word holds whole UTF-8 characters: it does not end on a lead
    // or continuation byte of a cut character.
    const std::string part = test::DecodeBase64(encoded.substr(pos + 10, end - pos - 10));
    EXPECT_TRUE(WholeUtf8(part)) << part;
    ++words;
    pos = end + 2;
  }
  EXPECT_GE(words, 3);
  EXPECT_NE(encoded.find("?=\r\n =?UTF-8?B?"), std::string::npos);  // folded
}

TEST(EmailMessage, HeaderTextNeverCarriesALineBreak) {
  EXPECT_EQ(EncodeHeaderText("a\r\nBcc: x@y.id"), "a  Bcc: x@y.id");
}

TEST(EmailMessage, QuotedPrintableEncodesNonAsciiEqualsAndTrailingSpace) {
  EXPECT_EQ(EncodeQuotedPrintable("Rp 5.000 = lima ribu \nkelurahan Ngaliyan \xe2\x9c\x93"),
            "Rp 5.000 =3D lima ribu=20\r\nkelurahan Ngaliyan =E2=9C=93");
}

TEST(EmailMessage, QuotedPrintableLinesStayWithin76Characters) {
  const std::string long_line(300, 'a');

  const std::string encoded = EncodeQuotedPrintable(long_line + "\n" + std::string(100, '\xc3'));

  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
}

TEST(EmailMessage, DotStuffingDoublesLeadingDotsAndEndsWithCrlf) {
  EXPECT_EQ(DotStuff(".\n..a\r\nb.\n."), "..\r\n...a\r\nb.\r\n..\r\n");
  EXPECT_EQ(DotStuff("a\r\n"), "a\r\n");
}

TEST(EmailMessage, DateIsRfc5322InUtc) {
  EXPECT_EQ(FormatEmailDate(*ParseRfc3339("2026-03-17T15:04:05+07:00")),
            "Tue, 17 Mar 2026 08:04:05 +0000");
}

TEST(EmailMessage, SeveralRecipientsAreNotShownToEachOther) {
  EmailMessage m;
  m.from = "Sigap <sigap@kota.go.id>";
  m.to = {"a@example.id", "b@example.id"};
  m.subject = "Tes";
  m.body = "Isi";

  const std::string text = FormatMessage(m);

  EXPECT_NE(text.find("To: undisclosed-recipients:;\r\n"), std::string::npos);
  EXPECT_EQ(text.find("a@example.id"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <"), std::string::npos);
  EXPECT_NE(text.find("@kota.go.id>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
}

TEST(EmailMessage, NonAsciiSenderNameIsEncoded) {
  EmailMessage m;
  m.from = "Pemkot Semarang — Sigap <sigap@kota.go.id>";
  m.to = {"a@example.id"};

  const std::string text = FormatMessage(m);

  EXPECT_NE(text.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("?= <sigap@kota.go.id>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: a@example.id\r\n"), std::string::npos);
}

}  // namespace
}  // namespace sigap::notify
