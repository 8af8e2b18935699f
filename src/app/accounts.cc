#include "app/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>

#include "domain/agency_tree.h"
#include "domain/ascii.h"
#include "domain/sha256.h"
#include "domain/text.h"

namespace sigap::app {
namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

Error Unauthenticated() {
  return Error{ErrorCode::kUnauthenticated, "unknown user or wrong password"};
}

// `name` trimmed, or what is wrong with it (field "full_name").
Result<std::string> CleanFullName(const std::string& name) {
  const auto bad = [](const char* reason, const std::string& message) {
    return Fail(ErrorCode::kInvalidArgument, "invalid full name", {{"full_name", reason, message}});
  };
  if (!domain::IsValidUtf8(name)) return bad("invalid_encoding", "must be UTF-8 text");
  std::string trimmed = domain::Trim(name);
  if (domain::HasControlCharacters(trimmed, /*allow_newlines=*/false)) {
    return bad("invalid_format", "one line of text");
  }
  if (domain::CodePointCount(trimmed) > kMaxFullName) {
    return bad("too_long", "at most " + std::to_string(kMaxFullName) + " characters");
  }
  return trimmed;
}

bool ValidUsername(const std::string& name) {
  if (name.size() < 3 || name.size() > 64) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> HashPassword(const std::string& password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(ErrorCode::kUnavailable, "out of memory while hashing a password");
  }
  return std::string(hash);
}

// What is wrong with `password` for the account `username`, or nullopt:
// ten characters or more, no control characters, not made of a few
// characters repeated ("          ", "aaaaaaaaaa"), not one of the
// passwords every guessing list starts with, and not the username.
std::optional<FieldError> PasswordProblem(std::string_view password, std::string_view username,
                                          const std::string& field) {
  if (password.size() < 10) {
    return FieldError{field, "too_short", "a password needs at least 10 characters"};
  }
  if (domain::HasControlCharacters(password, false)) {
    return FieldError{field, "control_characters", "no control characters"};
  }
  const std::string lower = domain::AsciiLower(password);
  const std::string user_lower = domain::AsciiLower(username);
  const std::set<char> distinct(lower.begin(), lower.end());
  static const std::array<std::string_view, 16> kCommon = {
      "1234567890", "12345678910", "0123456789",   "password12", "password123", "qwertyuiop",
      "1q2w3e4r5t", "passw0rd12",  "password1234", "admin12345", "admin123456", "bismillah1",
      "sayang1234", "indonesia1",  "semarang123",  "iloveyou12"};
  if (distinct.size() < 4 || domain::Trim(password).empty() ||
      std::find(kCommon.begin(), kCommon.end(), lower) != kCommon.end() ||
      (user_lower.size() >= 4 && lower.find(user_lower) != std::string::npos)) {
    return FieldError{field, "too_weak",
                      "too easy to guess: not a few characters repeated, a common password or "
                      "the username"};
  }
  return std::nullopt;
}

}  // namespace

std::string TokenHash(const std::string& token) { return domain::Sha256Hex(token); }

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : raw) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

Accounts::Accounts(store::Store& store, const Clock& clock, std::chrono::seconds session_lifetime)
    : store_(store), clock_(clock), session_lifetime_(session_lifetime) {
  if (sodium_init() < 0) return;
  dummy_hash_ = HashPassword(RandomToken(16)).value_or("");
}

Status Accounts::CheckAgency(domain::PemdaId pemda, domain::Role role,
                             const std::string& agency_code, bool look_up,
                             std::vector<FieldError>& errors) const {
  if (domain::RoleNeedsAgency(role) && agency_code.empty()) {
    errors.push_back({"agency", "required", "this role belongs to an agency"});
  } else if (look_up && !domain::RoleNeedsAgency(role) && !agency_code.empty()) {
    // It would be shown as the account's agency and mean nothing.
    errors.push_back({"agency", "not_allowed", "this role belongs to no agency"});
  } else if (look_up && !agency_code.empty()) {
    if (auto agency = store_.FindAgency(pemda, agency_code); !agency) {
      if (agency.error().code != ErrorCode::kNotFound) return Fail(agency.error());
      errors.push_back({"agency", "unknown", "no agency with this code"});
    }
  }
  return {};
}

