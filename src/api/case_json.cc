#include "api/case_json.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "api/i18n.h"
#include "api/json_body.h"
#include "domain/case_validation.h"
#include "domain/fnv.h"
#include "domain/text.h"
#include "json/writer.h"

namespace sigap::api {

using nlohmann::json;

Result<domain::CaseSubmission> SubmissionFromJson(const json& body, domain::Channel channel) {
  std::vector<FieldError> errors;
  domain::CaseSubmission s;
  s.channel = channel;
  // A member the API does not know is named, not dropped: "confidental":
  // true must not file a public case.
  UnknownFields(body,
                {"kind", "service_code", "category", "title", "description", "anonymous",
                 "confidential", "location", "reporter", "attachments", "attributes"},
                errors);

  const auto kind = ReadString(body, "kind", "", errors);
  if (kind && !kind->empty()) {
    if (auto k = domain::ParseCaseKind(*kind)) {
      s.kind = *k;
    } else {
      errors.push_back({"kind", "invalid_value",
                        "kind must be complaint, request, aspiration or information",
                        domain::CaseKindNames()});
    }
  } else if (kind) {
    errors.push_back({"kind", "required", "kind is required"});
  }
  auto take = [&](std::string& out, const json& obj, std::string_view key,
                  const std::string& path) {
    if (auto v = ReadString(obj, key, path, errors)) out = std::move(*v);
  };
  take(s.service_code, body, "service_code", "");
  take(s.category, body, "category", "");
  take(s.title, body, "title", "");
  take(s.description, body, "description", "");
  if (auto v = ReadBool(body, "anonymous", "", errors)) s.anonymous = *v;
  if (auto v = ReadBool(body, "confidential", "", errors)) s.confidential = *v;

  const auto unknown_in = [&](const json& object, const std::string& path,
                              const std::vector<std::string>& known) {
    std::vector<FieldError> found;
    UnknownFields(object, known, found);
    for (auto& e : found) errors.push_back({path + "." + e.field, e.code, e.message});
  };
  if (const json* loc = ReadObject(body, "location", "", errors)) {
    unknown_in(*loc, "location", {"lat", "lng", "region_code", "address"});
    const auto lat = ReadNumber(*loc, "lat", "location", errors);
    const auto lng = ReadNumber(*loc, "lng", "location", errors);
    if (lat && lng) {
      s.location.point = domain::GeoPoint{*lat, *lng};
    } else if (lat.has_value() != lng.has_value()) {
      // The other one absent, not of a wrong type (already named).
      const auto other = loc->find(lat ? "lng" : "lat");
      if (other == loc->end() || other->is_null()) {
        errors.push_back(
            {lat ? "location.lng" : "location.lat", "required", "lat and lng go together"});
      }
    }
    take(s.location.region_code, *loc, "region_code", "location");
    take(s.location.address, *loc, "address", "location");
  }
  if (const json* rep = ReadObject(body, "reporter", "", errors)) {
    unknown_in(*rep, "reporter", {"name", "phone", "email", "nik"});
    take(s.reporter.name, *rep, "name", "reporter");
    take(s.reporter.phone, *rep, "phone", "reporter");
    take(s.reporter.email, *rep, "email", "reporter");
    take(s.reporter.nik, *rep, "nik", "reporter");
  }
  if (const auto it = body.find("attachments"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.push_back({"attachments", "invalid_type", "must be an array"});
    } else {
      for (size_t i = 0; i < it->size() && i <= 10; ++i) {
        const std::string path = "attachments[" + std::to_string(i) + "]";
        const json& a = (*it)[i];
        if (!a.is_object()) {
          errors.push_back({path, "invalid_type", "must be an object"});
          continue;
        }
        unknown_in(a, path, {"name", "content_type", "sha256", "upload_token", "size_bytes"});
        domain::Attachment att;
        take(att.name, a, "name", path);
        take(att.content_type, a, "content_type", path);
        take(att.sha256, a, "sha256", path);
        take(att.upload_token, a, "upload_token", path);
        if (auto size = ReadNumber(a, "size_bytes", path, errors)) {
          att.size_bytes = *size >= 0 && *size < 1e15 ? static_cast<int64_t>(*size) : -1;
        }
        s.attachments.push_back(std::move(att));
      }
      if (it->size() > 10) s.attachments.resize(11);  // lets validation report "too_many"
    }
  }
  // Answers to the service's questions: {"CODE": "value"} or
  // {"CODE": ["value", ...]} for a multivaluelist.
  if (const json* answers = ReadObject(body, "attributes", "", errors)) {
    for (const auto& [code, value] : answers->items()) {
      domain::AttributeAnswer answer{code, {}};
      if (value.is_string()) {
        answer.values.push_back(value.get<std::string>());
      } else if (value.is_number()) {
        // A number question answered with a JSON number: as its text.
        answer.values.push_back(value.dump());
      } else if (value.is_array() && value.size() <= 50 &&
                 std::all_of(value.begin(), value.end(),
                             [](const json& v) { return v.is_string(); })) {
        for (const auto& v : value) answer.values.push_back(v.get<std::string>());
      } else {
        // Named as the other answer errors are (domain::ValidateAnswers).
        errors.push_back({"attribute[" + code + "]", "invalid_type",
                          "a string, a number or an array of strings"});
        continue;
      }
      s.attributes.push_back(std::move(answer));
    }
  }
  if (!errors.empty()) {
    // Report the other problems too, so the client can fix everything at once.
    for (auto& e : domain::ValidateSubmission(s)) {
      const bool seen = std::any_of(errors.begin(), errors.end(),
                                    [&](const FieldError& f) { return f.field == e.field; });
      if (!seen) errors.push_back(std::move(e));
    }
    return Fail(ErrorCode::kInvalidArgument, "the submission is invalid", std::move(errors));
  }
  return s;
}

json ReceiptJson(const app::Submitted& s) {
  const std::string& code = s.receipt.tracking_code;
  return json{{"tracking_code", code},
              {"status", domain::ToString(s.receipt.status)},
              {"created_at", FormatRfc3339(s.receipt.created_at)},
              {"reporter_secret", s.reporter_secret},
              {"links", {{"self", "/api/v1/cases/" + code}}}};
}

std::string CaseEtag(const domain::Case& c, app::Viewer viewer, Timestamp now,
                     const std::vector<domain::CaseEvent>* events, const app::OfficerNames* names) {
  // Built by appending: g++ 12 -O3 warns falsely on "\"" + to_string (PR 105651).
  std::string etag = "\"v";
  etag.append(std::to_string(c.version));
  etag.append("-").append(std::to_string(static_cast<int>(viewer)));
  etag.append("-").append(std::to_string(static_cast<int>(domain::DeadlineAt(c.handling, now))));
  if (viewer == app::Viewer::kOfficer && events && names) {
    // FNV-1a over each named actor and its name, in the events' order: the
    // same on every node.
    uint64_t hash = domain::kFnvOffsetBasis;
    bool named = false;
    const auto mix = [&hash](std::string_view bytes) {
      hash = domain::Fnv1a("\xff", domain::Fnv1a(bytes, hash));  // 0xff ends each field
    };
    for (const auto& e : *events) {
      if (const auto* name = app::OfficerFullName(*names, e.actor)) {
        mix(e.actor);
        mix(*name);
        named = true;
      }
    }
    if (named) {
      char mark[20];
      std::snprintf(mark, sizeof mark, "-n%08x", static_cast<unsigned>(hash ^ (hash >> 32)));
      etag.append(mark);
    }
  }
  etag.append("\"");
  return etag;
}

http::Response RevalidatedCase(const http::Request& request, const std::string& etag,
                               app::Viewer viewer, const std::function<http::Response()>& fresh) {
  http::Response response;
  if (auto match = request.Header("If-None-Match"); match && http::ETagMatches(*match, etag)) {
    response.status = 304;
  } else {
    response = fresh();
  }
  response.With("ETag", etag);
  response.With("Cache-Control", "private, no-cache");
  if (viewer != app::Viewer::kPublic) response.With("Vary", "Cookie, Authorization");
  return response;
}

// A model's likeliest labels in a routing_suggested payload `p`: the
// Pemda's code each names (array `codes`, as `code_key`), the label and its
// probability (3 decimals as strings in the payload).
static json TopJson(const json& p, const char* codes_key, const char* labels_key,
                    const char* probabilities_key, const char* code_key) {
  json top = json::array();
  const json codes = p.value(codes_key, json::array());
  const json labels = p.value(labels_key, json::array());
  const json probabilities = p.value(probabilities_key, json::array());
  for (size_t i = 0; i < codes.size() && i < probabilities.size() && i < labels.size(); ++i) {
    if (!codes[i].is_string() || !probabilities[i].is_string()) continue;
    top.push_back(
        {{code_key, codes[i]},
         {"label", labels[i]},
         {"probability", std::strtod(probabilities[i].get<std::string>().c_str(), nullptr)}});
  }
  return top;
}

// The category model's part of a routing_suggested payload: its top
// categories with their probabilities, the model and its proposal (null
// when it made none); null when the Pemda had no category model.
static json CategorySuggestionJson(const json& p) {
  if (!p.contains("category_model")) return nullptr;
  json top = TopJson(p, "categories", "category_labels", "category_probabilities", "category_code");
  const std::string proposal = p.value("category_code", "");
  return {{"model", p.value("category_model", "")},
          {"top", std::move(top)},
          {"category_code", proposal.empty() ? json(nullptr) : json(proposal)}};
}

// Routing by text (issue 8): the latest routing_suggested event, shaped
// for the verifier — the top agencies with their probabilities, the words
// that weighed most, the model and its proposal (null when it made none);
// null when the classifier has not spoken.
static json TextSuggestionJson(const std::vector<domain::CaseEvent>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->kind != domain::event_kind::kRoutingSuggested) continue;
    const json p = json::parse(it->payload_json, nullptr, false);
    if (!p.is_object()) return nullptr;
    json top = TopJson(p, "agencies", "labels", "probabilities", "agency_code");
    json out{{"model", p.value("model", "")},
             {"decision", p.value("decision", "human")},
             {"top", std::move(top)},
             {"words", p.value("words", json::array())},
             {"at", FormatRfc3339(it->at)}};
    const std::string agency = p.value("agency_code", "");
    out["agency_code"] = agency.empty() ? json(nullptr) : json(agency);
    out["category"] = CategorySuggestionJson(p);
    return out;
  }
  return nullptr;
}

