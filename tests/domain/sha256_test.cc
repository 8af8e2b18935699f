#include "domain/sha256.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "domain/case_event.h"

namespace sigap::domain {
namespace {

// FIPS 180-2, appendix B.
TEST(Sha256, GivesTheStandardsDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HashesPiecesAsOneAndStartsOverAfterEachDigest) {
  Sha256 hash;
  EXPECT_EQ(hash.Update("a").Update("").Update("bc").FinishHex(), Sha256Hex("abc"));
  EXPECT_EQ(hash.Update("abc").FinishHex(), Sha256Hex("abc"));
  const Sha256::Digest digest = hash.Finish();
  EXPECT_EQ(HexOf(digest.data(), digest.size()), Sha256Hex(""));
  const uint8_t bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(HexOf(bytes, sizeof bytes), "000fa0ff");
}

// The audit chains written before (by libsodium's SHA-256) verify the same:
// an event's hash is what the old code computed.
TEST(Sha256, AnEventsHashIsTheOneTheChainsWrittenBeforeCarry) {
  CaseEvent e;
  e.id = 1234567;
  e.pemda_id = 1;
  e.case_id = 987654;
  e.kind = "submitted";
  e.actor = "citizen";
  e.at = Timestamp(std::chrono::microseconds(1764547200123456));
  e.payload_json = R"({"title":"Saluran tersumbat","description":")" + std::string(3000, 'x') +
                   R"(","region_code":"33.74.01.1001"})";
  e.is_public = true;
  e.prev_hash = Sha256Hex("the event before");

  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  const auto feed = [&](const std::string& field) {
    uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(uint64_t{field.size()} >> (8 * i));
    crypto_hash_sha256_update(&state, len, sizeof len);
    crypto_hash_sha256_update(&state, reinterpret_cast<const uint8_t*>(field.data()), field.size());
  };
  for (const std::string& field :
       {e.prev_hash, std::string("1234567"), std::string("1"), std::string("987654"), e.kind,
        e.actor, std::string("1764547200123456"), e.payload_json, std::string("1")}) {
    feed(field);
  }
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);

  EXPECT_EQ(EventHash(e), HexOf(digest, sizeof digest));
  e.is_public = false;
  EXPECT_NE(EventHash(e), HexOf(digest, sizeof digest));
}

}  // namespace
}  // namespace sigap::domain
