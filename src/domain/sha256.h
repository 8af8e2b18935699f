#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

// SHA-256 (FIPS 180-4) of what Sigap fingerprints: each case event's link
// in the audit chain, request bodies for idempotency, API key tokens,
// imported files. By OpenSSL's libcrypto, which runs on the CPU's SHA
// extensions where it has them: 4.4 times libsodium's portable code on a
// filed case's event (bench/hash_bench; bench/RESULTS.md, "Hashing the
// audit chain"). The digests are the standard ones, so every chain written
// before verifies the same.
struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace sigap::domain {

class Sha256 {
 public:
  static constexpr size_t kSize = 32;
  using Digest = std::array<uint8_t, kSize>;

  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Update(std::string_view bytes);
  // The digest of everything updated with; the hash starts over after it.
  Digest Finish();
  // Finish() as 64 lower-case hex digits.
  std::string FinishHex();

 private:
  evp_md_ctx_st* ctx_;
};

// The digest of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// `bytes` as lower-case hex digits.
std::string HexOf(const uint8_t* bytes, size_t size);

}  // namespace sigap::domain
