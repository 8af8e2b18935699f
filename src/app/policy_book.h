#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapt/policy_engine.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// The catalogue group of the services a rule opens for a while
// (open_temporary_service); a rule may name such a service's code again,
// never one of the catalogue's own.
inline constexpr std::string_view kTemporaryServiceGroup = "Layanan sementara";

// A Pemda's policy rules as the store keeps them (issue 10), for the API
// and `sigap rules`: saving (validated against the model and the limits of
// regulation; every save a new version, disabled until enabled), enabling
// and disabling with an audit of who did it, reading the rules back for
// the engine, and dry runs over the stored history.
//
// Holds no state of its own; thread-safe when the store is.
class PolicyBook {
 public:
  // `sla`: the Pemda's targets, for the facts of a dry run's cases.
  explicit PolicyBook(store::Store& store, adapt::PolicyLimits limits = {},
                      domain::SlaPolicy sla = {})
      : store_(store), limits_(limits), sla_(std::move(sla)) {}

  // Parses `text` (format "json" or "toml") as a rule of the Pemda: valid
  // (ParsePolicyRule), and naming only what the Pemda has — the agencies of
  // its scope, its `agency` conditions and its actions (agency, "agency:X",
  // "agency_head:X"), the accounts ("user:NAME") and webhooks ("webhook:ID")
  // it tells. Fails with kInvalidArgument naming every bad field (an unknown
  // name is code "unknown"), kUnavailable when the store fails.
  [[nodiscard]] Result<adapt::PolicyRule> Parse(domain::PemdaId pemda, std::string_view text,
                                                std::string_view format);

  // Parses `text` as Parse does and saves it: as the next
  // version of rule `rule_id` when non-zero, else of the Pemda's rule of the
  // same name, else as a new rule. Returns the stored rule with its
  // history. Fails with kInvalidArgument naming every bad field (as
  // Parse), kNotFound for an unknown `rule_id`, kConflict when a
  // rename takes another rule's name, kUnavailable when the store fails.
  [[nodiscard]] Result<store::StoredPolicyRule> Save(domain::PemdaId pemda, std::string_view text,
                                                     std::string_view format, int64_t rule_id,
                                                     const std::string& actor, Timestamp now);

  // Enables or disables a rule, audited with `actor` (a rule already in that
  // state is left as it is, unaudited). kNotFound when the Pemda has no such
  // rule.
  [[nodiscard]] Result<store::StoredPolicyRule> SetEnabled(domain::PemdaId pemda, int64_t id,
                                                           bool enabled, const std::string& actor,
                                                           Timestamp now);

  [[nodiscard]] Result<std::vector<store::StoredPolicyRule>> List(domain::PemdaId pemda);
  [[nodiscard]] Result<store::StoredPolicyRule> Find(domain::PemdaId pemda, int64_t id);

  // The newest versions of the Pemda's enabled rules, as the engine takes
  // them (id and version from the store). A stored definition that no
  // longer reads is left out and counted in `unreadable` (may be null).
  [[nodiscard]] Result<std::vector<adapt::PolicyRule>> EnabledRules(domain::PemdaId pemda,
                                                                    int* unreadable = nullptr);

  // Replays the Pemda's history of [since, now) through `rules` and reports
  // what they would have done, each case with its own targets (`sla` and
  // its Standar Pelayanan). Reads only.
  [[nodiscard]] Result<adapt::DryRunReport> Try(domain::PemdaId pemda,
                                                const std::vector<adapt::PolicyRule>& rules,
                                                Timestamp since, Timestamp now,
                                                size_t keep_changes = 50);

  // The engine's rule of a stored rule's newest version. kInvalidArgument
  // when the stored definition does not read.
  [[nodiscard]] Result<adapt::PolicyRule> EngineRule(const store::StoredPolicyRule& stored) const;

 private:
  // Appends an error for each agency, account or webhook `rule` names that
  // the Pemda does not have.
  Status CheckNames(domain::PemdaId pemda, const adapt::PolicyRule& rule,
                    std::vector<FieldError>& errors);

  store::Store& store_;
  const adapt::PolicyLimits limits_;
  const domain::SlaPolicy sla_;
};

}  // namespace sigap::app
