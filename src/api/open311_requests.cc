// GeoReport v2: services, service definitions, service requests and tokens.
#include "api/open311_requests.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "api/idempotency.h"
#include "api/open311_status.h"
#include "domain/case_validation.h"
#include "domain/text.h"

namespace sigap::api::open311 {
namespace {

struct Text {
  std::string_view key;
  std::string_view id;
  std::string_view en;
};

// "%" is replaced by the detail.
constexpr Text kMessages[] = {
    {"unknown_resource", "Sumber daya tidak dikenal: %", "Unknown resource: %"},
    {"method", "Metode % tidak didukung untuk sumber daya ini",
     "Method % is not supported on this resource"},
    {"no_pemda", "Pemda belum dikonfigurasi", "No Pemda is configured"},
    {"form", "Kirim parameter sebagai application/x-www-form-urlencoded yang valid",
     "Send the parameters as valid application/x-www-form-urlencoded"},
    {"jurisdiction", "jurisdiction_id tidak dikenal: %", "Unknown jurisdiction_id: %"},
    {"api_key_missing", "api_key wajib diisi", "api_key is required"},
    {"api_key_wrong", "api_key tidak valid", "api_key is not valid"},
    {"internal", "Kesalahan server; sebutkan request_id %", "Server error; quote request_id %"},
    // Sigap's own reasons are English sentences: in Indonesian the status
    // says it, rather than a sentence in two languages.
    {"refused", "Permintaan ditolak", "Request refused: %"},
    {"refused_denied", "Permintaan ditolak: Anda tidak berwenang atas laporan ini",
     "Request refused: %"},
    {"refused_missing", "Permintaan ditolak: tidak ditemukan", "Request refused: %"},
    {"unknown_service", "service_code tidak dikenal: %", "Unknown service_code: %"},
    {"service_code_required", "service_code wajib diisi", "service_code is required"},
    {"location_required", "Lokasi wajib diisi: lat dan long, address_string, atau address_id",
     "A location is required: lat and long, address_string or address_id"},
    {"lat_long", "lat dan long harus diisi bersama, sebagai angka",
     "lat and long go together, as numbers"},
    {"description_long", "description: lebih dari 4000 karakter",
     "description: longer than 4000 characters"},
    {"description_html", "description: tidak boleh berisi HTML",
     "description: must not contain HTML"},
    {"unknown_request", "service_request_id tidak dikenal: %", "Unknown service_request_id: %"},
    {"unknown_token", "token tidak dikenal: %", "Unknown token: %"},
    {"bad_date",
     "%: bukan tanggal dan jam W3C (ISO 8601) dengan zona waktu, atau tanggal saja "
     "(YYYY-MM-DD, hari di zona waktu Pemda)",
     "%: not a W3C (ISO 8601) date and time with its time zone, nor a date alone "
     "(YYYY-MM-DD, the day in the Pemda's time zone)"},
    {"date_order", "%: tanggal akhir sebelum tanggal awal", "%: the end is before the start"},
    {"date_span", "%: rentang tanggal paling lama 90 hari", "%: dates at most 90 days apart"},
    {"bad_status", "status harus open atau closed: %", "status must be open or closed: %"},
    {"bad_number", "%: harus bilangan bulat dalam rentang yang diizinkan",
     "%: must be a whole number in the allowed range"},
    {"unknown_status", "status tidak dikenal: %", "Unknown status: %"},
    {"status_required", "status wajib diisi", "status is required"},
    {"request_id_required", "service_request_id wajib diisi", "service_request_id is required"},
    {"too_many_ids", "%: paling banyak 1.000 kode dalam satu permintaan",
     "%: at most 1,000 codes in one request"},
    {"illegal", "Status laporan saat ini (%) tidak mengizinkan perubahan ini",
     "The request's current status (%) does not allow this change"},
    {"field_required", "% wajib diisi untuk status ini", "% is required for this status"},
    {"update_id_long", "update_id: lebih dari 100 karakter",
     "update_id: longer than 100 characters"},
    {"notice", "Diselesaikan paling lama % hari kerja", "Resolved within % working days"},
};

constexpr Text kStatusNotes[] = {
    {"received", "Diterima, menunggu verifikasi", "Received, awaiting verification"},
    {"verified", "Terverifikasi, menunggu disposisi", "Verified, awaiting referral"},
    {"needs_info", "Menunggu informasi tambahan dari pelapor",
     "Waiting for more information from the reporter"},
    {"rejected", "Ditolak", "Rejected"},
    {"disposed", "Didisposisikan kepada instansi yang menangani",
     "Referred to the handling agency"},
    {"in_progress", "Sedang ditangani", "In progress"},
    {"resolved", "Selesai ditangani", "Resolved"},
    {"closed", "Ditutup", "Closed"},
    {"merged", "Digabung dengan laporan lain", "Merged into another request"},
};

template <size_t N>
std::string Lookup(const Text (&table)[N], const http::Request& request, std::string_view key,
                   std::string_view detail) {
  const bool en = RequestLang(request) == Lang::kEn;
  for (const auto& t : table) {
    if (t.key != key) continue;
    std::string out(en ? t.en : t.id);
    if (const auto pos = out.find('%'); pos != std::string::npos) {
      out.replace(pos, 1, detail);
    }
    return out;
  }
  return std::string(key);
}

// Sigap's field names in Open311's words.
std::string Open311Name(const std::string& field) {
  static const std::map<std::string, std::string> kNames = {
      {"location.address", "address_string"},
      {"location.lat", "lat"},
      {"location.lng", "long"},
      {"location.region_code", "address_string"},
      {"reporter.name", "first_name"},
      {"reporter.phone", "phone"},
      {"reporter.email", "email"},
      {"title", "description"},
      {"into", "duplicate_of"},
      {"text", "description"},
      {"occurred_at", "updated_datetime"},
  };
  const auto it = kNames.find(field);
  return it == kNames.end() ? field : it->second;
}

// Cuts `text` to its first line and at most `max` code points.
std::string Headline(const std::string& text, size_t max) {
  // The first line with something on it: a description may begin with a
  // blank line.
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    if (!domain::Trim(text.substr(start, end - start)).empty()) break;
    start = end + 1;
  }
  if (start >= text.size()) return {};
  std::string line = text.substr(start, text.find('\n', start) - start);
  // A tab or a carriage return is a space in a one-line title (the title
  // allows no control characters, the description does).
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\t' || c == '\r'; }, ' ');
  size_t points = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (++points <= max) continue;
    // Cut between words, never inside one: the reporter's name is masked
    // at read time word by word, and a cut through it ("Wahyunin") would
    // be published with the title. A single word longer than the title is
    // cut where it must be.
    if (line[i] != ' ' && line[i - 1] != ' ') {
      if (const size_t space = line.rfind(' ', i); space != std::string::npos) i = space;
    }
    return domain::Trim(line.substr(0, i)) + "…";
  }
  return domain::Trim(line);
}