Result<int64_t> Accounts::CreateUser(domain::PemdaId pemda, const std::string& username,
                                     const std::string& password, domain::Role role,
                                     const std::string& agency_code, const std::string& full_name) {
  std::vector<FieldError> errors;
  auto name = CleanFullName(full_name);
  if (!name) errors.push_back(name.error().fields.front());
  if (!ValidUsername(username)) {
    errors.push_back({"username", "invalid_format",
                      "3-64 characters: lower-case letters, digits, '.', '_' or '-'"});
  }
  if (auto problem = PasswordProblem(password, username, "password")) {
    errors.push_back(std::move(*problem));
  }
  if (auto s = CheckAgency(pemda, role, agency_code, true, errors); !s) return Fail(s.error());
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid user", std::move(errors));
  }
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  domain::User user;
  user.pemda_id = pemda;
  user.username = username;
  user.password_hash = *hash;
  user.role = role;
  user.agency_code = agency_code;
  user.full_name = *name;
  return store_.CreateUser(user);
}

bool ValidEmail(const std::string& e) {
  const size_t at = e.find('@');
  return e.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < e.size() &&
         e.find('.', at) != std::string::npos && e.find('@', at + 1) == std::string::npos &&
         e.find_first_of(" \t\r\n<>,;\"()[]\\") == std::string::npos;
}

Result<std::vector<domain::User>> Accounts::ListUsers(domain::PemdaId pemda) {
  auto users = store_.ListUsers(pemda);
  if (!users) return Fail(users.error());
  for (auto& u : *users) u.password_hash.clear();
  return users;
}

Result<domain::User> Accounts::UpdateUser(const domain::Principal& by, const std::string& username,
                                          const UserChange& change) {
  auto user = store_.FindUser(by.pemda_id, username);
  if (!user) return Fail(user.error());
  if (username == by.name && !by.is_api_key &&
      ((change.active && !*change.active) || (change.role && *change.role != user->role))) {
    return Fail(ErrorCode::kConflict, "an administrator cannot deactivate or demote themselves",
                {{change.active && !*change.active ? "active" : "role", "own_account",
                  "ask another administrator"}});
  }
  std::vector<FieldError> errors;
  if (change.role) user->role = *change.role;
  if (change.agency_code) user->agency_code = *change.agency_code;
  // An officer made auditor, say, leaves the agency behind.
  if (change.role && !change.agency_code && !domain::RoleNeedsAgency(user->role)) {
    user->agency_code.clear();
  }
  if (change.active) user->active = *change.active;
  const bool moved = change.agency_code.has_value() || change.role.has_value();
  if (auto s = CheckAgency(by.pemda_id, user->role, user->agency_code, moved, errors); !s) {
    return Fail(s.error());
  }
  if (change.email) {
    if (!change.email->empty() && !ValidEmail(*change.email)) {
      errors.push_back({"email", "invalid_format", "an e-mail address"});
    }
    user->email = *change.email;
  }
  if (change.full_name) {
    if (auto name = CleanFullName(*change.full_name); name) {
      user->full_name = std::move(*name);
    } else {
      errors.push_back(name.error().fields.front());
    }
  }
  if (change.password) {
    if (auto problem = PasswordProblem(*change.password, user->username, "password")) {
      errors.push_back(std::move(*problem));
    } else {
      auto hash = HashPassword(*change.password);
      if (!hash) return Fail(hash.error());
      user->password_hash = *hash;
    }
  }
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid user", std::move(errors));
  const bool end_sessions = (change.active && !*change.active) || change.password.has_value();
  if (auto s = store_.UpdateUser(*user, end_sessions); !s) return Fail(s.error());
  user->password_hash.clear();
  return user;
}

Result<NewSession> Accounts::ChangeOwnPassword(const domain::Principal& who,
                                               const std::string& current,
                                               const std::string& next) {
  if (who.is_api_key) {
    return Fail(ErrorCode::kPermissionDenied, "an API key has no password",
                {{"api_key", "forbidden", "sign in as the officer"}});
  }
  auto user = store_.FindUser(who.pemda_id, who.name);
  if (!user) return Fail(user.error());
  std::vector<FieldError> errors;
  if (crypto_pwhash_str_verify(user->password_hash.c_str(), current.data(), current.size()) != 0) {
    errors.push_back({"current_password", "incorrect", ""});
  } else if (auto problem = PasswordProblem(next, user->username, "new_password")) {
    errors.push_back(std::move(*problem));
  } else if (next == current) {
    errors.push_back({"new_password", "unchanged", ""});
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "password not changed", std::move(errors));
  }
  auto hash = HashPassword(next);
  if (!hash) return Fail(hash.error());
  user->password_hash = *hash;
  if (auto s = store_.UpdateUser(*user, /*end_sessions=*/true); !s) return Fail(s.error());
  return Login(who.pemda_id, who.name, next);
}