namespace {

// The names of an event's files ("KTP <name> <NIK>.pdf") masked as its
// text is.
void MaskFileNames(json& payload, std::string_view hidden_name) {
  const auto files = payload.find("attachments");
  if (files == payload.end() || !files->is_array()) return;
  for (auto& file : *files) {
    if (auto name = file.find("name");
        file.is_object() && name != file.end() && name->is_string()) {
      *name = domain::MaskPersonalText(name->get<std::string>(), hidden_name);
    }
  }
}

}  // namespace

void WriteEvent(JsonWriter& w, const domain::CaseEvent& e, app::Viewer viewer,
                std::optional<std::string_view> hidden_name,
                const std::vector<std::string>& published, const app::OfficerNames* names) {
  // Keys in sorted order (JsonWriter's contract).
  const bool officer = viewer == app::Viewer::kOfficer;
  const bool submitted = e.kind == domain::event_kind::kSubmitted;
  // A submission is a citizen's report whichever channel relayed it (an
  // Open311 client's key, an officer taking a phone call, an import).
  const auto public_actor = [&e, submitted] {
    if (submitted) return "citizen";
    return e.actor == "citizen" ? "citizen" : e.actor == "system" ? "system" : "officer";
  };
  w.BeginObject();
  w.Key("actor").String(officer ? std::string_view(e.actor) : public_actor());
  if (const auto* name = officer && names ? app::OfficerFullName(*names, e.actor) : nullptr) {
    w.Key("actor_name").String(*name);
  }
  w.Key("at").String(FormatRfc3339(e.at));
  w.Key("kind").String(e.kind);
  // The public never sees the payload of the submission (the case shows
  // it): not worth parsing.
  if (officer || !submitted) {
    json payload = json::parse(e.payload_json, nullptr, false);
    if (payload.is_discarded()) payload = nullptr;
    if (officer) {
      if (hidden_name && payload.is_object()) {
        // The words people typed (a submission's too), not the codes and
        // times around them: a region code's dotted digits are no phone.
        const auto mask = [name = *hidden_name, &published](json& object, const char* key) {
          if (auto it = object.find(key); it != object.end() && it->is_string()) {
            *it = domain::MaskPersonalText(it->get<std::string>(), name, published);
          }
        };
        for (const char* key : {"text", "reason", "note", "title", "description"}) {
          mask(payload, key);
        }
        if (auto l = payload.find("location"); l != payload.end() && l->is_object()) {
          mask(*l, "address");
        }
        MaskFileNames(payload, *hidden_name);
      }
      w.Key("payload").Value(payload);
      w.Key("public").Bool(e.is_public);
    } else if (payload.is_object()) {
      // The citizen's timeline: who acted by kind, not by name, and only
      // what is meant for the public.
      static constexpr std::string_view kPublicKeys[] = {
          "text",      "agency_code", "agency_name",  "supporting",
          "due_at",    "into",        "duplicate_of", "clock",
          "completed", "auto",        "reopen_until", "attachments"};
      json shown = json::object();
      for (auto key : kPublicKeys) {
        if (auto it = payload.find(key); it != payload.end()) shown[std::string(key)] = *it;
      }
      if (domain::ReasonIsPublic(e.kind)) {
        shown["reason"] = payload.value("reason", "");
      }
      if (viewer == app::Viewer::kPublic && domain::CarriesReportersWords(e)) {
        shown.erase("text");
        shown.erase("attachments");
        if (shown.contains("reason")) shown["reason"] = "";
      }
      if (viewer == app::Viewer::kPublic) {
        // An officer's words to the citizen may name them or give a
        // number: the public reads them masked, as the case's own text,
        // but for the numbers the Pemda published as its own contacts (an
        // agency's call centre is no one's personal data).
        for (const char* key : {"text", "reason"}) {
          if (auto it = shown.find(key); it != shown.end() && it->is_string()) {
            *it = domain::MaskPersonalText(it->get<std::string>(), hidden_name.value_or(""),
                                           published);
          }
        }
        MaskFileNames(shown, hidden_name.value_or(""));
      }
      w.Key("payload").Value(shown);
    }
  }
  if (submitted) w.Key("status").String("received");
  w.EndObject();
}