// True when `text` looks like markup: "<" followed by a letter, "/", "!"
// or "?".
bool HasHtml(const std::string& text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '<') continue;
    const char next = text[i + 1];
    if (!std::isalpha(static_cast<unsigned char>(next)) && next != '/' && next != '!' &&
        next != '?') {
      continue;
    }
    // A tag closes before any other opens: "air<lemah sekali" is text.
    const size_t close = text.find_first_of("<>", i + 1);
    if (close != std::string::npos && text[close] == '>') return true;
  }
  return false;
}

// A decimal number ("-6.9932", "110.42", "1e-3"): not hexadecimal ("0x10"),
// "inf" or "nan", which strtod would also read.
std::optional<double> ParseDouble(const std::string& text) {
  if (text.find_first_not_of("+-0123456789.eE") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::nullopt;
  return v;
}

std::optional<long> ParseWhole(const std::string& text, long min, long max) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < min || v > max) return std::nullopt;
  return v;
}

http::Response Error400(const Call& call, std::string_view key, std::string_view detail = "") {
  return ErrorResponse(call.format, 400, {Message(call.request, key, detail)});
}

// The catalogue's names, read once per call.
struct Names {
  std::map<std::string, domain::Service> services;
  std::map<std::string, std::string> agencies;
  // Earlier versions of a service's standard, read when a case asks.
  mutable std::map<std::string, std::vector<domain::ServiceStandard>> versions;
};

Result<Names> ReadNames(Call& call) {
  Names names;
  auto services = call.ctx.store.ListServices(call.pemda.id);
  if (!services) return Fail(services.error());
  for (auto& s : *services) names.services.emplace(s.code, std::move(s));
  auto agencies = call.ctx.store.ListAgencies(call.pemda.id);
  if (!agencies) return Fail(agencies.error());
  for (auto& a : *agencies) names.agencies.emplace(a.code, a.name);
  return names;
}

