#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "domain/user.h"
#include "store/store.h"

namespace sigap::app {

// A new officer session: the token goes into an HttpOnly cookie, the CSRF
// token to the page, which echoes it in X-CSRF-Token.
struct NewSession {
  std::string token;
  std::string csrf_token;
  Timestamp expires_at{};
  domain::Principal principal;
};

// A new API key: the key itself (shown once, never stored) and its record.
struct NewApiKey {
  std::string key;
  store::ApiKey stored;
};

// A change to an officer account; what is unset stays as it is.
struct UserChange {
  std::optional<domain::Role> role;
  std::optional<std::string> agency_code;
  std::optional<bool> active;
  std::optional<std::string> email;  // "" removes it
  std::optional<std::string> password;
  std::optional<std::string> full_name;  // trimmed; "" removes it
};

// Officer accounts, sessions and API keys. Passwords are hashed with
// Argon2id (libsodium crypto_pwhash_str); tokens are random and stored only
// as their SHA-256.
//
// Thread-safe.
class Accounts {
 public:
  // `store` and `clock` must outlive this object.
  Accounts(store::Store& store, const Clock& clock,
           std::chrono::seconds session_lifetime = std::chrono::hours(12));

  // Creates an officer, with an optional full name (trimmed; "" = none).
  // kInvalidArgument naming the field for a bad username, a password
  // shorter than 10 characters, a missing or unknown agency for agency
  // roles, a full_name that is not UTF-8 text of at most kMaxFullName
  // characters without control characters; kConflict when the username
  // exists.
  [[nodiscard]] Result<int64_t> CreateUser(domain::PemdaId pemda, const std::string& username,
                                           const std::string& password, domain::Role role,
                                           const std::string& agency_code,
                                           const std::string& full_name = "");

  // The Pemda's accounts, by username (password hashes cleared).
  [[nodiscard]] Result<std::vector<domain::User>> ListUsers(domain::PemdaId pemda);

  // Changes the account `username` of the administrator `by`'s Pemda and
  // returns it as it now stands (password hash cleared). Deactivating it or
  // setting a new password signs it out everywhere. kInvalidArgument naming
  // the field (role without its agency, unknown agency, password under 10
  // characters, malformed e-mail, full_name as for CreateUser); kConflict
  // when an administrator would deactivate or demote their own account
  // (nobody could undo it); kNotFound when there is no such account.
  [[nodiscard]] Result<domain::User> UpdateUser(const domain::Principal& by,
                                                const std::string& username,
                                                const UserChange& change);

  // Checks the password and opens a session. kUnauthenticated for an
  // unknown user, a wrong password or an inactive account (the same error
  // for all, after the same work, so usernames cannot be probed).
  [[nodiscard]] Result<NewSession> Login(domain::PemdaId pemda, const std::string& username,
                                         const std::string& password);

  // An officer's own new password, given the current one: every session of
  // the account ends and a new one is opened for the caller. kPermissionDenied
  // for an API key; kInvalidArgument naming current_password (incorrect) or
  // new_password (under 10 characters, or unchanged).
  [[nodiscard]] Result<NewSession> ChangeOwnPassword(const domain::Principal& who,
                                                     const std::string& current,
                                                     const std::string& next);

  // The session behind a cookie token, an agency head's principal with the
  // units under its agency (Principal::units). kUnauthenticated when
  // unknown or expired.
  [[nodiscard]] Result<store::Credential> Session(const std::string& token);

  [[nodiscard]] Status Logout(const std::string& token);

  // Creates an API key for another system on behalf of `created_by` (an
  // actor: "user:NAME", "apikey:NAME" or "cli"); returns the key, shown
  // once, and what is stored of it. kInvalidArgument naming the field: a
  // name outside 1-64 letters, digits, '.', '_' and '-', a role without its
  // agency, an unknown agency; kConflict naming `name` when the Pemda has a
  // key of that name, in use or revoked.
  [[nodiscard]] Result<NewApiKey> CreateApiKey(domain::PemdaId pemda, const std::string& name,
                                               domain::Role role, const std::string& agency_code,
                                               const std::string& created_by);

  // The Pemda's API keys, revoked ones included, by name.
  [[nodiscard]] Result<std::vector<store::ApiKey>> ListApiKeys(domain::PemdaId pemda);

  // Revokes the Pemda's key `name` on behalf of `actor` (as for
  // CreateApiKey): from the next request on, on every node, it is refused.
  // kNotFound when there is no such key.
  [[nodiscard]] Status RevokeApiKey(domain::PemdaId pemda, const std::string& name,
                                    const std::string& actor);

  // The principal behind an API key, an agency head's with the units under
  // its agency (Principal::units). kUnauthenticated when unknown.
  [[nodiscard]] Result<domain::Principal> ApiKey(const std::string& key);

 private:
  // Fills an agency head's Principal::units from the Pemda's agencies, read
  // on each authentication (a unit an administrator adds or moves counts
  // at once); other roles' principals are left as they are.
  [[nodiscard]] Status FillUnits(domain::Principal& principal) const;

  // Adds to `errors` (field "agency") what is wrong with `agency_code` for
  // `role`: an agency role needs one; with `look_up`, one given must be an
  // agency of the Pemda. Fails only when the store does.
  [[nodiscard]] Status CheckAgency(domain::PemdaId pemda, domain::Role role,
                                   const std::string& agency_code, bool look_up,
                                   std::vector<FieldError>& errors) const;

  store::Store& store_;
  const Clock& clock_;
  const std::chrono::seconds session_lifetime_;
  std::string dummy_hash_;  // verified against when the user is unknown
};

// The longest full name an officer account takes, in characters.
inline constexpr size_t kMaxFullName = 120;

// True for a plausible single e-mail address (local@domain.tld, no
// spaces, brackets or list separators, at most 254 characters).
bool ValidEmail(const std::string& address);

// Returns the hex SHA-256 of a token (what the store keeps).
std::string TokenHash(const std::string& token);

// Returns `bytes` random bytes as Crockford base32 text.
std::string RandomToken(size_t bytes);

}  // namespace sigap::app
