#include "cli/forecast_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/forecasts.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/runtime.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kWeekdays[] = {"Senin", "Selasa", "Rabu",  "Kamis",
                                     "Jumat", "Sabtu",  "Minggu"};

// The store's field names → the flags that set them.
std::string FlagOf(const std::string& field) {
  std::string flag = "--" + field;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

// Opens the store, the calendars and the Pemda, then runs `body`.
int WithForecasts(
    const ForecastFlags& flags, const char* command, std::ostream& err,
    const std::function<int(app::Forecasts&, const domain::Pemda&, Timestamp)>& body) {
  auto stop = [&](int code, const std::string& message) {
    err << "sigap forecast " << command << ": " << message << "\n";
    return code;
  };
  if (flags.format != "text" && flags.format != "json") {
    return stop(2, "--format: text or json, not " + flags.format);
  }
  Timestamp now = app::SystemClock().Now();
  if (!flags.now.empty()) {
    auto parsed = ParseRfc3339(flags.now);
    if (!parsed) return stop(2, "--now: not an RFC 3339 time: " + flags.now);
    now = *parsed;
  }
  int code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, code);
  if (!target) return stop(code, target.error().message);
  auto calendars = OpenCalendarBook(*target->store, target->config);
  if (!calendars) return stop(1, calendars.error().message);
  app::Forecasts forecasts(*target->store, **calendars);
  return body(forecasts, target->pemda, now);
}

// Prints a failed forecast naming the flag; returns the exit code.
int Refused(const Error& error, const char* command, std::ostream& err) {
  if (error.fields.empty()) {
    err << "sigap forecast " << command << ": " << error.message << "\n";
    return error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kNotFound ? 2 : 1;
  }
  for (const auto& f : error.fields) {
    err << "sigap forecast " << command << ": " << FlagOf(f.field) << ": " << f.code
        << (f.message.empty() ? "" : " (" + f.message + ")") << "\n";
  }
  return 2;
}