std::string Notice(const Call& call, int completion_days) {
  if (completion_days <= 0) return "";
  return Message(call.request, "notice", std::to_string(completion_days));
}

// The time limit of the Standar Pelayanan a case was filed under: a later
// version does not change what its citizen was promised.
int CompletionDays(Call& call, const Names& names, const domain::Case& c,
                   const domain::Service* service) {
  if (!service) return 0;
  const int version = c.service_version;
  if (version <= 0 || version == service->standard.version) {
    return service->standard.completion_days;
  }
  auto& versions = names.versions[service->code];
  if (versions.empty()) {
    auto listed = call.ctx.store.ListServiceStandards(call.pemda.id, service->code);
    if (listed) versions = std::move(*listed);
  }
  for (const auto& standard : versions) {
    if (standard.version == version) return standard.completion_days;
  }
  return service->standard.completion_days;
}

Value ServiceValue(const domain::Service& s) {
  std::string keywords;
  for (const auto& k : s.keywords) keywords += (keywords.empty() ? "" : ",") + k;
  Value v = Value::Object();
  v.Add("service_code", Value::String(s.code))
      .Add("service_name", Value::String(s.name))
      .Add("description", Value::StringOrNull(s.description))
      .Add("metadata", Value::Bool(!s.standard.attributes.empty()))
      .Add("type", Value::String("realtime"))
      .Add("keywords", Value::StringOrNull(keywords))
      .Add("group", Value::StringOrNull(s.group));
  return v;
}

std::string StatusNotes(const Call& call, const domain::Case& c) {
  std::string notes = Lookup(kStatusNotes, call.request, domain::ToString(c.status), "");
  if (c.status == domain::CaseStatus::kRejected && !c.handling.reject_reason.empty()) {
    const auto reason = domain::ParseRejectReason(c.handling.reject_reason);
    notes +=
        " (" +
        (reason ? std::string(domain::ReasonWords(*reason, RequestLang(call.request) == Lang::kEn))
                : c.handling.reject_reason) +
        ")";
  }
  return notes;
}

// GeoReport v2's expected_datetime: "when the request is expected to be
// fulfilled". That is the resolution deadline, once it runs (it counts from
// the first disposition); the deadlines before it (verification, the
// agency's first follow-up) are not the fulfilment, and a paused clock
// (waiting for the reporter) has no date until it resumes.
std::optional<Timestamp> ExpectedFulfilment(const domain::Case& c) {
  using S = domain::CaseStatus;
  if (c.status == S::kResolved || c.status == S::kClosed || c.status == S::kRejected ||
      c.status == S::kMerged) {
    return std::nullopt;
  }
  const auto& h = c.handling;
  if (h.stage != domain::Stage::kResolution || h.paused_at) return std::nullopt;
  return h.due_at;
}

