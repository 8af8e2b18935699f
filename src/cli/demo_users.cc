#include "cli/demo_users.h"

#include <sodium.h>

#include <string_view>

namespace sigap::cli {

std::string RandomPassword(size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::string password;
  password.reserve(length);
  for (size_t i = 0; i < length; ++i) {
    password.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return password;
}

Result<std::vector<std::pair<std::string, std::string>>> CreateDemoUsers(
    store::Store& store, domain::PemdaId pemda, const std::vector<DemoUserSpec>& users) {
  if (sodium_init() < 0) return Fail(ErrorCode::kUnavailable, "libsodium failed to start");
  std::vector<std::pair<std::string, std::string>> created;
  for (const auto& spec : users) {
    std::string password = RandomPassword();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return Fail(ErrorCode::kUnavailable, "out of memory while hashing a password");
    }
    domain::User user;
    user.pemda_id = pemda;
    user.username = spec.username;
    user.password_hash = hash;
    user.role = spec.role;
    user.agency_code = spec.agency_code;
    auto id = store.CreateUser(user);
    if (!id) return Fail(id.error());
    created.emplace_back(spec.username, std::move(password));
  }
  return created;
}

}  // namespace sigap::cli