namespace {

// A case's priority as policy rules raise it (issue 10).
std::string_view PriorityName(int priority) {
  return priority >= 2 ? "urgent" : priority == 1 ? "high" : "normal";
}

void WriteLocation(JsonWriter& w, const domain::Location& l, bool with_address) {
  w.BeginObject();
  if (with_address && !l.address.empty()) w.Key("address").String(l.address);
  if (with_address && !l.address_id.empty()) w.Key("address_id").String(l.address_id);
  if (l.point) {
    w.Key("lat").Number(l.point->lat);
    w.Key("lng").Number(l.point->lng);
  }
  if (!l.region_code.empty()) w.Key("region_code").String(l.region_code);
  w.EndObject();
}

// Routing by place (issue 5) and by text (issue 8): what the point says and
// what the rules and the classifier propose, for the verifier.
json RoutingJson(const domain::Case& c, const std::vector<domain::CaseEvent>& events) {
  const auto& p = c.placement;
  json routing{{"kelurahan_code", p.kelurahan_code},
               {"kecamatan_code", p.kecamatan_code},
               {"outside_pemda", p.outside_pemda}};
  if (!p.stated_region_code.empty()) routing["stated_region_code"] = p.stated_region_code;
  if (!p.proposed_agency.empty()) {
    routing["proposed_disposition"] = {{"agency_code", p.proposed_agency},
                                       {"rule", p.proposal_rule}};
  } else {
    routing["proposed_disposition"] = nullptr;
  }
  routing["text_suggestion"] = TextSuggestionJson(events);
  return routing;
}

json HandlingJson(const domain::Handling& h) {
  json supporting = json::array();
  for (const auto& a : h.supporting) {
    supporting.push_back({{"agency_code", a.agency_code}, {"input_requested", a.input_requested}});
  }
  return {{"assignee", h.assignee},
          {"verifier", h.verifier},
          {"supporting", std::move(supporting)},
          {"reject_reason", h.reject_reason},
          {"priority", PriorityName(h.priority)}};
}

}  // namespace