// One service request, as GeoReport v2 lists it; `events` (public ones)
// fill the notes of extensions=true, their texts masked as the case's are,
// the words of `reporter_name` too.
Value RequestValue(Call& call, const domain::Case& c, const Names& names, bool extensions,
                   const std::vector<domain::CaseEvent>* events, std::string_view reporter_name) {
  const auto& s = c.submission;
  const auto service = names.services.find(s.service_code);
  const domain::Service* svc = service == names.services.end() ? nullptr : &service->second;
  const auto agency = names.agencies.find(c.agency_code);
  Value v = Value::Object();
  v.Add("service_request_id", Value::String(c.tracking_code))
      .Add("status", Value::String(std::string(OpenOrClosed(c.status))))
      .Add("status_notes", Value::String(StatusNotes(call, c)))
      .Add("service_name", Value::StringOrNull(c.service_name))
      .Add("service_code", Value::StringOrNull(s.service_code))
      .Add("description", Value::StringOrNull(s.description))
      .Add("agency_responsible",
           Value::StringOrNull(agency == names.agencies.end() ? c.agency_code : agency->second))
      .Add("service_notice", Value::StringOrNull(Notice(call, CompletionDays(call, names, c, svc))))
      .Add("requested_datetime", Value::String(call.Time(c.created_at)))
      .Add("updated_datetime", Value::String(call.Time(c.updated_at)))
      .Add("expected_datetime",
           ExpectedFulfilment(c) ? Value::String(call.Time(*ExpectedFulfilment(c))) : Value::Null())
      // The address an Open311 client sent is the place of the problem; an
      // address given on other channels may be the citizen's own and stays
      // hidden, as in the public case view.
      .Add("address",
           Value::StringOrNull(s.channel == domain::Channel::kOpen311 ? s.location.address
                                                                      : std::string()))
      .Add("address_id", Value::StringOrNull(s.location.address_id))
      .Add("zipcode", Value::Null())
      .Add("lat", s.location.point ? Value::Number(s.location.point->lat) : Value::Null())
      .Add("long", s.location.point ? Value::Number(s.location.point->lng) : Value::Null())
      .Add("media_url", Value::StringOrNull(s.media_url));
  if (!extensions) return v;

  Value extended = Value::Object();
  extended.Add("channel", Value::String(std::string(domain::ToString(s.channel))));
  // Where the point falls (routing by place), else the region the citizen
  // chose.
  const std::string& region = s.location.region_code;
  std::string kelurahan = c.placement.kelurahan_code;
  std::string kecamatan = c.placement.kecamatan_code;
  if (kelurahan.empty() && domain::RegionLevel(region) == 4) kelurahan = region;
  if (kecamatan.empty()) {
    kecamatan = domain::RegionLevel(region) == 4   ? domain::ParentRegionCode(region)
                : domain::RegionLevel(region) == 3 ? region
                                                   : std::string();
  }
  extended.Add("kelurahan_code", Value::StringOrNull(kelurahan));
  extended.Add("kecamatan_code", Value::StringOrNull(kecamatan));
  std::string duplicate_of;
  if (c.handling.merged_into != 0) {
    if (auto survivor = call.ctx.store.FindCase(call.pemda.id, c.handling.merged_into)) {
      duplicate_of = survivor->tracking_code;
    }
  }
  extended.Add("duplicate_of", Value::StringOrNull(duplicate_of));
  Value answers = Value::List("attribute");
  for (const auto& a : s.attributes) {
    Value values = Value::List("value");
    for (const auto& x : a.values) values.Push(Value::String(x));
    answers.Push(
        Value::Object().Add("code", Value::String(a.code)).Add("values", std::move(values)));
  }
  extended.Add("attributes", std::move(answers));
  v.Add("extended_attributes", std::move(extended));

  Value notes = Value::List("note");
  const domain::NameWords name(reporter_name);
  for (const auto& e : events ? *events : std::vector<domain::CaseEvent>{}) {
    namespace k = domain::event_kind;
    if (!e.is_public) continue;
    const bool forward = e.kind == k::kDisposed || e.kind == k::kForwarded;
    if (!forward && e.kind != k::kPublicUpdate && e.kind != k::kResolved &&
        e.kind != k::kRejected && e.kind != k::kInfoRequested) {
      continue;
    }
    const auto payload = nlohmann::json::parse(e.payload_json, nullptr, false);
    auto field = [&](const char* key) {
      return payload.is_object() && payload.contains(key) && payload[key].is_string()
                 ? payload[key].get<std::string>()
                 : std::string();
    };
    Value note = Value::Object();
    note.Add("datetime", Value::String(call.Time(e.at)))
        .Add("type", Value::String(forward ? "forward" : e.kind))
        .Add("summary", Value::StringOrNull(domain::MaskPersonalText(field("text"), name)))
        .Add("agency_code", Value::StringOrNull(forward ? field("agency_code") : std::string()))
        .Add("agency_name", Value::StringOrNull(forward ? field("agency_name") : std::string()));
    notes.Push(std::move(note));
  }
  v.Add("notes", std::move(notes));
  return v;
}

// Reads a W3C date parameter into `out`; false (and `problem`) when bad.
bool ReadDate(const Call& call, std::string_view name, std::optional<Timestamp>& out,
              std::optional<http::Response>& problem) {
  if (!call.Param(name)) return true;
  out = DateParam(call, name);
  if (!out) problem = Error400(call, "bad_date", name);
  return out.has_value();
}