Result<NewSession> Accounts::Login(domain::PemdaId pemda, const std::string& username,
                                   const std::string& password) {
  auto user = store_.FindUser(pemda, username);
  if (!user) {
    if (user.error().code != ErrorCode::kNotFound) return Fail(user.error());
    // Same work as for a real account, so timing does not reveal usernames.
    [[maybe_unused]] const int ignored =
        crypto_pwhash_str_verify(dummy_hash_.c_str(), password.data(), password.size());
    return Fail(Unauthenticated());
  }
  const bool ok =
      crypto_pwhash_str_verify(user->password_hash.c_str(), password.data(), password.size()) == 0;
  if (!ok || !user->active) return Fail(Unauthenticated());

  NewSession session;
  session.token = RandomToken(32);
  session.csrf_token = RandomToken(20);
  session.expires_at = clock_.Now() + session_lifetime_;
  session.principal = {user->id, pemda, user->username, user->role, user->agency_code, false, {}};
  if (auto s = FillUnits(session.principal); !s) return Fail(s.error());
  store::Credential stored;
  stored.secret_hash = TokenHash(session.token);
  stored.user_id = user->id;
  stored.csrf_token = session.csrf_token;
  stored.expires_at = session.expires_at;
  if (auto s = store_.SaveSession(stored); !s) return Fail(s.error());
  return session;
}

Result<store::Credential> Accounts::Session(const std::string& token) {
  if (token.empty() || token.size() > 128) return Fail(Unauthenticated());
  auto found = store_.FindSession(TokenHash(token), clock_.Now());
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return Fail(Unauthenticated());
    return Fail(found.error());
  }
  if (auto s = FillUnits(found->principal); !s) return Fail(s.error());
  return found;
}

Status Accounts::FillUnits(domain::Principal& principal) const {
  if (principal.role != domain::Role::kAgencyHead) return {};
  auto agencies = store_.ListAgencies(principal.pemda_id);
  if (!agencies) return Fail(agencies.error());
  principal.units = domain::UnitsUnder(*agencies, principal.agency_code);
  return {};
}

Status Accounts::Logout(const std::string& token) { return store_.DeleteSession(TokenHash(token)); }

namespace {

// Letters, digits, '.', '_' and '-': a name that reads the same in a URL, a
// log line and an event's actor ("apikey:NAME").
bool ValidApiKeyName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<NewApiKey> Accounts::CreateApiKey(domain::PemdaId pemda, const std::string& name,
                                         domain::Role role, const std::string& agency_code,
                                         const std::string& created_by) {
  std::vector<FieldError> errors;
  if (name.empty()) {
    errors.push_back({"name", "required", ""});
  } else if (!ValidApiKeyName(name)) {
    errors.push_back({"name", "invalid_format", "1-64 letters, digits, '.', '_' or '-'"});
  }
  if (auto s = CheckAgency(pemda, role, agency_code, true, errors); !s) return Fail(s.error());
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid API key", std::move(errors));
  }
  NewApiKey created;
  created.key = "sgp_" + RandomToken(30);
  created.stored.secret_hash = TokenHash(created.key);
  created.stored.principal = {0, pemda, name, role, agency_code, true, {}};
  created.stored.hint = created.key.substr(created.key.size() - 4);
  created.stored.created_at = clock_.Now();
  created.stored.created_by = created_by;
  if (auto s = store_.SaveApiKey(created.stored); !s) return Fail(s.error());
  created.stored.secret_hash.clear();
  return created;
}

Result<std::vector<store::ApiKey>> Accounts::ListApiKeys(domain::PemdaId pemda) {
  return store_.ListApiKeys(pemda);
}

Status Accounts::RevokeApiKey(domain::PemdaId pemda, const std::string& name,
                              const std::string& actor) {
  return store_.RevokeApiKey(pemda, name, actor, clock_.Now());
}

Result<domain::Principal> Accounts::ApiKey(const std::string& key) {
  if (key.size() < 8 || key.size() > 128) return Fail(Unauthenticated());
  auto found = store_.FindApiKey(TokenHash(key));
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return Fail(Unauthenticated());
    return Fail(found.error());
  }
  if (auto s = FillUnits(found->principal); !s) return Fail(s.error());
  return found->principal;
}

}  // namespace sigap::app
