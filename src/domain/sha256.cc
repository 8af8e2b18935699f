#include "domain/sha256.h"

#include <openssl/evp.h>

#include <new>

namespace sigap::domain {
namespace {

// Fetched once: an EVP_sha256() handed to each init fetches it again.
const EVP_MD* Algorithm() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex2(ctx_, Algorithm(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx_);
    throw std::bad_alloc();
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

Sha256& Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(ctx_, bytes.data(), bytes.size());
  return *this;
}

Sha256::Digest Sha256::Finish() {
  Digest digest{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx_, digest.data(), &size);
  EVP_DigestInit_ex2(ctx_, nullptr, nullptr);
  return digest;
}

std::string Sha256::FinishHex() {
  const Digest digest = Finish();
  return HexOf(digest.data(), digest.size());
}

std::string Sha256Hex(std::string_view bytes) { return Sha256().Update(bytes).FinishHex(); }

std::string HexOf(const uint8_t* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(2 * size, '\0');
  for (size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

}  // namespace sigap::domain