// Completes a [from, until] pair: defaults, order and the 90-day span.
bool DateWindow(const Call& call, std::string_view name, std::optional<Timestamp>& from,
                std::optional<Timestamp>& until, std::optional<http::Response>& problem) {
  constexpr auto kSpan = std::chrono::days(90);
  if (from && until) {
    if (*until < *from) {
      problem = Error400(call, "date_order", name);
      return false;
    }
    // (An end read as the whole of its second may pass 90 days by that.)
    if (*until - *from >= kSpan + std::chrono::seconds(1)) {
      problem = Error400(call, "date_span", name);
      return false;
    }
  } else if (from) {
    until = *from + kSpan;
  } else if (until) {
    from = *until - kSpan;
  }
  return true;
}

}  // namespace

std::string OffsetPlusRestored(std::string date) {
  // A space before the offset's "HH:MM" is its "+".
  if (date.size() >= 6 && date[date.size() - 6] == ' ' && date[date.size() - 3] == ':') {
    date[date.size() - 6] = '+';
  }
  return date;
}

std::optional<Timestamp> DateParam(const Call& call, std::string_view name) {
  const auto text = call.Param(name);
  if (!text) return std::nullopt;
  const bool end = name == "end_date" || name == "updated_before";
  if (text->size() == 10 && (*text)[4] == '-' && (*text)[7] == '-') {
    const auto midnight_utc = ParseRfc3339(*text + "T00:00:00Z");
    if (!midnight_utc) return std::nullopt;
    return *midnight_utc - call.utc_offset +
           (end ? std::chrono::days(1) - std::chrono::microseconds(1)
                : std::chrono::microseconds(0));
  }
  const std::string date = OffsetPlusRestored(*text);
  auto at = ParseRfc3339(date);
  // The feeds print whole seconds: an end written that way (often one read
  // from a feed) takes in the whole of its second, so the request printed
  // with that time is listed.
  if (at && end && date.find('.') == std::string::npos) {
    *at += std::chrono::seconds(1) - std::chrono::microseconds(1);
  }
  return at;
}

std::string Message(const http::Request& request, std::string_view key, std::string_view detail) {
  return Lookup(kMessages, request, key, detail);
}

std::string FieldText(const http::Request& request, const FieldError& field) {
  FieldError named = field;
  named.field = Open311Name(field.field);
  return FieldProblemText(named, RequestLang(request));
}

std::vector<std::string> FieldTexts(const http::Request& request,
                                    const std::vector<FieldError>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    // Sigap's title and description are both Open311's description: one
    // message when both say the same.
    std::string text = FieldText(request, f);
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
  }
  return out;
}

http::Response Services(Call& call) {
  auto services = call.ctx.store.ListServices(call.pemda.id);
  if (!services) return call.Failure(services.error());
  Value list = Value::List("service");
  for (const auto& s : *services) {
    if (s.active) list.Push(ServiceValue(s));
  }
  auto response = Respond(call.format, 200, "services", list);
  response.With("Cache-Control", "public, max-age=60");
  return response;
}

http::Response ServiceDefinition(Call& call, const std::string& code) {
  auto service = call.ctx.store.FindService(call.pemda.id, code);
  if (!service || !service->active) {
    if (service || service.error().code == ErrorCode::kNotFound) {
      return ErrorResponse(call.format, 404, {Message(call.request, "unknown_service", code)});
    }
    return call.Failure(service.error());
  }
  Value attributes = Value::List("attribute");
  for (const auto& a : service->standard.attributes) {
    Value values = Value::List("value");
    for (const auto& x : a.values) {
      values.Push(
          Value::Object().Add("key", Value::String(x.key)).Add("name", Value::String(x.name)));
    }
    Value attribute = Value::Object();
    attribute.Add("variable", Value::Bool(a.variable))
        .Add("code", Value::String(a.code))
        .Add("datatype", Value::String(std::string(domain::ToString(a.datatype))))
        .Add("required", Value::Bool(a.required))
        .Add("datatype_description", Value::StringOrNull(a.datatype_description))
        .Add("order", Value::Integer(a.order))
        .Add("description", Value::String(a.description))
        .Add("values", std::move(values));
    attributes.Push(std::move(attribute));
  }
  Value out = Value::Object();
  out.Add("service_code", Value::String(service->code)).Add("attributes", std::move(attributes));
  auto response = Respond(call.format, 200, "service_definition", out);
  response.With("Cache-Control", "public, max-age=60");
  return response;
}

