#pragma once

#include <optional>
#include <string>

#include "cli/config.h"
#include "domain/user.h"

namespace sigap::cli {

// Each `sigap` subcommand. Returns the process exit code; errors are
// printed to stderr naming what was wrong.

struct ServeFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
  std::optional<std::string> db;
};
int Serve(const ServeFlags& flags);

int Migrate(const std::string& db);

struct DemoFlags {
  std::string db;
  bool if_empty = false;
  int cases = 1000;
  int survey_quarters = 5;
  std::string data_dir;  // "" = the default data directory
  const char* argv0 = "";
};
int Demo(const DemoFlags& flags);

struct UserFlags {
  std::string db;
  std::string pemda;  // "" = the only Pemda
  std::string role;
  std::string agency;
  std::string username;
  std::string email;      // "" = none; where dispositions and escalations are sent
  std::string full_name;  // "" = none; how other officers see the account
};
int CreateUser(const UserFlags& flags);
// `sigap admin set-email`: where an existing officer's notifications go
// (flags.username, flags.email; "" stops them).
int SetUserEmail(const UserFlags& flags);

struct ApiKeyFlags {
  std::string db;
  std::string pemda;
  std::string role;
  std::string agency;
  std::string name;
};
int CreateApiKey(const ApiKeyFlags& flags);
// Prints the Pemda's API keys, revoked ones included (never the keys).
int ListApiKeys(const ApiKeyFlags& flags);
// Revokes the Pemda's key --name; the actor recorded is "cli".
int RevokeApiKey(const ApiKeyFlags& flags);

struct PemdaFlags {
  std::string db;
  std::string code;
  std::string name;
  std::string time_zone;
  bool update = false;  // change the name or zone of a Pemda already registered
};
int CreatePemda(const PemdaFlags& flags);

// `sigap admin create-agency`: registers an agency (OPD) of the Pemda, as
// POST /api/v1/agencies does (app::AgencyBook checks it).
struct AgencyFlags {
  std::string db;
  std::string pemda;  // "" = the only Pemda
  std::string code;
  std::string name;
  std::string kind;
  std::string region;  // area offices (kecamatan): their region
  std::string parent;  // units inside an agency: the agency
};
int CreateAgency(const AgencyFlags& flags);

int AuditVerify(const std::string& db);

int Backup(const std::string& db, const std::string& target);
// `sigap restore --from BACKUP --db PATH`: the backup in place of the
// database, through SQLite (SqliteStore::Restore); the server stopped.
int Restore(const std::string& backup, const std::string& db);

// The database path: the flag when given, else the configuration's.
std::string DatabasePath(const std::optional<std::string>& flag,
                         const std::optional<std::string>& config_file);

}  // namespace sigap::cli
