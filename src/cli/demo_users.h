#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/accounts.h"
#include "cli/demo_catalogue.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::cli {

// Returns a password of `length` characters drawn uniformly (libsodium's
// randombytes) from an alphabet without look-alikes (no 0/O, 1/l/I).
std::string RandomPassword(size_t length = 16);

// Creates each demo officer account with a fresh random password through
// `accounts` (Argon2id, like every account). Returns (username, password)
// pairs in the order of `users`, so the caller can show them once. Errors
// are those of Accounts::CreateUser (kConflict for an existing username).
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> CreateDemoUsers(
    app::Accounts& accounts, domain::PemdaId pemda, const std::vector<DemoUserSpec>& users);

}  // namespace sigap::cli
