#include "notify/templates.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sigap::notify {
namespace {

using nlohmann::json;

const TemplateContext kContext{"https://lapor.semarangkota.go.id", std::chrono::hours(7)};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Templates, DisposedTellsTheCitizenTheAgencyTheDueDateAndTheLink) {
  const json payload = {{"tracking_code", "7K3M9QX2PA"},
                        {"agency_name", "Dinas Pekerjaan Umum"},
                        {"due_at", "2026-03-20T09:00:00Z"}};

  auto email = RenderEmail("disposed", payload, Reader::kCitizen, kContext);

  EXPECT_EQ(email.subject, "Laporan 7K3M9QX2PA didisposisikan kepada Dinas Pekerjaan Umum");
  EXPECT_TRUE(Contains(email.body, "Yth. Pelapor"));
  EXPECT_TRUE(Contains(email.body, "20 Maret 2026 pukul 16.00 WIB")) << email.body;
  EXPECT_TRUE(Contains(email.body, "https://lapor.semarangkota.go.id/lacak/7K3M9QX2PA"));
}

TEST(Templates, EnglishWhenThePayloadAsksForIt) {
  const json payload = {
      {"tracking_code", "7K3M9QX2PA"}, {"lang", "en"}, {"text", "Sudah diperbaiki."}};

  auto email = RenderEmail("resolved", payload, Reader::kCitizen, kContext);

  EXPECT_EQ(email.subject, "Your report 7K3M9QX2PA has been resolved");
  EXPECT_TRUE(Contains(email.body, "Dear reporter"));
  EXPECT_TRUE(Contains(email.body, "Sudah diperbaiki."));
  EXPECT_TRUE(Contains(email.body, "the responsible agency"));
}

TEST(Templates, RejectionAndRequestForInformationGiveTheReason) {
  const json payload = {{"tracking_code", "7K3M9QX2PA"}, {"reason", "Lokasi tidak jelas"}};

  auto rejected = RenderEmail("rejected", payload, Reader::kCitizen, kContext);
  auto needs_info = RenderEmail("needs_info", payload, Reader::kCitizen, kContext);
  auto info_requested = RenderEmail("info_requested", payload, Reader::kCitizen, kContext);

  EXPECT_TRUE(Contains(rejected.body, "Alasan: Lokasi tidak jelas"));
  EXPECT_TRUE(Contains(needs_info.subject, "informasi tambahan"));
  EXPECT_TRUE(Contains(needs_info.body, "Alasan: Lokasi tidak jelas"));
  EXPECT_EQ(info_requested.subject, needs_info.subject);
}

// A rejection's reason is stored as a code: the citizen reads it in words,
// in their language.
TEST(Templates, ARejectionsReasonCodeIsSaidInWords) {
  const json payload = {{"tracking_code", "7K3M9QX2PA"}, {"reason", "out_of_scope"}};
  json english = payload;
  english["lang"] = "en";

  const auto id = RenderEmail("rejected", payload, Reader::kCitizen, kContext);
  const auto en = RenderEmail("rejected", english, Reader::kCitizen, kContext);

  EXPECT_TRUE(Contains(id.body, "Alasan: Di luar kewenangan pemerintah daerah")) << id.body;
  EXPECT_TRUE(Contains(en.body, "Reason: Outside the local government's remit")) << en.body;
  EXPECT_FALSE(Contains(id.body, "out_of_scope"));
}

TEST(Templates, OfficersGetTheCaseLinkTitleAndEscalationLevel) {
  const json payload = {{"tracking_code", "7K3M9QX2PA"},
                        {"title", "Saluran tersumbat"},
                        {"level", 2},
                        {"rule", "resolution_overdue"},
                        {"due_at", "2026-03-20T09:00:00Z"}};

  auto email = RenderEmail("escalated", payload, Reader::kOfficer,
                           {"https://x.go.id", std::chrono::hours(9)});

  EXPECT_EQ(email.subject, "[Sigap] Eskalasi tingkat 2: kasus 7K3M9QX2PA");
  EXPECT_TRUE(Contains(email.body, "Judul: Saluran tersumbat"));
  EXPECT_TRUE(Contains(email.body, "Aturan: resolution_overdue"));
  EXPECT_TRUE(Contains(email.body, "20 Maret 2026 pukul 18.00 WIT"));
  EXPECT_TRUE(Contains(email.body, "https://x.go.id/petugas/kasus/7K3M9QX2PA"));
  EXPECT_FALSE(Contains(email.body, "/lacak/"));
}