void PostRequest(Call& call, http::Reply reply) {
  std::optional<http::Response> problem;
  const auto principal = call.RequireKey(problem);
  if (!principal) return reply(std::move(*problem));
  const auto code = call.Param("service_code");
  if (!code) return reply(Error400(call, "service_code_required"));
  auto service = call.ctx.store.FindService(call.pemda.id, *code);
  if (!service || !service->active) {
    if (service || service.error().code == ErrorCode::kNotFound) {
      return reply(
          ErrorResponse(call.format, 404, {Message(call.request, "unknown_service", *code)}));
    }
    return reply(call.Failure(service.error()));
  }

  domain::CaseSubmission s;
  s.channel = domain::Channel::kOpen311;
  if (RequestLang(call.request) == Lang::kEn) s.language = "en";
  s.service_code = service->code;
  const auto& kinds = service->kinds;
  s.kind = kinds.empty() || std::find(kinds.begin(), kinds.end(), domain::CaseKind::kComplaint) !=
                                kinds.end()
               ? domain::CaseKind::kComplaint
               : kinds.front();
  const auto lat = call.Param("lat");
  const auto lng = call.Param("long");
  if (lat || lng) {
    const auto la = lat ? ParseDouble(*lat) : std::nullopt;
    const auto lo = lng ? ParseDouble(*lng) : std::nullopt;
    if (!la || !lo) return reply(Error400(call, "lat_long"));
    s.location.point = domain::GeoPoint{*la, *lo};
  }
  s.location.address = call.Param("address_string").value_or("");
  s.location.address_id = call.Param("address_id").value_or("");
  if (!s.location.point && s.location.address.empty() && s.location.address_id.empty()) {
    return reply(Error400(call, "location_required"));
  }
  // A client that names the place by its Kemendagri code (a kecamatan or
  // kelurahan of the Pemda) gives the case its region: shown to officers,
  // routed by the region's rules.
  if (const int level = domain::RegionLevel(s.location.address_id); level == 3 || level == 4) {
    auto region = call.ctx.store.FindRegion(call.pemda.id, s.location.address_id);
    if (region) {
      s.location.region_code = region->code;
    } else if (region.error().code != ErrorCode::kNotFound) {
      return reply(call.Failure(region.error()));
    }
  }
  const std::string description = call.Param("description").value_or("");
  if (!domain::IsValidUtf8(description)) {
    return reply(ErrorResponse(call.format, 400,
                               {FieldText(call.request, {"description", "invalid_utf8", ""})}));
  }
  if (domain::CodePointCount(description) > 4000) return reply(Error400(call, "description_long"));
  if (HasHtml(description)) return reply(Error400(call, "description_html"));
  // The description is optional: one of blanks only is none.
  const bool described = !domain::Trim(description).empty();
  s.description = described ? description : service->name;
  // Cut from the masked text: a cut through an e-mail address or a phone
  // number would leave a fragment the masking at read time no longer
  // recognises ("zulkarnaen.wp@cont"), published with the title.
  s.title = described ? Headline(domain::MaskContactDetails(description), 100) : service->name;
  s.reporter.email = call.Param("email").value_or("");
  s.reporter.phone = call.Param("phone").value_or("");
  // One name in Sigap, two parameters in GeoReport: a fault of either is
  // told with that parameter's name, not with the name they make.
  const domain::SubmissionLimits limits;
  for (const char* part : {"first_name", "last_name"}) {
    if (const char* fault =
            domain::TextFault(call.Param(part).value_or(""), limits.name_max, false)) {
      return reply(ErrorResponse(call.format, 400, {FieldText(call.request, {part, fault, ""})}));
    }
  }
  s.reporter.name = domain::Trim(call.Param("first_name").value_or("") + " " +
                                 call.Param("last_name").value_or(""));
  // Anonymous unless the reporter's contact is given.
  s.anonymous = s.reporter.Empty();
  s.media_url = call.Param("media_url").value_or("");
  s.device_id = call.Param("device_id").value_or("");
  s.account_id = call.Param("account_id").value_or("");
  // attribute[CODE]=v and attribute[CODE][]=v1&attribute[CODE][]=v2.
  for (const auto& [name, value] : call.params) {
    if (!name.starts_with("attribute[")) continue;
    std::string code = name.substr(10);
    if (code.ends_with("][]")) {
      code.resize(code.size() - 3);
    } else if (code.ends_with("]")) {
      code.pop_back();
    } else {
      continue;
    }
    auto it = std::find_if(s.attributes.begin(), s.attributes.end(),
                           [&](const domain::AttributeAnswer& a) { return a.code == code; });
    if (it == s.attributes.end()) {
      s.attributes.push_back({code, {value}});
    } else {
      it->values.push_back(value);
    }
  }

  app::SubmitOptions options;
  options.actor = principal->Actor();
  // A mobile client that retries after a lost answer gets its request back,
  // not a second one, as on POST /api/v1/cases.
  if (auto key = call.request.Header("Idempotency-Key")) {
    if (!ValidIdempotencyKey(*key)) {
      return reply(ErrorResponse(
          call.format, 400, {FieldText(call.request, {"Idempotency-Key", "invalid_format", ""})}));
    }
    options.idempotency_key = ScopedIdempotencyKey(&*principal, *key);
    options.request_fingerprint = FormFingerprint(call.params);
  }
  // The reply runs on the store's writer thread after the commit: it keeps
  // copies, never `call`.
  http::Request for_errors;
  for_errors.method = call.request.method;
  for_errors.request_id = call.request.request_id;
  if (auto language = call.request.Header("Accept-Language")) {
    for_errors.headers.emplace("Accept-Language", std::string(*language));
  }
  const Format format = call.format;
  const std::string notice = Notice(call, service->standard.completion_days);
  const std::string account_id = s.account_id;
  call.ctx.intake.Submit(
      call.pemda.id, std::move(s), options,
      [format, notice, account_id, for_errors = std::move(for_errors),
       reply = std::move(reply)](Result<app::Submitted> submitted) {
        if (!submitted) {
          const Error& e = submitted.error();
          if (e.code == ErrorCode::kInvalidArgument) {
            return reply(ErrorResponse(format, 400, FieldTexts(for_errors, e.fields)));
          }
          if (e.code == ErrorCode::kConflict) {  // an Idempotency-Key of another request
            return reply(ErrorResponse(format, 409, FieldTexts(for_errors, e.fields)));
          }
          spdlog::error("request {} failed: {}", for_errors.request_id, e.message);
          const int status = e.code == ErrorCode::kUnavailable ? 503 : 500;
          return reply(ErrorResponse(format, status,
                                     {Message(for_errors, "internal", for_errors.request_id)}));
        }
        const std::string& id = submitted->receipt.tracking_code;
        Value request = Value::Object();
        request.Add("service_request_id", Value::String(id))
            .Add("token", Value::String(id))
            .Add("service_notice", Value::StringOrNull(notice))
            .Add("account_id", Value::StringOrNull(account_id));
        Value list = Value::List("request");
        list.Push(std::move(request));
        reply(Respond(format, 200, "service_requests", list));
      });
}