std::string Fixed(double x, int decimals) {
  if (!std::isfinite(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

json Figures(const adapt::StaffingFigures& f) {
  auto finite = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
  return json{{"officers", f.agents},
              {"stable", f.stable},
              {"occupancy", finite(f.occupancy)},
              {"probability_of_wait", finite(f.probability_of_wait)},
              {"mean_wait_seconds", finite(f.mean_wait_seconds)},
              {"service_level", finite(f.service_level)}};
}

}  // namespace

int ForecastStaffing(const ForecastFlags& flags, std::ostream& out, std::ostream& err) {
  return WithForecasts(
      flags, "staffing", err,
      [&](app::Forecasts& forecasts, const domain::Pemda& pemda, Timestamp now) {
        app::StaffingQuery q;
        q.service_code = flags.service;
        q.agency_code = flags.agency;
        q.weeks = flags.weeks;
        q.handling_minutes = flags.handling_minutes;
        q.target_wait_seconds = flags.target_wait_seconds;
        q.target_share = flags.target_share;
        q.officers = flags.officers;
        q.arrivals_per_hour = flags.arrivals_per_hour;
        q.now = now;
        auto report = forecasts.Staffing(pemda, q);
        if (!report) return Refused(report.error(), "staffing", err);
        if (flags.format == "json") {
          json slots = json::array();
          for (const auto& s : report->slots) {
            slots.push_back({{"weekday", s.weekday < 0 ? json(nullptr) : json(s.weekday)},
                             {"hour", s.hour < 0 ? json(nullptr) : json(s.hour)},
                             {"arrivals_per_hour", s.arrivals_per_hour},
                             {"officers_needed", s.needed ? json(s.needed->agents) : json(nullptr)},
                             {"needed", s.needed ? Figures(*s.needed) : json(nullptr)},
                             {"today", s.today ? Figures(*s.today) : json(nullptr)}});
          }
          out << json{{"arrivals", report->arrivals},
                      {"peak_officers", report->peak_officers},
                      {"slots", std::move(slots)}}
                     .dump(2)
              << "\n";
          return 0;
        }
        out << "Target: " << Fixed(q.target_share * 100, 0)
            << "% warga menunggu <= " << Fixed(q.target_wait_seconds / 60, 1)
            << " menit; waktu layanan rata-rata " << Fixed(q.handling_minutes, 1) << " menit\n";
        if (!q.arrivals_per_hour) {
          out << "Kedatangan dihitung dari " << report->arrivals << " kasus dalam " << q.weeks
              << " minggu terakhir\n";
        }
        out << "hari\tjam\tdatang/jam\tpetugas_perlu\tpeluang_menunggu\trata2_tunggu_menit";
        if (q.officers > 0) out << "\ttunggu_dgn_" << q.officers << "_petugas_menit\tlayanan_tepat";
        out << "\n";
        for (const auto& s : report->slots) {
          out << (s.weekday < 0 ? "-" : kWeekdays[s.weekday]) << "\t"
              << (s.hour < 0 ? std::string("-")
                             : (s.hour < 10 ? "0" : "") + std::to_string(s.hour) + ":00")
              << "\t" << Fixed(s.arrivals_per_hour, 2) << "\t"
              << (s.needed ? std::to_string(s.needed->agents) : std::string(">10000")) << "\t"
              << (s.needed ? Fixed(s.needed->probability_of_wait, 3) : "-") << "\t"
              << (s.needed ? Fixed(s.needed->mean_wait_seconds / 60, 1) : "-");
          if (s.today) {
            out << "\t"
                << (s.today->stable ? Fixed(s.today->mean_wait_seconds / 60, 1) : "tak_terbatas")
                << "\t" << Fixed(s.today->service_level * 100, 0) << "%";
          }
          out << "\n";
        }
        out << "Puncak: " << report->peak_officers << " petugas\n";
        return 0;
      });
}

int ForecastBacklog(const ForecastFlags& flags, std::ostream& out, std::ostream& err) {
  return WithForecasts(
      flags, "backlog", err,
      [&](app::Forecasts& forecasts, const domain::Pemda& pemda, Timestamp now) {
        app::BacklogQuery q;
        q.agency_code = flags.agency;
        q.window_days = flags.window_days;
        q.deadline_days = flags.deadline_days;
        q.cases_per_officer_day = flags.cases_per_officer_day;
        q.now = now;
        auto report = forecasts.Backlog(pemda, q);
        if (!report) return Refused(report.error(), "backlog", err);
        auto opt = [](const std::optional<double>& x) { return x ? json(*x) : json(nullptr); };
        if (flags.format == "json") {
          json agencies = json::array();
          for (const auto& a : report->agencies) {
            const auto& f = a.forecast;
            json horizons = json::array();
            for (size_t i = 0; i < f.horizons.size(); ++i) {
              horizons.push_back({{"weeks", report->horizon_weeks[i]},
                                  {"working_days", f.horizons[i].days},
                                  {"open", f.horizons[i].open},
                                  {"overdue", f.horizons[i].overdue}});
            }
            agencies.push_back(
                {{"agency_code", a.agency_code},
                 {"open", f.open_now},
                 {"overdue", f.overdue_now},
                 {"arrivals_per_day", a.arrivals_per_day},
                 {"resolutions_per_day", a.resolutions_per_day},
                 {"officers", a.officers},
                 {"clears_in_days", f.clears_in_days ? json(*f.clears_in_days) : json(nullptr)},
                 {"horizons", std::move(horizons)},
                 {"officer_days_to_recover", opt(f.officer_days_to_recover)},
                 {"extra_officers_to_keep_pace", opt(f.extra_officers_to_keep_pace)}});
          }
          out << json{{"window_days", q.window_days}, {"agencies", std::move(agencies)}}.dump(2)
              << "\n";
          return 0;
        }
        out << "opd\tterbuka\tterlambat\tmasuk/hari\tselesai/hari\ttuntas_dalam_hari_kerja"
               "\tterlambat_1mg\tterlambat_2mg\tterlambat_4mg\thari_petugas_pemulihan\n";
        for (const auto& a : report->agencies) {
          const auto& f = a.forecast;
          out << a.agency_code << "\t" << Fixed(f.open_now, 0) << "\t" << Fixed(f.overdue_now, 0)
              << "\t" << Fixed(a.arrivals_per_day, 2) << "\t" << Fixed(a.resolutions_per_day, 2)
              << "\t"
              << (f.clears_in_days ? std::to_string(*f.clears_in_days) : std::string("tidak"));
          for (const auto& h : f.horizons) out << "\t" << Fixed(h.overdue, 0);
          out << "\t" << (f.officer_days_to_recover ? Fixed(*f.officer_days_to_recover, 1) : "-")
              << "\n";
        }
        return 0;
      });
}

}  // namespace sigap::cli