// An early warning links to itself on the dashboard; one of no agency is
// for the whole Pemda, not for "the responsible agency".
TEST(Templates, AnAlertLinksToItselfAndNamesTheWholePemdaWhenItHasNoAgency) {
  const json topic = {{"title", "Topik baru"},
                      {"text", "Topik baru muncul: \"blt, kesra\" disebut dalam 12 laporan."},
                      {"alert_id", 42}};
  const json cluster = {{"title", "Lonjakan lokal"},
                        {"agency_code", "DPU"},
                        {"agency_name", "Dinas Pekerjaan Umum"},
                        {"alert_id", 7}};

  const auto pemda_wide = RenderEmail("alert", topic, Reader::kOfficer, kContext);
  const auto for_dpu = RenderEmail("alert", cluster, Reader::kOfficer, kContext);

  EXPECT_EQ(pemda_wide.subject, "[Sigap] Peringatan dini untuk seluruh Pemda");
  EXPECT_TRUE(Contains(pemda_wide.body,
                       "Buka peringatan: https://lapor.semarangkota.go.id/petugas/dasbor/"
                       "peringatan/42"))
      << pemda_wide.body;
  EXPECT_EQ(for_dpu.subject, "[Sigap] Peringatan dini untuk Dinas Pekerjaan Umum");
  EXPECT_TRUE(Contains(for_dpu.body, "/petugas/dasbor/peringatan/7")) << for_dpu.body;
  EXPECT_FALSE(Contains(for_dpu.body, "Lanjutan")) << for_dpu.body;

  // One opened as a closed alert's change went on says which it continues.
  json continued = cluster;
  continued["alert_id"] = 9;
  continued["continues"] = 7;
  const auto again = RenderEmail("alert", continued, Reader::kOfficer, kContext);
  EXPECT_TRUE(Contains(again.body,
                       "Lanjutan dari peringatan yang sudah ditutup: "
                       "https://lapor.semarangkota.go.id/petugas/dasbor/peringatan/7"))
      << again.body;
}

TEST(Templates, AnyOtherKindGetsAGeneralMessage) {
  const json payload = {{"tracking_code", "7K3M9QX2PA"}, {"status", "in_progress"}};

  auto officer = RenderEmail("assignee_changed", payload, Reader::kOfficer, kContext);
  auto citizen = RenderEmail("something_new", json::object(), Reader::kCitizen, kContext);

  EXPECT_EQ(officer.subject, "[Sigap] Kasus 7K3M9QX2PA: assignee changed");
  EXPECT_TRUE(Contains(officer.body, "Status: sedang ditindaklanjuti"));
  EXPECT_FALSE(citizen.subject.empty());
  EXPECT_FALSE(Contains(citizen.body, "/lacak/"));  // no code, no link
}

// What happened is said in words, in the reader's language: a citizen
// whose report was forwarded had read "(forwarded)" in an Indonesian
// e-mail, and officers "info provided" or "reopened".
TEST(Templates, EventsAreSaidInWordsNotByTheirNames) {
  const json moved = {{"tracking_code", "7K3M9QX2PA"},
                      {"agency_code", "DISHUB"},
                      {"agency_name", "Dinas Perhubungan"}};
  json moved_en = moved;
  moved_en["lang"] = "en";
  const json code = {{"tracking_code", "7K3M9QX2PA"}};

  const auto citizen = RenderEmail("forwarded", moved, Reader::kCitizen, kContext);
  const auto citizen_en = RenderEmail("forwarded", moved_en, Reader::kCitizen, kContext);
  const auto info = RenderEmail("info_provided", code, Reader::kOfficer, kContext);
  const auto reopened = RenderEmail("reopened", code, Reader::kOfficer, kContext);
  const auto note = RenderEmail("note", code, Reader::kOfficer, kContext);

  EXPECT_EQ(citizen.subject, "Laporan 7K3M9QX2PA dialihkan kepada Dinas Perhubungan");
  EXPECT_EQ(citizen_en.subject, "Your report 7K3M9QX2PA was forwarded to Dinas Perhubungan");
  EXPECT_EQ(info.subject, "[Sigap] Pelapor melengkapi informasi kasus 7K3M9QX2PA");
  EXPECT_EQ(reopened.subject, "[Sigap] Kasus 7K3M9QX2PA dibuka kembali");
  EXPECT_EQ(note.subject, "[Sigap] Kasus 7K3M9QX2PA: catatan internal");
  for (const auto* email : {&citizen, &citizen_en, &info, &reopened, &note}) {
    for (const char* raw : {"forwarded", "info provided", "reopened", "note"}) {
      EXPECT_FALSE(Contains(email->subject + email->body, std::string("(") + raw)) << email->body;
      EXPECT_FALSE(Contains(email->subject, std::string(": ") + raw)) << email->subject;
    }
  }
}