http::Response ListRequests(Call& call) {
  store::CaseFilter filter;
  filter.limit = 1000;
  std::vector<std::string> codes;
  std::optional<http::Response> problem;
  if (auto ids = call.List("service_request_id")) {
    // A list of ids overrides every other parameter.
    codes = std::move(*ids);
    if (codes.size() > 1000) return Error400(call, "too_many_ids", "service_request_id");
    for (const auto& code : codes) {
      if (const auto decoded = call.ctx.intake.codec().Decode(code)) {
        filter.ids.push_back(decoded->sequence);
      }
    }
    if (filter.ids.empty()) filter.ids.push_back(-1);  // none of them exists
  } else {
    if (auto services = call.List("service_code")) {
      filter.service_codes = std::move(*services);
      for (const auto& code : filter.service_codes) {
        auto found = call.ctx.store.FindService(call.pemda.id, code);
        if (!found) {
          if (found.error().code != ErrorCode::kNotFound) return call.Failure(found.error());
          return ErrorResponse(call.format, 404, {Message(call.request, "unknown_service", code)});
        }
      }
    }
    if (const auto status = call.List("status")) {
      bool open = false, closed = false;
      for (auto s : *status) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        if (s == "open") {
          open = true;
        } else if (s == "closed") {
          closed = true;
        } else {
          return Error400(call, "bad_status", s);
        }
      }
      using domain::CaseStatus;
      if (open != closed) {
        for (auto s : {CaseStatus::kReceived, CaseStatus::kVerified, CaseStatus::kNeedsInfo,
                       CaseStatus::kDisposed, CaseStatus::kInProgress, CaseStatus::kResolved,
                       CaseStatus::kClosed, CaseStatus::kRejected, CaseStatus::kMerged}) {
          if ((OpenOrClosed(s) == "open") == open) filter.statuses.push_back(s);
        }
      }
    }
    if (!ReadDate(call, "start_date", filter.created_from, problem) ||
        !ReadDate(call, "end_date", filter.created_until, problem) ||
        !ReadDate(call, "updated_after", filter.updated_from, problem) ||
        !ReadDate(call, "updated_before", filter.updated_until, problem) ||
        !DateWindow(call, "start_date/end_date", filter.created_from, filter.created_until,
                    problem) ||
        !DateWindow(call, "updated_after/updated_before", filter.updated_from, filter.updated_until,
                    problem)) {
      return std::move(*problem);
    }
    if (!filter.created_from && !filter.updated_from) {
      // GeoReport: without dates, the requests of the last 90 days.
      filter.created_until = call.ctx.clock.Now();
      filter.created_from = *filter.created_until - std::chrono::days(90);
    }
    if (filter.created_until) *filter.created_until += std::chrono::microseconds(1);
    if (filter.updated_until) *filter.updated_until += std::chrono::microseconds(1);
    long page = 1, page_size = 1000;
    if (const auto v = call.Param("page")) {
      const auto n = ParseWhole(*v, 1, 1000000);
      if (!n) return Error400(call, "bad_number", "page");
      page = *n;
    }
    if (const auto v = call.Param("page_size")) {
      const auto n = ParseWhole(*v, 1, 1000);
      if (!n) return Error400(call, "bad_number", "page_size");
      page_size = *n;
    }
    filter.limit = static_cast<int>(page_size);
    filter.offset = static_cast<int>(std::min<long>((page - 1) * page_size, 1000000000L));
  }
  const bool extensions = call.Param("extensions") == "true";

  auto names = ReadNames(call);
  if (!names) return call.Failure(names.error());
  // The reporters' names mask the notes of extensions=true.
  std::vector<std::string> reporters;
  auto page = call.ctx.reader.ListPublic(call.pemda.id, filter, &reporters);
  if (!page) return call.Failure(page.error());
  Value list = Value::List("request");
  for (size_t i = 0; i < page->cases.size(); ++i) {
    const domain::Case& c = page->cases[i];
    if (!codes.empty() && std::none_of(codes.begin(), codes.end(), [&](const std::string& code) {
          return domain::TrackingCodec::Normalize(code) == c.tracking_code;
        })) {
      continue;  // the id decodes to this case but with another salt: a guess
    }
    std::vector<domain::CaseEvent> events;
    if (extensions) {
      auto all = call.ctx.store.ListCaseEvents(call.pemda.id, c.id);
      if (!all) return call.Failure(all.error());
      events = std::move(*all);
    }
    list.Push(
        RequestValue(call, c, *names, extensions, extensions ? &events : nullptr, reporters[i]));
  }
  return Respond(call.format, 200, "service_requests", list);
}

