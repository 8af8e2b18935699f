#include "notify/templates.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "domain/lifecycle.h"
#include "domain/time.h"

namespace sigap::notify {
namespace {

using nlohmann::json;

struct Words {
  const char* id;
  const char* en;
};

// What a message says first: its subject and opening sentence, with
// {code}, {agency}, {level} and {event} filled in.
struct Wording {
  Words subject;
  Words lead;
};

const std::map<std::string_view, Wording>& CitizenWording() {
  static const std::map<std::string_view, Wording> kWording = {
      {"submitted",
       {{"Laporan Anda telah kami terima ({code})", "We have received your report ({code})"},
        {"Terima kasih, laporan Anda telah kami terima dan akan segera diverifikasi.",
         "Thank you, we have received your report and will verify it shortly."}}},
      {"verified",
       {{"Laporan {code} telah diverifikasi", "Your report {code} has been verified"},
        {"Laporan Anda telah diverifikasi dan akan didisposisikan kepada instansi yang "
         "berwenang.",
         "Your report has been verified and will be referred to the responsible agency."}}},
      {"disposed",
       {{"Laporan {code} didisposisikan kepada {agency}",
         "Your report {code} was referred to {agency}"},
        {"Laporan Anda telah didisposisikan kepada {agency} untuk ditindaklanjuti.",
         "Your report has been referred to {agency} for follow-up."}}},
      {"forwarded",
       {{"Laporan {code} dialihkan kepada {agency}",
         "Your report {code} was forwarded to {agency}"},
        {"Laporan Anda dialihkan kepada {agency}, yang berwenang menanganinya.",
         "Your report has been forwarded to {agency}, which is responsible for it."}}},
      {"info_provided",
       {{"Informasi tambahan untuk laporan {code} telah diterima",
         "The information you added to report {code} was received"},
        {"Terima kasih, informasi tambahan Anda telah kami terima dan laporan Anda diproses "
         "kembali.",
         "Thank you, we have received the information you added and are processing your "
         "report again."}}},
      {"public_update",
       {{"Perkembangan laporan {code}", "Update on your report {code}"},
        {"Ada perkembangan baru pada laporan Anda.", "There is news on your report."}}},
      {"resolved",
       {{"Laporan {code} telah ditindaklanjuti", "Your report {code} has been resolved"},
        {"{agency} menyatakan laporan Anda telah selesai ditindaklanjuti. Bila menurut Anda "
         "belum tuntas, sampaikan tanggapan melalui tautan di bawah.",
         "{agency} reports that your report has been resolved. If you think it is not settled, "
         "respond through the link below."}}},
      {"closed",
       {{"Laporan {code} ditutup", "Your report {code} is closed"},
        {"Laporan Anda telah ditutup. Terima kasih telah ikut memperbaiki layanan publik.",
         "Your report has been closed. Thank you for helping to improve public services."}}},
      {"info_requested",
       {{"Laporan {code} memerlukan informasi tambahan",
         "More information is needed for your report {code}"},
        {"Petugas memerlukan informasi tambahan agar laporan Anda dapat diproses. Silakan "
         "lengkapi melalui tautan di bawah.",
         "The officers need more information to process your report. Please add it through the "
         "link below."}}},
      {"needs_info",
       {{"Laporan {code} memerlukan informasi tambahan",
         "More information is needed for your report {code}"},
        {"Petugas memerlukan informasi tambahan agar laporan Anda dapat diproses. Silakan "
         "lengkapi melalui tautan di bawah.",
         "The officers need more information to process your report. Please add it through the "
         "link below."}}},
      {"rejected",
       {{"Laporan {code} tidak dapat diproses", "Your report {code} could not be processed"},
        {"Mohon maaf, laporan Anda tidak dapat kami proses.",
         "We are sorry, but we cannot process your report."}}},
      {"merged",
       {{"Laporan {code} digabungkan dengan laporan serupa",
         "Your report {code} was merged with a similar report"},
        {"Laporan Anda membahas masalah yang sama dengan laporan lain, sehingga keduanya "
         "ditangani bersama. Ikuti perkembangannya melalui tautan di bawah.",
         "Your report is about the same problem as another one, so both are handled together. "
         "Follow it through the link below."}}},
      {"reopened",
       {{"Laporan {code} dibuka kembali", "Your report {code} has been reopened"},
        {"Laporan Anda dibuka kembali dan akan ditindaklanjuti lagi.",
         "Your report has been reopened and will be followed up again."}}},
  };
  return kWording;
}

const std::map<std::string_view, Wording>& OfficerWording() {
  static const std::map<std::string_view, Wording> kWording = {
      {"alert",
       {{"[Sigap] Peringatan dini untuk {agency}", "[Sigap] Early warning for {agency}"},
        {"Sigap mendeteksi perubahan kebutuhan warga yang perlu ditinjau. Bukti dan tindak "
         "lanjutnya ada di dasbor pimpinan Sigap (Peringatan dini).",
         "Sigap detected a change in what citizens need that deserves a look. The evidence and "
         "follow-up are on Sigap's leadership dashboard (Early warnings)."}}},
      {"disposed",
       {{"[Sigap] Kasus baru untuk {agency}: {code}", "[Sigap] New case for {agency}: {code}"},
        {"Kasus {code} didisposisikan kepada {agency} untuk ditindaklanjuti.",
         "Case {code} has been referred to {agency} for follow-up."}}},
      {"forwarded",
       {{"[Sigap] Kasus {code} dialihkan kepada {agency}",
         "[Sigap] Case {code} forwarded to {agency}"},
        {"Kasus {code} dialihkan kepada {agency}.",
         "Case {code} has been forwarded to {agency}."}}},
      {"escalated",
       {{"[Sigap] Eskalasi tingkat {level}: kasus {code}",
         "[Sigap] Escalation level {level}: case {code}"},
        {"Kasus {code} melewati batas waktu dan dieskalasi ke tingkat {level}.",
         "Case {code} is past its deadline and has been escalated to level {level}."}}},
      {"info_provided",
       {{"[Sigap] Pelapor melengkapi informasi kasus {code}",
         "[Sigap] The reporter added information to case {code}"},
        {"Pelapor telah melengkapi informasi yang diminta untuk kasus {code}; batas waktunya "
         "berjalan lagi.",
         "The reporter has added the information asked for on case {code}; its deadline runs "
         "again."}}},
      {"reopened",
       {{"[Sigap] Kasus {code} dibuka kembali", "[Sigap] Case {code} reopened"},
        {"Kasus {code} dibuka kembali karena penyelesaiannya dinilai belum tuntas.",
         "Case {code} has been reopened: its resolution was found not to settle it."}}},
      {"assigned",
       {{"[Sigap] Kasus {code} ditugaskan kepada Anda", "[Sigap] Case {code} is assigned to you"},
        {"Kasus {code} ditugaskan kepada Anda untuk ditindaklanjuti.",
         "Case {code} has been assigned to you for follow-up."}}},
      {"input_provided",
       {{"[Sigap] Masukan diterima untuk kasus {code}", "[Sigap] Input received on case {code}"},
        {"Instansi pendukung telah memberikan masukan untuk kasus {code}.",
         "The supporting agency has given its input on case {code}."}}},
      {"input_requested",
       {{"[Sigap] Permintaan masukan untuk kasus {code}", "[Sigap] Input requested on case {code}"},
        {"{lead} meminta masukan instansi Anda untuk kasus {code}.",
         "{lead} asks your agency for input on case {code}."}}},
  };
  return kWording;
}

// What a supporting agency is told (payload.recipient_role), by event kind:
// that it is asked to support the lead, that the lead changed, or that its
// support ended; never the lead's "new case".
const std::map<std::string_view, Wording>& SupportWording() {
  static const std::map<std::string_view, Wording> kWording = {
      {"disposed/supporting",
       {{"[Sigap] Instansi Anda diminta mendukung penanganan kasus {code}",
         "[Sigap] Your agency is asked to support case {code}"},
        {"Instansi Anda diminta menjadi instansi pendukung kasus {code}, yang penanganannya "
         "dipimpin oleh {lead}. Instansi Anda dapat memberi masukan, catatan internal dan kabar "
         "terbaru; tindak lanjut dan penyelesaian tetap pada {lead}.",
         "Your agency is asked to support case {code}, whose handling is led by {lead}. Your "
         "agency can give input, add internal notes and post public updates; the follow-up and "
         "resolution stay with {lead}."}}},
      {"agency_added/supporting",
       {{"[Sigap] Instansi Anda diminta mendukung penanganan kasus {code}",
         "[Sigap] Your agency is asked to support case {code}"},
        {"Aturan kebijakan Pemda menambahkan instansi Anda sebagai instansi pendukung kasus "
         "{code}, yang penanganannya dipimpin oleh {lead}.",
         "A policy rule of the Pemda added your agency as a supporting agency of case {code}, "
         "whose handling is led by {lead}."}}},
      {"forwarded/supporting",
       {{"[Sigap] Kasus {code} yang Anda dukung dialihkan kepada {lead}",
         "[Sigap] Case {code} that you support was forwarded to {lead}"},
        {"Kasus {code} dialihkan kepada {lead}, yang kini memimpin penanganannya. Instansi Anda "
         "tetap menjadi instansi pendukung.",
         "Case {code} has been forwarded to {lead}, which now leads its handling. Your agency "
         "still supports it."}}},
      {"forwarded/support_ended",
       {{"[Sigap] Dukungan instansi Anda untuk kasus {code} berakhir",
         "[Sigap] Your agency's support of case {code} has ended"},
        {"Kasus {code} adalah laporan rahasia dan telah dialihkan kepada {lead}. Laporan rahasia "
         "hanya dibuka oleh instansi yang memimpin penanganannya dan instansi pendukung yang "
         "dipilihnya, sehingga dukungan instansi Anda berakhir dan instansi Anda tidak dapat lagi "
         "membuka kasus ini. Masukan yang sudah diberikan tetap tercatat pada kasus.",
         "Case {code} is a confidential report and has been forwarded to {lead}. A confidential "
         "report is read only by the agency leading its handling and the supporting agencies it "
         "chooses, so your agency's support has ended and your agency can no longer open the "
         "case. The input already given stays on the case."}}},
  };
  return kWording;
}

// Who asked (payload.requested_by, an event's actor: "user:NAME",
// "apikey:NAME", "system"), in words.
std::string RequesterWords(const std::string& actor, bool en) {
  if (actor == "system") return en ? "Sigap (automatic)" : "Sigap (otomatis)";
  if (const size_t colon = actor.find(':'); colon != std::string::npos) {
    return actor.substr(colon + 1);
  }
  return actor;
}

const Wording kCitizenGeneral = {
    {"Perkembangan laporan {code}", "Update on your report {code}"},
    {"Ada perkembangan pada laporan Anda ({event}).", "There is news on your report ({event})."}};
const Wording kOfficerGeneral = {{"[Sigap] Kasus {code}: {event}", "[Sigap] Case {code}: {event}"},
                                 {"Ada peristiwa baru pada kasus {code}: {event}.",
                                  "Something happened on case {code}: {event}."}};

// What happened, in words, for the general messages' {event}; a kind not
// listed is written as it is, its underscores as spaces.
const std::map<std::string_view, Words>& EventNames() {
  static const std::map<std::string_view, Words> kNames = {
      {"submitted", {"laporan diterima", "report received"}},
      {"verified", {"diverifikasi", "verified"}},
      {"rejected", {"tidak dapat diproses", "rejected"}},
      {"info_requested", {"informasi tambahan diminta", "more information asked for"}},
      {"info_provided", {"informasi tambahan diberikan", "more information given"}},
      {"disposed", {"didisposisikan kepada instansi", "referred to an agency"}},
      {"forwarded", {"dialihkan kepada instansi lain", "forwarded to another agency"}},
      {"input_requested", {"masukan instansi pendukung diminta", "input asked of an agency"}},
      {"input_provided", {"masukan instansi pendukung diberikan", "input given by an agency"}},
      {"assigned", {"ditugaskan kepada petugas", "assigned to an officer"}},
      {"started", {"mulai ditindaklanjuti", "work started"}},
      {"resolved", {"selesai ditindaklanjuti", "resolved"}},
      {"closed", {"ditutup", "closed"}},
      {"reopened", {"dibuka kembali", "reopened"}},
      {"note", {"catatan internal", "internal note"}},
      {"public_update", {"kabar terbaru", "public update"}},
      {"merged", {"digabungkan", "merged"}},
      {"merged_in", {"laporan serupa digabungkan ke dalamnya", "a similar report merged in"}},
      {"escalated", {"dieskalasi", "escalated"}},
      {"categorized", {"kategorinya ditetapkan", "categorised"}},
      {"priority_raised", {"prioritasnya dinaikkan", "priority raised"}},
      {"agency_added", {"instansi pendukung ditambahkan", "a supporting agency added"}},
      {"deadline_adjusted", {"batas waktunya disesuaikan", "deadline adjusted"}},
  };
  return kNames;
}

// An escalation step ("due_soon:handler", "overdue+3:inspectorate") in
// words; any other rule as it is.
std::string EscalationRuleWords(const std::string& rule, bool en) {
  auto steps = domain::ParseEscalationChain(rule);
  if (!steps || steps->size() != 1) return rule;
  const domain::EscalationStep& step = steps->front();
  std::string when;
  if (step.trigger == domain::EscalationStep::Trigger::kDueSoon) {
    when = en ? "deadline near" : "mendekati batas waktu";
  } else if (step.working_days_after == 0) {
    when = en ? "past the deadline" : "melewati batas waktu";
  } else {
    const std::string n = std::to_string(step.working_days_after);
    when = en ? n + " working days past the deadline" : n + " hari kerja setelah batas waktu";
  }
  static const std::map<std::string_view, Words> kWho = {
      {"handler", {"petugas penangan", "the handler"}},
      {"agency_head", {"kepala instansi", "the agency head"}},
      {"verifiers", {"verifikator", "the verifiers"}},
      {"inspectorate", {"inspektorat", "the inspectorate"}}};
  std::string who = step.audience;
  if (const auto it = kWho.find(who); it != kWho.end()) {
    who = en ? it->second.en : it->second.id;
  } else if (who.starts_with("agency:")) {
    who = (en ? "agency " : "instansi ") + who.substr(7);
  } else if (who.starts_with("user:")) {
    who = (en ? "account " : "akun ") + who.substr(5);
  }
  return when + (en ? ", to " : ", kepada ") + who;
}

// Display names of case statuses.
const std::map<std::string_view, Words>& StatusNames() {
  static const std::map<std::string_view, Words> kNames = {
      {"received", {"diterima", "received"}},
      {"verified", {"terverifikasi", "verified"}},
      {"needs_info", {"menunggu informasi tambahan", "waiting for more information"}},
      {"rejected", {"tidak dapat diproses", "rejected"}},
      {"disposed", {"didisposisikan kepada instansi", "referred to an agency"}},
      {"in_progress", {"sedang ditindaklanjuti", "in progress"}},
      {"resolved", {"selesai ditindaklanjuti", "resolved"}},
      {"closed", {"ditutup", "closed"}},
      {"merged", {"digabungkan", "merged"}},
  };
  return kNames;
}

// A payload member as text: strings as they are, numbers written out,
// anything else (absent, null, objects) empty.
std::string Text(const json& payload, const char* key) {
  if (!payload.is_object()) return {};
  const auto it = payload.find(key);
  if (it == payload.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

std::string Replace(std::string text, std::string_view name, std::string_view value) {
  for (size_t pos = text.find(name); pos != std::string::npos;
       pos = text.find(name, pos + value.size())) {
    text.replace(pos, name.size(), value);
  }
  return text;
}

// "17 Maret 2026 pukul 16.00 WIB" / "17 March 2026, 16:00 WIB", in the
// Pemda's time; the text itself when it is not an RFC 3339 instant.
std::string LocalTime(const std::string& rfc3339, std::chrono::minutes offset, bool english) {
  static constexpr const char* kBulan[] = {"Januari",   "Februari", "Maret",    "April",
                                           "Mei",       "Juni",     "Juli",     "Agustus",
                                           "September", "Oktober",  "November", "Desember"};
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  const auto instant = ParseRfc3339(rfc3339);
  if (!instant) return rfc3339;
  const auto local = *instant + offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss time(std::chrono::floor<std::chrono::minutes>(local - day));
  std::string zone;
  if (offset == std::chrono::hours(7)) {
    zone = "WIB";
  } else if (offset == std::chrono::hours(8)) {
    zone = "WITA";
  } else if (offset == std::chrono::hours(9)) {
    zone = "WIT";
  } else {
    zone = "UTC" + std::string(offset.count() < 0 ? "-" : "+") +
           std::to_string(std::abs(offset.count()) / 60);
  }
  const unsigned month = static_cast<unsigned>(ymd.month()) - 1;
  char buffer[96];
  std::snprintf(buffer, sizeof buffer,
                english ? "%u %s %d, %02d:%02d %s" : "%u %s %d pukul %02d.%02d %s",
                static_cast<unsigned>(ymd.day()), english ? kMonths[month] : kBulan[month],
                static_cast<int>(ymd.year()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), zone.c_str());
  return buffer;
}

// A rejection's reason is a code (domain::RejectReason): said in words, as
// the web app says it; any other reason (a reopening's) is the writer's.
std::string ReasonWords(std::string_view kind, const std::string& reason, bool en) {
  const auto code = kind == "rejected" ? domain::ParseRejectReason(reason) : std::nullopt;
  if (!code) return reason;
  std::string words(domain::ReasonWords(*code, en));
  words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return words;
}

}  // namespace

EmailContent RenderEmail(std::string_view kind, const json& payload, Reader reader,
                         const TemplateContext& context) {
  const bool en = Text(payload, "lang") == "en";
  const bool citizen = reader == Reader::kCitizen;
  const auto pick = [en](const Words& w) { return std::string(en ? w.en : w.id); };

  const auto& table = citizen ? CitizenWording() : OfficerWording();
  const auto found = table.find(kind);
  const Wording* wording =
      found != table.end() ? &found->second : (citizen ? &kCitizenGeneral : &kOfficerGeneral);
  const std::string role = Text(payload, "recipient_role");
  bool specific = found != table.end();
  if (!citizen && !role.empty()) {
    const std::string key = std::string(kind) + "/" + role;
    if (const auto it = SupportWording().find(key); it != SupportWording().end()) {
      wording = &it->second;
      specific = true;
    }
  }
  // An agency whose support ended may not open the case: no link to it.
  const bool ended = role == "support_ended";

  const std::string code = Text(payload, "tracking_code");
  std::string agency = Text(payload, "agency_name");
  if (agency.empty()) agency = Text(payload, "agency_code");
  const bool alert = kind == "alert";
  if (agency.empty() && alert) agency = en ? "the whole Pemda" : "seluruh Pemda";
  if (agency.empty()) agency = en ? "the responsible agency" : "instansi yang berwenang";
  std::string lead = Text(payload, "lead_agency_name");
  if (lead.empty()) lead = agency;
  std::string event(kind);
  if (const auto name = EventNames().find(kind); name != EventNames().end()) {
    event = pick(name->second);
  } else {
    for (char& c : event) c = c == '_' ? ' ' : c;
  }
  std::string status = Text(payload, "status");
  if (const auto name = StatusNames().find(status); name != StatusNames().end()) {
    status = pick(name->second);
  }
  auto fill = [&](std::string text) {
    text = Replace(std::move(text), "{code}", code);
    text = Replace(std::move(text), "{agency}", agency);
    text = Replace(std::move(text), "{lead}", lead);
    text = Replace(std::move(text), "{level}", Text(payload, "level"));
    return Replace(std::move(text), "{event}", event);
  };

  // Escalated before the deadline (a due_soon step): not "past its deadline".
  const std::string rule = Text(payload, "rule");
  const bool early = kind == "escalated" && rule.starts_with("due_soon");
  static const Words kEarlyLead = {
      "Batas waktu kasus {code} sudah dekat; kasus ini dieskalasi ke tingkat {level}.",
      "Case {code} is nearing its deadline and has been escalated to level {level}."};

  EmailContent out;
  out.subject = fill(pick(wording->subject));
  if (citizen) out.body = en ? "Dear reporter,\n\n" : "Yth. Pelapor,\n\n";
  out.body += fill(pick(early ? kEarlyLead : wording->lead)) + "\n";

  // The details that follow the opening sentence, as "Label: value" lines.
  std::string details;
  auto line = [&](const char* id, const char* en_label, const std::string& value) {
    if (!value.empty()) details += std::string(en ? en_label : id) + ": " + value + "\n";
  };
  if (!citizen) line("Judul", "Title", Text(payload, "title"));
  if (const auto text = Text(payload, "text"); !text.empty()) {
    out.body += "\n" + text + "\n";
  }
  line("Alasan", "Reason", ReasonWords(kind, Text(payload, "reason"), en));
  if (!citizen) line("Aturan", "Rule", EscalationRuleWords(rule, en));
  if (const auto by = Text(payload, "requested_by"); !citizen && !by.empty()) {
    line("Diminta oleh", "Requested by",
         context.requester_name.empty() ? RequesterWords(by, en) : context.requester_name);
  }
  if (!citizen && kind == "input_provided" && !Text(payload, "lead_agency_name").empty()) {
    line("Dari", "From", agency);  // the supporting agency (older rows named the lead)
  }
  if (!status.empty() && (!specific || !citizen) && !ended) line("Status", "Status", status);
  if (const auto due = Text(payload, "due_at"); !due.empty() && !ended) {
    line(citizen ? "Target penyelesaian" : "Batas waktu", citizen ? "Target date" : "Deadline",
         LocalTime(due, context.utc_offset, en));
  }
  if (!code.empty()) {
    line(citizen ? "Kode lacak" : "Kode kasus", citizen ? "Tracking code" : "Case code", code);
    if (!ended) {
      line(citizen ? "Lihat laporan Anda" : "Buka kasus",
           citizen ? "See your report" : "Open the case",
           context.base_url + (citizen ? "/lacak/" : "/petugas/kasus/") + code);
    }
  }
  if (const auto id = payload.find("alert_id");
      alert && !citizen && id != payload.end() && id->is_number_integer()) {
    line("Buka peringatan", "Open the alert",
         context.base_url + "/petugas/dasbor/peringatan/" + std::to_string(id->get<int64_t>()));
  }
  if (const auto closed = payload.find("continues");
      alert && !citizen && closed != payload.end() && closed->is_number_integer()) {
    line("Lanjutan dari peringatan yang sudah ditutup", "Continues the closed alert",
         context.base_url + "/petugas/dasbor/peringatan/" + std::to_string(closed->get<int64_t>()));
  }
  if (!details.empty()) out.body += "\n" + details;
  out.body += en ? "\nThis message was sent automatically by Sigap; please do not reply to it.\n"
                 : "\nPesan ini dikirim otomatis oleh Sigap; mohon tidak membalas e-mail ini.\n";
  return out;
}

std::string WebhookBody(int64_t id, std::string_view kind, const json& payload) {
  json body = json::object();
  body["id"] = id;
  body["event"] = std::string(kind);
  for (const char* key : {"tracking_code", "status", "at"}) {
    body[key] = payload.is_object() && payload.contains(key) ? payload[key] : json();
  }
  if (payload.is_object()) {
    for (const char* key :
         {"title", "text", "agency_code", "agency_name", "lead_agency_code", "lead_agency_name",
          "reason", "level", "rule", "due_at", "kind", "service_code"}) {
      if (payload.contains(key) && !payload[key].is_null()) body[key] = payload[key];
    }
  }
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace sigap::notify