// A step of the chain before the deadline (due_soon) does not tell the
// handler the case is past it; the step is said in words.
TEST(Templates, AnEscalationBeforeTheDeadlineSaysItIsNear) {
  const json soon = {{"tracking_code", "7K3M9QX2PA"}, {"level", 1}, {"rule", "due_soon:handler"}};
  const json late = {
      {"tracking_code", "7K3M9QX2PA"}, {"level", 3}, {"rule", "overdue+3:inspectorate"}};

  const auto early = RenderEmail("escalated", soon, Reader::kOfficer, kContext);
  const auto overdue = RenderEmail("escalated", late, Reader::kOfficer, kContext);

  EXPECT_TRUE(Contains(early.body, "sudah dekat")) << early.body;
  EXPECT_FALSE(Contains(early.body, "melewati batas waktu")) << early.body;
  EXPECT_TRUE(Contains(early.body, "Aturan: mendekati batas waktu, kepada petugas penangan"))
      << early.body;
  EXPECT_TRUE(Contains(overdue.body, "melewati batas waktu dan dieskalasi ke tingkat 3"))
      << overdue.body;
  EXPECT_TRUE(
      Contains(overdue.body, "Aturan: 3 hari kerja setelah batas waktu, kepada inspektorat"))
      << overdue.body;
}

// A disposition has one name wherever it is read: the console and the
// public timeline say "Didisposisikan" ("Referred"), and so do the e-mails;
// "diteruskan" had named it there, and a citizen read it for a forward too.
TEST(Templates, ADispositionHasOneNameInEveryMessage) {
  const json disposed = {{"tracking_code", "7K3M9QX2PA"},
                         {"status", "disposed"},
                         {"agency_name", "Dinas Pekerjaan Umum"}};
  json disposed_en = disposed;
  disposed_en["lang"] = "en";
  const json verified = {{"tracking_code", "7K3M9QX2PA"}};
  json verified_en = verified;
  verified_en["lang"] = "en";

  const std::vector<EmailContent> indonesian = {
      RenderEmail("disposed", disposed, Reader::kCitizen, kContext),
      RenderEmail("disposed", disposed, Reader::kOfficer, kContext),
      RenderEmail("verified", verified, Reader::kCitizen, kContext),
      RenderEmail("note", disposed, Reader::kOfficer, kContext)};  // its status line
  const std::vector<EmailContent> english = {
      RenderEmail("disposed", disposed_en, Reader::kCitizen, kContext),
      RenderEmail("disposed", disposed_en, Reader::kOfficer, kContext),
      RenderEmail("verified", verified_en, Reader::kCitizen, kContext),
      RenderEmail("note", disposed_en, Reader::kOfficer, kContext)};

  EXPECT_EQ(indonesian[0].subject, "Laporan 7K3M9QX2PA didisposisikan kepada Dinas Pekerjaan Umum");
  EXPECT_EQ(english[0].subject, "Your report 7K3M9QX2PA was referred to Dinas Pekerjaan Umum");
  EXPECT_TRUE(Contains(indonesian[3].body, "Status: didisposisikan kepada instansi"))
      << indonesian[3].body;
  EXPECT_TRUE(Contains(english[3].body, "Status: referred to an agency")) << english[3].body;
  for (const auto& email : indonesian) {
    EXPECT_TRUE(Contains(email.subject + email.body, "didisposisikan")) << email.body;
    EXPECT_FALSE(Contains(email.subject + email.body, "diteruskan")) << email.body;
  }
  for (const auto& email : english) {
    EXPECT_TRUE(Contains(email.subject + email.body, "referred")) << email.body;
    for (const char* other : {"passed to", "assigned to an agency", "has been assigned"}) {
      EXPECT_FALSE(Contains(email.subject + email.body, other)) << email.body;
    }
  }
}

// A supporting agency was sent the lead's "Kasus baru untuk <lead>": it is
// told it is asked to support the lead, and by whom.
TEST(Templates, ASupportingAgencyIsAskedToSupportTheLead) {
  const json payload = {
      {"tracking_code", "7K3M9QX2PA"},         {"agency_code", "DPU"},
      {"agency_name", "Dinas Pekerjaan Umum"}, {"lead_agency_name", "Dinas Pekerjaan Umum"},
      {"recipient_role", "supporting"},        {"requested_by", "user:verifikator"}};
  json english = payload;
  english["lang"] = "en";

  const auto email = RenderEmail("disposed", payload, Reader::kOfficer, kContext);
  const auto email_en = RenderEmail("disposed", english, Reader::kOfficer, kContext);

  EXPECT_EQ(email.subject, "[Sigap] Instansi Anda diminta mendukung penanganan kasus 7K3M9QX2PA");
  EXPECT_FALSE(Contains(email.subject, "Kasus baru"));
  EXPECT_TRUE(Contains(email.body, "dipimpin oleh Dinas Pekerjaan Umum")) << email.body;
  EXPECT_TRUE(Contains(email.body, "Diminta oleh: verifikator")) << email.body;
  EXPECT_TRUE(Contains(email.body, "/petugas/kasus/7K3M9QX2PA"));
  EXPECT_EQ(email_en.subject, "[Sigap] Your agency is asked to support case 7K3M9QX2PA");
  EXPECT_TRUE(Contains(email_en.body, "Requested by: verifikator")) << email_en.body;
}