http::Response GetRequest(Call& call, const std::string& id) {
  auto view = call.ctx.reader.View(call.pemda.id, id, nullptr, "");
  if (!view) {
    if (view.error().code == ErrorCode::kNotFound ||
        view.error().code == ErrorCode::kPermissionDenied) {
      return ErrorResponse(call.format, 404, {Message(call.request, "unknown_request", id)});
    }
    return call.Failure(view.error());
  }
  auto names = ReadNames(call);
  if (!names) return call.Failure(names.error());
  const bool extensions = call.Param("extensions") == "true";
  Value list = Value::List("request");
  list.Push(RequestValue(call, view->c, *names, extensions, &view->events, view->hidden_name));
  auto response = Respond(call.format, 200, "service_requests", list);
  response.With("Cache-Control", "no-cache");
  return response;
}

http::Response GetToken(Call& call, const std::string& token) {
  // Tokens are the tracking codes themselves (see the top of open311.cc).
  auto view = call.ctx.reader.View(call.pemda.id, token, nullptr, "");
  if (!view) {
    if (view.error().code == ErrorCode::kNotFound ||
        view.error().code == ErrorCode::kPermissionDenied) {
      return ErrorResponse(call.format, 404, {Message(call.request, "unknown_token", token)});
    }
    return call.Failure(view.error());
  }
  Value request = Value::Object();
  request.Add("service_request_id", Value::String(view->c.tracking_code))
      .Add("token", Value::String(token));
  Value list = Value::List("request");
  list.Push(std::move(request));
  return Respond(call.format, 200, "service_requests", list);
}

}  // namespace sigap::api::open311
