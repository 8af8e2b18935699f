// PostgresStore: aggregate figures for dashboards and the public transparency
// page. Only counts leave this file; the queries read one snapshot.
#include <algorithm>
#include <map>

#include "store/codec.h"
#include "store/postgres/postgres_store.h"
#include "store/stats_rows.h"

namespace sigap::store::postgres {

// Shared with the other backend (stats_rows.h).
using rows::kHandling;
using rows::Median;

namespace {

// Cases received in the window, merged duplicates left out (they are
// counted once, as their survivor). ?1 pemda, ?2 from, ?3 until, ?4 agency:
// with an agency, the cases that reached it (rows::kReachedAgency).
const std::string kWindow =
    std::string(
        " FROM cases WHERE pemda_id = ?1 AND merged_into = 0 AND status <> 'merged'"
        " AND created_at >= ?2 AND created_at < ?3 AND (?4::text = '' OR (agency_code = ?4 AND ") +
    rows::kReachedAgency + "))";

}  // namespace

Result<CaseStats> PostgresStore::ComputeCaseStats(PemdaId pemda, const CaseStatsQuery& q) {
  // Confidential cases only for officers: in a narrow window one would show
  // its service, kelurahan and agency to anyone.
  const std::string window = kWindow + (q.include_confidential ? "" : " AND confidential = 0");
  using T = CaseStats;
  return Read<T>([&](Connection& conn) -> Result<T> {
    if (auto s = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
      return Fail(s.error());
    }
    CaseStats out;
    // Runs `sql` with the window's parameters (and ?5 = now, ?6 = the UTC
    // offset in seconds when used), calling `row` for each result row.
    auto each = [&](const std::string& sql, auto&& row) -> Status {
      auto stmt = conn.PrepareTransient(sql);
      if (!stmt) return Fail(stmt.error());
      (*stmt)->Bind(1, pemda).Bind(2, ToMicros(q.from)).Bind(3, ToMicros(q.until));
      (*stmt)->Bind(4, std::string_view(q.agency_code));
      if (sql.find("?5") != std::string::npos) (*stmt)->Bind(5, ToMicros(q.now));
      if (sql.find("?6") != std::string::npos) {
        (*stmt)->Bind(6, int64_t{q.utc_offset_minutes} * 60);
      }
      for (;;) {
        auto more = (*stmt)->Step();
        if (!more) return Fail(more.error());
        if (!*more) return {};
        row(**stmt);
      }
    };
    std::map<std::string, AgencyStats> agencies;
    std::map<std::string, std::vector<int64_t>> durations;
    std::vector<int64_t> all_durations;
    // Every figure of the window in one scan (rows::StatsTally).
    rows::StatsTally tally(q.utc_offset_minutes);
    Status status = each(rows::TallyColumns() + window, [&](Statement& st) { tally.Add(st); });
    if (status) tally.Finish(out, agencies, durations, all_durations);
    if (status) {
      // As of now, whenever received.
      status = each(
          "SELECT CASE WHEN stage = 'verification' THEN '' ELSE agency_code END AS lead, "
          "count(*), count(*) FILTER (WHERE stage IN ('verification', "
          "'follow_up', 'resolution') AND paused_at IS NULL AND due_at IS NOT NULL AND "
          "due_at < ?5::bigint) FROM cases WHERE pemda_id = ?1 AND merged_into = 0 AND "
          "?2::bigint <= ?3::bigint AND (?4::text = '' OR agency_code = ?4) "
          "AND " +
              std::string(kHandling) + (q.include_confidential ? "" : " AND confidential = 0") +
              " GROUP BY lead",
          [&](Statement& st) {
            // An agency's figures are what it holds, not what the
            // verifiers still hold under its services (as in by_agency).
            if (!q.agency_code.empty() && st.Text(0).empty()) return;
            out.open += st.Int(1);
            out.overdue += st.Int(2);
            // Still with the verifiers (its service's agency does not hold
            // it yet: its head's queue does not show it), or never disposed.
            if (st.Text(0).empty()) return;
            auto& a = agencies[st.Text(0)];
            a.open = st.Int(1);
            a.overdue = st.Int(2);
          });
    }
    if (status) (void)conn.Exec("COMMIT");
    if (!status) return Fail(status.error());

    for (const auto& s : out.by_status) {
      out.received += s.count;
      if (s.key == "resolved" || s.key == "closed") out.resolved += s.count;
      if (s.key == "rejected") out.rejected += s.count;
    }
    out.median_days_to_resolve = Median(all_durations);
    for (auto& [code, a] : agencies) {
      a.agency_code = code;
      a.median_days_to_resolve = Median(durations[code]);
      out.by_agency.push_back(a);
    }
    std::sort(out.by_agency.begin(), out.by_agency.end(),
              [](const AgencyStats& x, const AgencyStats& y) {
                return std::tie(y.open, y.received, x.agency_code) <
                       std::tie(x.open, x.received, y.agency_code);
              });
    return out;
  });
}

}  // namespace sigap::store::postgres