void WriteDeadline(JsonWriter& w, const domain::Case& c, Timestamp now) {
  const auto& h = c.handling;
  w.BeginObject();
  w.Key("due_at");
  if (h.due_at) {
    w.String(FormatRfc3339(*h.due_at));
  } else {
    w.Null();
  }
  w.Key("escalation_level").Int(h.escalation_level);
  w.Key("paused").Bool(h.paused_at.has_value());
  if (h.reopen_until &&
      (c.status == domain::CaseStatus::kResolved || c.status == domain::CaseStatus::kClosed)) {
    w.Key("reopen_until").String(FormatRfc3339(*h.reopen_until));
  }
  w.Key("stage");
  if (h.stage == domain::Stage::kNone) {
    w.Null();
  } else {
    w.String(domain::ToString(h.stage));
  }
  w.Key("state").String(domain::ToString(domain::DeadlineAt(h, now)));
  w.EndObject();
}

std::string CaseViewBody(const app::CaseView& view, const std::vector<store::CaseRating>& ratings,
                         Timestamp now) {
  const domain::Case& c = view.c;
  const auto& s = c.submission;
  const bool officer = view.viewer == app::Viewer::kOfficer;
  const bool is_public = view.viewer == app::Viewer::kPublic;
  std::string body;
  body.reserve(1024 + s.description.size());
  JsonWriter w(body);
  // Keys in sorted order (JsonWriter's contract).
  w.BeginObject();
  w.Key("agency_code").String(c.agency_code);
  w.Key("anonymous").Bool(s.anonymous);
  if (!is_public) {
    w.Key("attachments").BeginArray();
    for (const auto& a : s.attachments) {
      w.BeginObject()
          .Key("content_type")
          .String(a.content_type)
          .Key("name")
          .String(a.name)
          .Key("sha256")
          .String(a.sha256)
          .Key("size_bytes")
          .Int(a.size_bytes)
          .EndObject();
    }
    w.EndArray();
  }
  if (!s.attributes.empty()) {
    json answers = json::object();
    for (const auto& a : s.attributes) answers[a.code] = a.values;
    w.Key("attributes").Value(answers);
  }
  w.Key("category").String(s.category);
  w.Key("channel").String(domain::ToString(s.channel));
  w.Key("confidential").Bool(s.confidential);
  w.Key("created_at").String(FormatRfc3339(c.created_at));
  w.Key("deadline");
  WriteDeadline(w, c, now);
  w.Key("description").String(s.description);
  // The reporter's rating (issue 6): for the agency and the reporter, never
  // the public. Its comment is the reporter's words, masked as the
  // description is for an officer who may not know who wrote it.
  const int rated = view.RatedResolution();
  const auto write_rating = [&](const store::CaseRating& r) {
    const auto name = view.NameToMask();
    w.BeginObject()
        .Key("comment")
        .String(name ? domain::MaskPersonalText(r.comment, *name) : r.comment)
        .Key("rated_at")
        .String(FormatRfc3339(r.created_at))
        .Key("resolution")
        .Int(r.resolution)
        .Key("stars")
        .Int(r.stars)
        .EndObject();
  };
  if (!is_public) {
    w.Key("earlier_ratings").BeginArray();
    for (const auto& r : ratings) {
      if (r.resolution != rated) write_rating(r);
    }
    w.EndArray();
  }
  if (officer) w.Key("handling").Value(HandlingJson(c.handling));
  w.Key("kind").String(domain::ToString(s.kind));
  w.Key("location");
  WriteLocation(w, s.location, !is_public);
  if (!s.media_url.empty()) w.Key("media_url").String(s.media_url);
  if (!is_public) {
    w.Key("rating");
    const auto current = std::find_if(ratings.begin(), ratings.end(),
                                      [&](const auto& r) { return r.resolution == rated; });
    if (current != ratings.end()) {
      write_rating(*current);
    } else {
      w.Null();
    }
  }
  if (!officer && !c.handling.reject_reason.empty()) {
    w.Key("reject_reason").String(c.handling.reject_reason);
  }
  if (view.show_reporter && !s.reporter.Empty()) {
    w.Key("reporter")
        .BeginObject()
        .Key("email")
        .String(s.reporter.email)
        .Key("name")
        .String(s.reporter.name)
        .Key("nik")
        .String(s.reporter.nik)
        .Key("phone")
        .String(s.reporter.phone)
        .EndObject();
  }
  if (officer) w.Key("routing").Value(RoutingJson(c, view.events));
  w.Key("service");
  if (!s.service_code.empty()) {
    w.BeginObject()
        .Key("code")
        .String(s.service_code)
        .Key("name")
        .String(c.service_name)
        .Key("version")
        .Int(c.service_version)
        .EndObject();
  } else {
    w.Null();
  }
  w.Key("status").String(domain::ToString(c.status));
  w.Key("supporters").Int(c.supporters);
  w.Key("timeline").BeginArray();
  for (const auto& e : view.events) {
    WriteEvent(w, e, view.viewer, view.NameToMask(), view.published_numbers, &view.officer_names);
  }
  w.EndArray();
  w.Key("title").String(s.title);
  w.Key("tracking_code").String(c.tracking_code);
  w.Key("updated_at").String(FormatRfc3339(c.updated_at));
  w.Key("version").Int(c.version);
  w.EndObject();
  return body;
}