// A supporting agency whose support a forward ended is told why and who
// leads now, without a link to the case it may no longer open.
TEST(Templates, ASupportThatAForwardEndedIsSaidWithTheNewLead) {
  const json payload = {{"tracking_code", "7K3M9QX2PA"},
                        {"agency_code", "KEC-3374010"},
                        {"agency_name", "Kecamatan Semarang Tengah"},
                        {"lead_agency_name", "Kecamatan Semarang Tengah"},
                        {"status", "disposed"},
                        {"due_at", "2026-03-20T09:00:00Z"},
                        {"recipient_role", "support_ended"}};
  json kept = payload;
  kept["recipient_role"] = "supporting";

  const auto ended = RenderEmail("forwarded", payload, Reader::kOfficer, kContext);
  const auto still = RenderEmail("forwarded", kept, Reader::kOfficer, kContext);

  EXPECT_EQ(ended.subject, "[Sigap] Dukungan instansi Anda untuk kasus 7K3M9QX2PA berakhir");
  EXPECT_TRUE(Contains(ended.body, "dialihkan kepada Kecamatan Semarang Tengah")) << ended.body;
  EXPECT_TRUE(Contains(ended.body, "laporan rahasia")) << ended.body;
  EXPECT_FALSE(Contains(ended.body, "/petugas/kasus/")) << ended.body;
  EXPECT_FALSE(Contains(ended.body, "Batas waktu")) << ended.body;
  EXPECT_EQ(still.subject,
            "[Sigap] Kasus 7K3M9QX2PA yang Anda dukung dialihkan kepada Kecamatan Semarang Tengah");
  EXPECT_TRUE(Contains(still.body, "tetap menjadi instansi pendukung")) << still.body;
}

// A request for input is the lead's; the input given, the supporter's.
TEST(Templates, InputIsSaidBetweenTheLeadAndTheSupporterByName) {
  const json asked = {{"tracking_code", "7K3M9QX2PA"},
                      {"agency_code", "DISHUB"},
                      {"agency_name", "Dinas Perhubungan"},
                      {"lead_agency_name", "Dinas Pekerjaan Umum"}};

  const auto requested = RenderEmail("input_requested", asked, Reader::kOfficer, kContext);
  const auto provided = RenderEmail("input_provided", asked, Reader::kOfficer, kContext);
  const auto body = json::parse(WebhookBody(1, "input_requested", asked));

  EXPECT_TRUE(Contains(requested.body, "Dinas Pekerjaan Umum meminta masukan")) << requested.body;
  EXPECT_TRUE(Contains(provided.body, "Dari: Dinas Perhubungan")) << provided.body;
  EXPECT_EQ(body["agency_name"], "Dinas Perhubungan");
  EXPECT_EQ(body["lead_agency_name"], "Dinas Pekerjaan Umum");
}

TEST(Templates, WebhookBodyKeepsOnlyPublicFields) {
  const json payload = {
      {"tracking_code", "7K3M9QX2PA"}, {"status", "disposed"}, {"at", "2026-03-17T08:00:00Z"},
      {"agency_code", "DPU"},          {"level", 1},           {"reporter_email", "sri@example.id"},
      {"phone", "081234567890"}};

  const auto body = json::parse(WebhookBody(42, "disposed", payload));

  EXPECT_EQ(body["id"], 42);
  EXPECT_EQ(body["event"], "disposed");
  EXPECT_EQ(body["tracking_code"], "7K3M9QX2PA");
  EXPECT_EQ(body["status"], "disposed");
  EXPECT_EQ(body["at"], "2026-03-17T08:00:00Z");
  EXPECT_EQ(body["agency_code"], "DPU");
  EXPECT_EQ(body["level"], 1);
  EXPECT_FALSE(body.contains("reporter_email"));
  EXPECT_FALSE(body.contains("phone"));
}

TEST(Templates, WebhookBodyHasNullsForMissingCoreFields) {
  const auto body = json::parse(WebhookBody(7, "closed", json::object()));

  EXPECT_TRUE(body["tracking_code"].is_null());
  EXPECT_TRUE(body["status"].is_null());
  EXPECT_TRUE(body["at"].is_null());
}

}  // namespace
}  // namespace sigap::notify
