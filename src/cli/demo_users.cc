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
    app::Accounts& accounts, domain::PemdaId pemda, const std::vector<DemoUserSpec>& users) {
  std::vector<std::pair<std::string, std::string>> created;
  for (const auto& spec : users) {
    std::string password = RandomPassword();
    auto id = accounts.CreateUser(pemda, spec.username, password, spec.role, spec.agency_code,
                                  spec.full_name);
    if (!id) return Fail(id.error());
    created.emplace_back(spec.username, std::move(password));
  }
  return created;
}

}  // namespace sigap::cli