void WriteCaseSummary(JsonWriter& w, const domain::Case& c, Timestamp now) {
  const auto& s = c.submission;
  // Keys in sorted order (JsonWriter's contract).
  w.BeginObject();
  w.Key("agency_code").String(c.agency_code);
  w.Key("anonymous").Bool(s.anonymous);
  w.Key("channel").String(domain::ToString(s.channel));
  w.Key("confidential").Bool(s.confidential);
  w.Key("created_at").String(FormatRfc3339(c.created_at));
  w.Key("deadline");
  WriteDeadline(w, c, now);
  w.Key("kind").String(domain::ToString(s.kind));
  w.Key("outside_pemda").Bool(c.placement.outside_pemda);
  w.Key("priority").String(PriorityName(c.handling.priority));
  w.Key("region_code").String(s.location.region_code);
  w.Key("service_code").String(s.service_code);
  w.Key("service_name").String(c.service_name);
  w.Key("status").String(domain::ToString(c.status));
  w.Key("supporters").Int(c.supporters);
  w.Key("title").String(s.title);
  w.Key("tracking_code").String(c.tracking_code);
  w.Key("updated_at").String(FormatRfc3339(c.updated_at));
  w.Key("version").Int(c.version);
  w.EndObject();
}

json NearbyJson(const routing::NearbyMatch& m) {
  const domain::Case& c = m.c;
  // Public: app::NearbyCases masked the title as the case's public view
  // is (contact details and the reporter's name).
  json j{{"tracking_code", c.tracking_code},
         {"title", c.submission.title},
         {"status", domain::ToString(c.status)},
         {"service_code", c.submission.service_code},
         {"service_name", c.service_name},
         {"created_at", FormatRfc3339(c.created_at)},
         {"supporters", c.supporters},
         {"distance_m", std::round(m.distance_m * 10) / 10},
         {"similarity", std::round(m.similarity * 1000) / 1000},
         {"links", {{"self", "/api/v1/cases/" + c.tracking_code}}}};
  if (const auto& point = c.submission.location.point) {
    j["location"] = {{"lat", point->lat}, {"lng", point->lng}};
  }
  return j;
}

}  // namespace sigap::api
