#include "domain/tracking_code.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cstring>

namespace sigap::domain {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kValueBits = 45;
constexpr uint64_t kValueLimit = uint64_t{1} << kValueBits;
constexpr int kHalfBits = 23;  // the Feistel network works on 46 bits
constexpr uint32_t kHalfMask = (uint32_t{1} << kHalfBits) - 1;
constexpr int kRounds = 8;

// The value of each byte as a Crockford digit (either case; O as 0, I and L
// as 1), -1 for a byte that is none. A table: the codec reads every code of
// every case read twice (normalising, then decoding).
constexpr std::array<int8_t, 256> kCrockfordValues = [] {
  std::array<int8_t, 256> values{};
  values.fill(-1);
  for (int i = 0; i < 32; ++i) {
    const char c = kAlphabet[i];
    values[static_cast<unsigned char>(c)] = static_cast<int8_t>(i);
    if (c >= 'A' && c <= 'Z')
      values[static_cast<unsigned char>(c - 'A' + 'a')] = static_cast<int8_t>(i);
  }
  for (const char c : {'O', 'o'}) values[static_cast<unsigned char>(c)] = 0;
  for (const char c : {'I', 'i', 'L', 'l'}) values[static_cast<unsigned char>(c)] = 1;
  return values;
}();

int CrockfordValue(char c) { return kCrockfordValues[static_cast<unsigned char>(c)]; }

// Multiplication by x in GF(32) with the primitive polynomial x^5 + x^2 + 1.
int TimesX(int v) {
  v <<= 1;
  if (v & 0x20) v ^= 0x25;
  return v;
}

// Damm's algorithm over the quasigroup a∘b = x·a + b on GF(32): totally
// anti-symmetric, so it detects all single substitutions and adjacent
// transpositions (Damm 2004).
int DammInterim(std::string_view digits) {
  int interim = 0;
  for (char c : digits) interim = TimesX(interim) ^ CrockfordValue(c);
  return interim;
}

void InitSodium() {
  [[maybe_unused]] static const int ok = sodium_init();
  assert(ok >= 0);
}

}  // namespace

TrackingCodec::TrackingCodec(const Key& key) : key_(key) { InitSodium(); }

uint32_t TrackingCodec::Round(int round, uint32_t half) const {
  const uint8_t in[4] = {static_cast<uint8_t>(round), static_cast<uint8_t>(half >> 16),
                         static_cast<uint8_t>(half >> 8), static_cast<uint8_t>(half)};
  uint8_t out[crypto_shorthash_siphash24_BYTES];
  crypto_shorthash_siphash24(out, in, sizeof in, key_.data());
  uint32_t v;
  std::memcpy(&v, out, sizeof v);
  return v & kHalfMask;
}

uint64_t TrackingCodec::Permute(uint64_t value) const {
  // Cycle walking keeps the 46-bit permutation inside [0, 2^45).
  do {
    uint32_t left = static_cast<uint32_t>(value >> kHalfBits) & kHalfMask;
    uint32_t right = static_cast<uint32_t>(value) & kHalfMask;
    for (int r = 0; r < kRounds; ++r) {
      const uint32_t next = left ^ Round(r, right);
      left = right;
      right = next;
    }
    value = (uint64_t{left} << kHalfBits) | right;
  } while (value >= kValueLimit);
  return value;
}

uint64_t TrackingCodec::Unpermute(uint64_t value) const {
  do {
    uint32_t left = static_cast<uint32_t>(value >> kHalfBits) & kHalfMask;
    uint32_t right = static_cast<uint32_t>(value) & kHalfMask;
    for (int r = kRounds - 1; r >= 0; --r) {
      const uint32_t prev = right ^ Round(r, left);
      right = left;
      left = prev;
    }
    value = (uint64_t{left} << kHalfBits) | right;
  } while (value >= kValueLimit);
  return value;
}

std::string TrackingCodec::Encode(int64_t sequence, uint32_t salt) const {
  assert(sequence > 0 && sequence < (int64_t{1} << kSequenceBits));
  assert(salt < (uint32_t{1} << kSaltBits));
  uint64_t value = Permute((static_cast<uint64_t>(sequence) << kSaltBits) | salt);
  std::string code(kLength, '0');
  for (int i = kLength - 2; i >= 0; --i) {
    code[i] = kAlphabet[value & 31];
    value >>= 5;
  }
  code[kLength - 1] = kAlphabet[TimesX(DammInterim(std::string_view(code).substr(0, 9)))];
  return code;
}

std::string TrackingCodec::Normalize(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    const int v = CrockfordValue(c);
    if (v < 0) return "";
    out.push_back(kAlphabet[v]);
  }
  return out;
}

bool TrackingCodec::IsMistyped(std::string_view text) {
  if (text.size() > 2 * kLength) return false;
  const std::string code = Normalize(text);
  return code.size() == static_cast<size_t>(kLength) && DammInterim(code) != 0;
}

std::optional<TrackingCodec::Decoded> TrackingCodec::Decode(std::string_view text) const {
  if (text.size() > 2 * kLength) return std::nullopt;
  const std::string code = Normalize(text);
  if (code.size() != kLength || DammInterim(code) != 0) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < kLength - 1; ++i) value = (value << 5) | CrockfordValue(code[i]);
  const uint64_t plain = Unpermute(value);
  Decoded d;
  d.sequence = static_cast<int64_t>(plain >> kSaltBits);
  d.salt = static_cast<uint32_t>(plain & ((uint64_t{1} << kSaltBits) - 1));
  if (d.sequence == 0) return std::nullopt;
  return d;
}

namespace {

// 26 characters × 5 bits = 130 bits taken from the first 17 bytes of a MAC.
std::string Base32Secret(const uint8_t (&mac)[crypto_auth_hmacsha256_BYTES]) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t byte = 0;
  while (out.size() < 26) {
    if (bits < 5) {
      buffer = (buffer << 8) | mac[byte++];
      bits += 8;
    }
    out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
    bits -= 5;
  }
  return out;
}

}  // namespace

std::string DeriveReporterSecret(const std::array<uint8_t, 32>& key, int64_t sequence,
                                 uint32_t salt) {
  InitSodium();
  uint8_t message[24] = "reporter-secret";
  for (int i = 0; i < 6; ++i) message[16 + i] = static_cast<uint8_t>(sequence >> (8 * i));
  message[22] = static_cast<uint8_t>(salt);
  message[23] = static_cast<uint8_t>(salt >> 8);
  uint8_t mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, message, sizeof message, key.data());
  return Base32Secret(mac);
}

std::string DeriveUploadToken(const std::array<uint8_t, 32>& key, int64_t pemda,
                              std::string_view sha256) {
  InitSodium();
  std::string message = "upload-token:" + std::to_string(pemda) + ":";
  message.append(sha256);
  uint8_t mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const uint8_t*>(message.data()), message.size(),
                         key.data());
  return Base32Secret(mac);
}

std::string NormalizeReporterSecret(std::string_view secret) {
  return TrackingCodec::Normalize(secret);
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sigap::domain
