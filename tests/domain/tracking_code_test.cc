#include "domain/tracking_code.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace sigap::domain {
namespace {

TrackingCodec MakeCodec(uint8_t seed = 7) {
  TrackingCodec::Key key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(seed + i * 31);
  return TrackingCodec(key);
}

TEST(TrackingCodec, CodeIsTenCrockfordCharacters) {
  const auto codec = MakeCodec();

  const std::string code = codec.Encode(1, 0);

  ASSERT_EQ(code.size(), 10u);
  for (char c : code) {
    EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos) << c;
  }
}

TEST(TrackingCodec, DecodeReturnsSequenceAndSalt) {
  const auto codec = MakeCodec();

  for (int64_t seq : {int64_t{1}, int64_t{2}, int64_t{1000}, (int64_t{1} << 29) - 1}) {
    for (uint32_t salt : {0u, 1u, 65535u, 12345u}) {
      const auto decoded = codec.Decode(codec.Encode(seq, salt));

      ASSERT_TRUE(decoded.has_value()) << seq << " " << salt;
      EXPECT_EQ(decoded->sequence, seq);
      EXPECT_EQ(decoded->salt, salt);
    }
  }
}

TEST(TrackingCodec, ConsecutiveSequencesGiveUnrelatedCodes) {
  const auto codec = MakeCodec();
  std::set<std::string> prefixes;

  for (int64_t seq = 1; seq <= 1000; ++seq) prefixes.insert(codec.Encode(seq, 0).substr(0, 3));

  // 1000 codes over 32^3 three-character prefixes: nearly all distinct when
  // the permutation scatters them, a handful when it does not.
  EXPECT_GT(prefixes.size(), 950u);
}

TEST(TrackingCodec, AnotherKeyGivesOtherCodes) {
  EXPECT_NE(MakeCodec(1).Encode(42, 9), MakeCodec(2).Encode(42, 9));
}

TEST(TrackingCodec, EverySingleMistypedCharacterIsRejected) {
  const auto codec = MakeCodec();
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  for (int64_t seq = 1; seq <= 50; ++seq) {
    const std::string code = codec.Encode(seq, static_cast<uint32_t>(seq * 7));
    for (size_t pos = 0; pos < code.size(); ++pos) {
      for (char c : alphabet) {
        if (c == code[pos]) continue;
        std::string typo = code;
        typo[pos] = c;
        EXPECT_FALSE(codec.Decode(typo).has_value()) << code << " -> " << typo;
      }
    }
  }
}

TEST(TrackingCodec, EverySwapOfNeighboursIsRejected) {
  const auto codec = MakeCodec();

  for (int64_t seq = 1; seq <= 200; ++seq) {
    const std::string code = codec.Encode(seq, 3);
    for (size_t pos = 0; pos + 1 < code.size(); ++pos) {
      if (code[pos] == code[pos + 1]) continue;
      std::string swapped = code;
      std::swap(swapped[pos], swapped[pos + 1]);
      EXPECT_FALSE(codec.Decode(swapped).has_value()) << code << " -> " << swapped;
    }
  }
}

TEST(TrackingCodec, AcceptsLowerCaseHyphensAndLookAlikes) {
  const auto codec = MakeCodec();
  std::string code = codec.Encode(77, 5);
  std::string typed;
  for (char c : code) typed += static_cast<char>(std::tolower(c));
  typed.insert(5, "-");
  for (char& c : typed) {
    if (c == '1') c = 'l';
    if (c == '0') c = 'o';
  }

  const auto decoded = codec.Decode(typed);

  ASSERT_TRUE(decoded.has_value()) << typed;
  EXPECT_EQ(decoded->sequence, 77);
}

TEST(TrackingCodec, RejectsGarbage) {
  const auto codec = MakeCodec();

  EXPECT_FALSE(codec.Decode("").has_value());
  EXPECT_FALSE(codec.Decode("UUUUUUUUUU").has_value());
  EXPECT_FALSE(codec.Decode("../../etc/passwd").has_value());
  EXPECT_FALSE(codec.Decode(std::string(10000, 'A')).has_value());
}

TEST(ReporterSecret, IsStableAndDependsOnTheCase) {
  std::array<uint8_t, 32> key{};
  key[0] = 1;

  const std::string a = DeriveReporterSecret(key, 10, 3);

  EXPECT_EQ(a.size(), 26u);
  EXPECT_EQ(a, DeriveReporterSecret(key, 10, 3));
  EXPECT_NE(a, DeriveReporterSecret(key, 11, 3));
  EXPECT_NE(a, DeriveReporterSecret(key, 10, 4));
  EXPECT_TRUE(SecretsEqual(a, DeriveReporterSecret(key, 10, 3)));
  EXPECT_FALSE(SecretsEqual(a, ""));
}

// A secret copied from the receipt by hand: grouped in fives, in lower
// case, with O for 0 and l for 1, it is still the reporter's own; anything
// that is not base32 is not.
TEST(ReporterSecret, IsReadAsTypedLikeATrackingCode) {
  std::array<uint8_t, 32> key{};
  key[0] = 7;
  std::string secret;
  for (int64_t id = 1;
       secret.find('0') == std::string::npos || secret.find('1') == std::string::npos; ++id) {
    secret = DeriveReporterSecret(key, id, 9);
  }
  std::string typed;
  for (size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 5 == 0) typed += i % 10 == 0 ? " " : "-";
    const char c = secret[i];
    typed += c == '0' ? 'O' : c == '1' ? 'l' : static_cast<char>(std::tolower(c));
  }

  EXPECT_TRUE(SecretsEqual(NormalizeReporterSecret(typed), secret)) << typed;
  EXPECT_FALSE(SecretsEqual(NormalizeReporterSecret(typed + "U"), secret));
  EXPECT_EQ(NormalizeReporterSecret(secret.substr(0, 20) + "?"), "");
}

}  // namespace
}  // namespace sigap::domain
