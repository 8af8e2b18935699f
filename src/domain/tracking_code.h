#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigap::domain {

// Tracking codes: 10 Crockford base32 characters, e.g. "7KQ2M9XRT4".
//
// The first nine characters carry a 45-bit value, the tenth is a check
// character (Damm's algorithm over GF(32)) that catches every single
// mistyped character and every swap of two neighbours.
//
// The 45-bit value is a keyed pseudorandom permutation (8-round Feistel
// network with SipHash-2-4 rounds, cycle-walked to 45 bits) of the case's
// sequence number and a 16-bit random salt. So:
// - the store's key is the sequence number: cases are inserted in key order
//   and no index on a random value is written (a random UNIQUE index made
//   100-row transactions 7–8× slower here);
// - to anyone without the deployment's secret key a code is indistinguishable
//   from 45 random bits, so neighbours' codes cannot be derived from one's own;
// - decoding needs no lookup table: Decode() returns the sequence number and
//   the salt, and the store checks the salt against the row.
//
// Immutable after construction; safe to share between threads.
class TrackingCodec {
 public:
  static constexpr int kSaltBits = 16;
  static constexpr int kSequenceBits = 29;  // 536 million cases per deployment
  static constexpr int kLength = 10;
  using Key = std::array<uint8_t, 16>;

  struct Decoded {
    int64_t sequence = 0;
    uint32_t salt = 0;
  };

  explicit TrackingCodec(const Key& key);

  // Returns the code of (sequence, salt). Requires 0 < sequence < 2^29 and
  // salt < 2^16.
  std::string Encode(int64_t sequence, uint32_t salt) const;

  // Returns the sequence and salt behind a code, or nullopt when the text is
  // not a well-formed code or its check character does not match. Accepts
  // lower case, hyphens and spaces, and Crockford's look-alikes (I, L -> 1;
  // O -> 0).
  std::optional<Decoded> Decode(std::string_view code) const;

  // Returns true when `code` is ten characters of Crockford base32 whose
  // check character does not match: a mistyped code (a character changed,
  // or two neighbours swapped), not one of another case.
  static bool IsMistyped(std::string_view code);

  // Returns the canonical form (upper case, no separators, look-alikes
  // mapped) or "" when a character is not Crockford base32.
  static std::string Normalize(std::string_view code);

 private:
  uint64_t Permute(uint64_t value) const;
  uint64_t Unpermute(uint64_t value) const;
  uint32_t Round(int round, uint32_t half) const;

  Key key_;
};

// Returns the reporter's secret for a case: 26 base32 characters (128 bits)
// derived with HMAC-SHA-256 from `key` (32 bytes) and the case's sequence and
// salt, so a retried submission returns the same secret without storing it.
std::string DeriveReporterSecret(const std::array<uint8_t, 32>& key, int64_t sequence,
                                 uint32_t salt);

// Returns the proof that whoever holds it uploaded the file `sha256` (hex)
// to `pemda`: 26 base32 characters derived with HMAC-SHA-256 from `key`. A
// case or event may name an uploaded file only with it, so knowing a
// file's hash (of a confidential case's photo, say) is not enough to have
// it attached to one's own case and read back.
std::string DeriveUploadToken(const std::array<uint8_t, 32>& key, int64_t pemda,
                              std::string_view sha256);

// Compares two secrets in constant time.
bool SecretsEqual(std::string_view a, std::string_view b);

// A reporter secret as typed, read as a tracking code is
// (TrackingCodec::Normalize): Crockford base32 reads the same in either
// case, O as 0 and I or L as 1, and spaces or hyphens written to group it
// are not part of it; "" when it holds anything else.
std::string NormalizeReporterSecret(std::string_view secret);

}  // namespace sigap::domain
