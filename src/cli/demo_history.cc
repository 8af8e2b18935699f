#include "cli/demo_history.h"

#include <algorithm>
#include <cctype>

#include "domain/ascii.h"

namespace sigap::cli {
namespace {

using domain::Action;
using domain::ActionRequest;
using domain::Actor;
using domain::Role;

// Public responses by catalogue group: what an agency tells the citizen
// when it resolves a case. Written for the demo.
const std::map<std::string, std::vector<std::string>>& Responses() {
  static const std::map<std::string, std::vector<std::string>> responses = {
      {"Infrastruktur",
       {"Terima kasih atas laporan Anda. Tim pemeliharaan telah melakukan perbaikan di lokasi "
        "yang dilaporkan; pekerjaan penambalan dan perapian sudah selesai dan jalur dapat "
        "dilalui kembali dengan aman.",
        "Laporan telah ditindaklanjuti. Saluran di lokasi sudah dinormalisasi dan sedimen "
        "diangkut oleh Satgas; kami akan memantau kembali saat hujan deras berikutnya.",
        "Petugas telah memeriksa lokasi dan mengganti komponen yang rusak. Kondisi saat ini "
        "sudah berfungsi normal. Mohon laporkan kembali bila masalah berulang."}},
      {"Lingkungan",
       {"Terima kasih. Tim kebersihan telah mengangkut sampah di lokasi dan jadwal pengangkutan "
        "rutin sudah disesuaikan. Kami mengimbau warga membuang sampah pada jam yang ditentukan.",
        "Petugas telah melakukan peninjauan dan penanganan di lokasi: pohon dipangkas dan "
        "area dibersihkan. Terima kasih atas kepedulian Anda terhadap lingkungan.",
        "Laporan sudah diverifikasi di lapangan dan pelaku usaha telah diberi teguran tertulis "
        "serta diminta memperbaiki pengelolaan limbahnya. Kami akan melakukan pengawasan "
        "lanjutan."}},
      {"Transportasi",
       {"Terima kasih atas laporannya. Petugas Dishub telah melakukan penertiban di lokasi dan "
        "pengawasan rutin akan ditingkatkan pada jam sibuk.",
        "Rambu dan marka di lokasi telah diperbaiki, dan lampu APILL sudah berfungsi normal "
        "kembali. Terima kasih atas informasinya.",
        "Masukan Anda telah kami sampaikan kepada operator dan pramudi yang bersangkutan telah "
        "dibina. Kami mohon maaf atas ketidaknyamanannya."}},
      {"Ketertiban",
       {"Satpol PP telah melakukan penertiban dan sosialisasi kepada pedagang di lokasi. "
        "Pengawasan berkala akan dilakukan agar tidak terulang.",
        "Petugas telah mendatangi lokasi bersama aparat kelurahan dan permasalahan telah "
        "diselesaikan secara musyawarah. Terima kasih atas laporan Anda."}},
      {"Kependudukan",
       {"Dokumen kependudukan Anda telah selesai diproses dan dapat diambil di kantor "
        "kecamatan atau diunduh melalui layanan daring Disdukcapil. Layanan ini tidak dipungut "
        "biaya.",
        "Data Anda telah diperbaiki dalam database kependudukan. Silakan cek kembali melalui "
        "layanan daring; bila masih ada kendala, hubungi loket Disdukcapil."}},
      {"Kesehatan",
       {"Terima kasih atas masukannya. Kepala Puskesmas telah melakukan pembinaan kepada "
        "petugas dan memperbaiki alur antrean pelayanan.",
        "Tim surveilans telah melakukan penyelidikan epidemiologi dan fogging fokus di "
        "lingkungan Anda. Mohon tetap melakukan PSN 3M Plus secara rutin.",
        "Kepesertaan jaminan kesehatan Anda telah aktif. Silakan gunakan KTP-el saat berobat "
        "di fasilitas kesehatan tingkat pertama."}},
      {"Sosial",
       {"Data Anda telah diverifikasi dan diusulkan dalam pemutakhiran DTKS bulan ini. Hasilnya "
        "dapat dicek melalui kelurahan setempat.",
        "Tim Dinas Sosial telah melakukan penjangkauan dan yang bersangkutan telah dirujuk ke "
        "rumah pelayanan sosial. Terima kasih atas kepedulian Anda."}},
      {"Air Minum",
       {"Gangguan telah ditangani: kebocoran pipa distribusi sudah diperbaiki dan aliran air "
        "kembali normal. Mohon maaf atas ketidaknyamanannya.",
        "Petugas telah melakukan pengecekan meter dan jaringan. Pemasangan sambungan baru "
        "sudah dijadwalkan dan Anda akan dihubungi oleh petugas PDAM."}},
      {"Kebencanaan",
       {"Tim Reaksi Cepat BPBD telah melakukan asesmen dan penanganan darurat di lokasi. "
        "Bantuan logistik telah disalurkan melalui kelurahan."}},
      {"Informasi Publik",
       {"Informasi yang Anda mohon telah kami kirimkan melalui surel sesuai ketentuan "
        "UU 14/2008 tentang Keterbukaan Informasi Publik."}},
      {"Pengawasan",
       {"Inspektorat telah melakukan klarifikasi kepada pihak terkait dan menjatuhkan "
        "pembinaan sesuai ketentuan disiplin ASN. Identitas pelapor tetap dirahasiakan."}},
  };
  return responses;
}

const std::vector<std::string> kGeneralResponses = {
    "Terima kasih atas laporan Anda. Laporan telah ditindaklanjuti oleh perangkat daerah terkait "
    "dan permasalahan di lokasi sudah ditangani.",
    "Laporan Anda telah kami tindak lanjuti bersama kelurahan setempat. Kami akan terus memantau "
    "agar permasalahan serupa tidak terulang."};

const std::vector<std::string> kInfoRequests = {
    "Mohon lengkapi alamat atau patokan lokasi yang lebih jelas (nama jalan, RT/RW).",
    "Mohon lampirkan foto kondisi di lokasi agar dapat kami teruskan ke perangkat daerah terkait.",
    "Mohon jelaskan sejak kapan kejadian ini berlangsung dan pada jam berapa biasanya terjadi."};

const std::vector<std::string> kInfoAnswers = {
    "Lokasinya di depan masjid, RT 03 RW 05, dekat gang masuk perumahan.",
    "Sudah saya lampirkan fotonya. Kejadiannya hampir setiap hari sejak dua minggu lalu.",
    "Biasanya terjadi sore hari sekitar jam 16.00 sampai malam."};

const std::vector<std::string> kUpdates = {
    "Petugas telah meninjau lokasi dan penanganan sedang dijadwalkan.",
    "Laporan sedang ditangani; material dan peralatan sedang disiapkan.",
    "Tim telah berkoordinasi dengan kelurahan setempat untuk penanganan di lapangan."};

const std::vector<std::string> kNotes = {
    "Sudah dicek ke lokasi, perlu alat berat. Koordinasi dengan UPTD.",
    "Pelapor sudah dihubungi via telepon, lokasi terkonfirmasi.",
    "Anggaran pemeliharaan rutin masih tersedia, dikerjakan minggu ini."};

const std::vector<std::string> kForwardReasons = {
    "Bukan kewenangan kami; lokasi dan objek laporan menjadi tanggung jawab perangkat daerah "
    "tujuan.",
    "Penanganan di lapangan lebih tepat oleh perangkat daerah tujuan sesuai tugas dan fungsinya."};

const std::vector<std::string> kCloseThanks = {
    "Terima kasih, sudah beres.", "Sudah diperbaiki, terima kasih atas respons cepatnya.",
    "Terima kasih, masalah sudah teratasi."};

const std::vector<std::string> kReopenReasons = {
    "Masalahnya muncul lagi setelah hujan kemarin.",
    "Perbaikannya belum tuntas, masih ada bagian yang rusak."};

const std::string& PickText(const std::vector<std::string>& options, std::mt19937_64& rng) {
  return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng)];
}

// The demo's officer of an agency: its real account for DPU, a plausible
// name elsewhere (the events only record it).
Actor OfficerOf(const std::string& agency, domain::PemdaId pemda) {
  domain::Principal p;
  p.pemda_id = pemda;
  p.name = "petugas." + domain::AsciiLower(agency);
  p.role = Role::kAgencyOfficer;
  p.agency_code = agency;
  return Actor::Officer(std::move(p));
}

Actor Verifier(domain::PemdaId pemda) {
  domain::Principal p;
  p.pemda_id = pemda;
  p.name = "verifikator";
  p.role = Role::kVerifier;
  return Actor::Officer(std::move(p));
}

Actor HeadOf(const std::string& agency, domain::PemdaId pemda) {
  domain::Principal p;
  p.pemda_id = pemda;
  p.name = "kadis." + domain::AsciiLower(agency);
  p.role = Role::kAgencyHead;
  p.agency_code = agency;
  return Actor::Officer(std::move(p));
}

}  // namespace

// Plays one case. Each step is an action at a time; a step after `now`, or
// one the case no longer allows (the sweep closed it first), ends the play.
class DemoHistory::Player {
 public:
  Player(const DemoHistory& h, store::NewCase& nc, std::mt19937_64& rng)
      : h_(h), nc_(nc), rng_(rng) {
    ctx_.calendar = h.calendar_;
    ctx_.policy = h.policy_;
    ctx_.agency_names = h.agency_names_;
    int completion_days = 0;
    if (auto it = h.services_.find(nc.submission.service_code); it != h.services_.end()) {
      completion_days = it->second->standard.completion_days;
      group_ = it->second->group;
    }
    ctx_.targets = h.policy_.For(nc.submission.kind, completion_days);
    c_.pemda_id = nc.pemda_id;
    c_.submission = nc.submission;
    c_.service_name = nc.service_name;
    c_.service_version = nc.service_version;
    c_.agency_code = nc.agency_code;
    c_.placement = nc.placement;
    c_.created_at = nc.created_at;
    c_.updated_at = nc.created_at;
    c_.handling = domain::InitialHandling(nc.created_at, ctx_);
    last_ = nc.created_at;
  }

  Status Run() {
    const auto pemda = nc_.pemda_id;
    // Verification: mostly within the target, some late; a few never.
    if (Chance(0.03)) return Finish();
    Timestamp at = Chance(0.1) ? Later(last_, 3, 6) : Later(last_, 0, 2);
    const double branch = Uniform();
    if (branch < 0.03) {
      static const char* const kReasons[] = {"out_of_scope", "out_of_scope", "incomplete",
                                             "abusive"};
      const char* reason = kReasons[std::uniform_int_distribution<int>(0, 3)(rng_)];
      ActionRequest r = Request(Action::kReject, Verifier(pemda), at);
      r.reason = reason;
      r.text = std::string(reason) == "out_of_scope"
                   ? "Laporan ini bukan kewenangan Pemerintah Kota Semarang; silakan sampaikan "
                     "kepada instansi vertikal terkait."
               : std::string(reason) == "abusive"
                   ? "Laporan memuat kata-kata yang tidak pantas dan tidak dapat diproses."
                   : "Laporan belum memuat lokasi dan uraian kejadian yang cukup.";
      Act(std::move(r));
      return Finish();
    }
    if (branch < 0.1) {
      ActionRequest ask = Request(Action::kRequestInfo, Verifier(pemda), at);
      ask.text = PickText(kInfoRequests, rng_);
      if (!Act(std::move(ask))) return Finish();
      if (Chance(0.4)) {
        // No answer: SP4N-LAPOR! practice closes it as incomplete.
        ActionRequest reject = Request(Action::kReject, Verifier(pemda), Later(last_, 10, 20));
        reject.reason = "incomplete";
        reject.text = "Tidak ada tanggapan dari pelapor atas permintaan kelengkapan informasi.";
        Act(std::move(reject));
        return Finish();
      }
      ActionRequest answer = Request(Action::kProvideInfo, Actor::Reporter(), Later(last_, 1, 5));
      answer.text = PickText(kInfoAnswers, rng_);
      if (!Act(std::move(answer))) return Finish();
      at = Later(last_, 0, 1);
    }
    if (!Act(Request(Action::kVerify, Verifier(pemda), at))) return Finish();
    if (Chance(0.015)) return Finish();  // stalls: verified, never disposed

    // Disposition to the lead agency, sometimes with a supporting one.
    const std::string lead = LeadAgency();
    ActionRequest dispose = Request(Action::kDispose, Verifier(pemda), Later(last_, 0, 1));
    dispose.agency_code = lead;
    const std::string office = KecamatanOffice();
    if (Chance(0.15)) {
      const std::string support = !office.empty() && office != lead ? office : "SATPOLPP";
      if (support != lead) dispose.supporting.push_back(support);
    }
    if (!Act(std::move(dispose))) return Finish();
    if (Chance(0.05)) {
      ActionRequest forward = Request(Action::kForward, OfficerOf(lead, pemda), Later(last_, 1, 3));
      forward.agency_code = ForwardTarget(lead, office);
      forward.reason = PickText(kForwardReasons, rng_);
      if (!Act(std::move(forward))) return Finish();
    }
    if (Chance(0.04)) return Finish();  // stalls: follow-up overdue

    const std::string handler = c_.agency_code;
    if (Chance(0.5)) {
      const bool by_head = handler == "DPU";
      ActionRequest assign =
          Request(Action::kAssign, by_head ? HeadOf(handler, pemda) : OfficerOf(handler, pemda),
                  Later(last_, 0, 1));
      assign.assignee = "petugas." + domain::AsciiLower(handler);
      if (!Act(std::move(assign))) return Finish();
    }
    ActionRequest start = Request(Action::kStart, OfficerOf(handler, pemda),
                                  Chance(0.1) ? Later(last_, 5, 9) : Later(last_, 0, 3));
    if (!Act(std::move(start))) return Finish();
    if (!c_.handling.supporting.empty() && Chance(0.6)) {
      const std::string support = c_.handling.supporting.front().agency_code;
      ActionRequest ask =
          Request(Action::kRequestInput, OfficerOf(handler, pemda), Later(last_, 0, 1));
      ask.agency_code = support;
      ask.text = "Mohon dukungan data dan personel untuk penanganan di wilayah Anda.";
      if (!Act(std::move(ask))) return Finish();
      ActionRequest give =
          Request(Action::kProvideInput, OfficerOf(support, pemda), Later(last_, 1, 3));
      give.text = "Siap, personel kami akan mendampingi di lokasi sesuai jadwal.";
      if (!Act(std::move(give))) return Finish();
    }
    if (Chance(0.25)) {
      ActionRequest update =
          Request(Action::kPublicUpdate, OfficerOf(handler, pemda), Later(last_, 1, 3));
      update.text = PickText(kUpdates, rng_);
      if (!Act(std::move(update))) return Finish();
    }
    if (Chance(0.1)) {
      ActionRequest note = Request(Action::kNote, OfficerOf(handler, pemda), Later(last_, 0, 1));
      note.text = PickText(kNotes, rng_);
      if (!Act(std::move(note))) return Finish();
    }
    if (Chance(0.05)) return Finish();  // stalls: resolution overdue

    // Resolution, mostly within the Standar Pelayanan's time limit.
    // Counted from the first disposition, as the deadline is.
    const int target = std::max(1, ctx_.targets.resolution);
    const Timestamp disposed_at = c_.handling.disposed_at.value_or(last_);
    Timestamp resolved_at = Chance(0.12) ? Later(disposed_at, target + 1, target + target / 2 + 2)
                                         : Later(disposed_at, target * 3 / 10,
                                                 std::max(target * 3 / 10, target * 7 / 10));
    if (resolved_at <= last_) resolved_at = Later(last_, 0, 1);
    if (PilesUp(resolved_at) && !Chance(h_.catalogue_.settings.backlog->resolved_share)) {
      return Finish();  // the staged backlog: waits, past its deadline
    }
    if (!Resolve(resolved_at)) return Finish();
    if (Chance(0.03)) {
      ActionRequest reopen = Request(Action::kReopen, Actor::Reporter(), Later(last_, 1, 4));
      reopen.reason = PickText(kReopenReasons, rng_);
      if (!Act(std::move(reopen))) return Finish();
      if (!Resolve(Later(last_, 1, 4))) return Finish();
    }
    if (Chance(0.3)) {
      ActionRequest close = Request(Action::kClose, Actor::Reporter(), Later(last_, 0, 5));
      close.text = PickText(kCloseThanks, rng_);
      Act(std::move(close));
    }
    return Finish();  // else the sweep closes it when nobody replies
  }

 private:
  double Uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  bool Chance(double p) { return Uniform() < p; }

  static ActionRequest Request(Action action, Actor actor, Timestamp at) {
    ActionRequest r;
    r.action = action;
    r.actor = std::move(actor);
    r.at = at;
    return r;
  }

  // Whether a resolution of this case at `at` falls in the catalogue's
  // backlog: its agency's, on or after the backlog's first day.
  bool PilesUp(Timestamp at) const {
    return h_.backlog_from_ && at >= *h_.backlog_from_ &&
           c_.agency_code == h_.catalogue_.settings.backlog->agency_code;
  }

  bool Resolve(Timestamp at) {
    ActionRequest resolve = Request(Action::kResolve, OfficerOf(c_.agency_code, nc_.pemda_id), at);
    const auto it = Responses().find(group_);
    resolve.text = PickText(it != Responses().end() ? it->second : kGeneralResponses, rng_);
    return Act(std::move(resolve));
  }

  std::string KecamatanOffice() const {
    std::string kecamatan = c_.placement.kecamatan_code;
    if (kecamatan.empty() && c_.submission.location.region_code.size() >= 8) {
      kecamatan = c_.submission.location.region_code.substr(0, 8);
    }
    const auto it = h_.kecamatan_offices_.find(kecamatan);
    return it == h_.kecamatan_offices_.end() ? "" : it->second;
  }

  // The routing proposal (no override reason needed), else the service's
  // agency, else the kecamatan office for a complaint without service.
  std::string LeadAgency() const {
    if (!c_.placement.proposed_agency.empty()) return c_.placement.proposed_agency;
    if (!c_.agency_code.empty()) return c_.agency_code;
    const std::string office = KecamatanOffice();
    return office.empty() ? "BAG-ORGANISASI" : office;
  }

  std::string ForwardTarget(const std::string& lead, const std::string& office) {
    if (lead.rfind("KEC-", 0) == 0 || office.empty() || office == lead) {
      static const char* const kAgencies[] = {"DPU", "DLH", "SATPOLPP", "DISPERKIM"};
      std::string target = kAgencies[std::uniform_int_distribution<int>(0, 3)(rng_)];
      return target == lead ? "DLH" : target;
    }
    return office;
  }

  // A time `min_days`..`max_days` working days after `after`, in office
  // hours (08:00-15:30 local); 0 days: later the same working day when
  // there is time left, else the next working day.
  Timestamp Later(Timestamp after, int min_days, int max_days) {
    using std::chrono::hours;
    using std::chrono::minutes;
    const auto& cal = *ctx_.calendar;
    const auto offset = cal.settings().utc_offset;
    const int n = std::uniform_int_distribution<int>(min_days, std::max(min_days, max_days))(rng_);
    const auto date = cal.LocalDate(after);
    const Timestamp midnight =
        Timestamp(std::chrono::sys_days(date)) - std::chrono::duration_cast<minutes>(offset);
    const auto time_of_day = after - midnight;
    if (n == 0 && cal.IsWorkingDay(date) && time_of_day < hours(15)) {
      const Timestamp from = std::max(after, midnight + hours(8));
      const auto room = std::chrono::duration_cast<minutes>(midnight + hours(16) - from).count();
      return from + minutes(std::uniform_int_distribution<int64_t>(
                        std::min<int64_t>(20, room), std::max<int64_t>(20, room))(rng_));
    }
    std::chrono::sys_days day;
    if (auto next = cal.AddWorkingDays(date, std::max(n, 1))) {
      day = std::chrono::sys_days(*next);
    } else {
      day = std::chrono::sys_days(date) + std::chrono::days(std::max(n, 1) * 7 / 5 + 1);
    }
    return Timestamp(day) - std::chrono::duration_cast<minutes>(offset) + hours(8) +
           minutes(std::uniform_int_distribution<int>(0, 450)(rng_));
  }

  // Runs the deadline sweep as Sigap would have, every minute, up to `t`.
  void SweepUntil(Timestamp t) {
    while (!error_ && c_.handling.next_check_at && *c_.handling.next_check_at <= t) {
      // A stage anchored in the past (resolution counts from the
      // disposition) may be due before the last event: the sweep sees it
      // right after that event.
      const Timestamp at =
          std::max(last_, std::min(t, *c_.handling.next_check_at + std::chrono::minutes(1)));
      const auto before = c_.handling.next_check_at;
      Apply(Request(Action::kEscalate, Actor::System(), at));
      if (c_.handling.next_check_at == before) break;  // nothing more is due
    }
  }

  // Sweeps up to the action's time, then takes it. Returns false when the
  // play ends: the time is after now, the case no longer allows the action,
  // or the domain refused it (error_).
  bool Act(ActionRequest r) {
    if (r.at <= last_) r.at = last_ + std::chrono::minutes(7);
    if (r.at > h_.now_) return false;
    SweepUntil(r.at);
    if (error_) return false;
    return Apply(std::move(r));
  }

  bool Apply(ActionRequest r) {
    auto changes = domain::Decide(c_, r, ctx_);
    if (!changes) {
      if (changes.error().code == ErrorCode::kConflict) return false;  // the case moved on
      std::string detail = changes.error().message;
      for (const auto& f : changes.error().fields) detail += "; " + f.field + " " + f.code;
      error_ =
          Error{ErrorCode::kInternal,
                "demo history: " + std::string(domain::ToString(r.action)) + " refused: " + detail};
      return false;
    }
    if (changes->empty()) return true;
    auto& change = changes->front();
    c_ = std::move(change.after);
    c_.updated_at = r.at;
    for (auto& e : change.events) {
      last_ = std::max(last_, e.at);
      events_.push_back(std::move(e));
    }
    return true;
  }

  Status Finish() {
    if (!error_) SweepUntil(h_.now_);
    if (error_) return Fail(*error_);
    nc_.status = c_.status;
    nc_.agency_code = c_.agency_code;
    nc_.handling = std::move(c_.handling);
    nc_.history = std::move(events_);
    return {};
  }

  const DemoHistory& h_;
  store::NewCase& nc_;
  std::mt19937_64& rng_;
  domain::DecisionContext ctx_;
  domain::Case c_;
  std::string group_;
  std::vector<domain::EventDraft> events_;
  Timestamp last_{};
  std::optional<Error> error_;
};

DemoHistory::DemoHistory(const DemoCatalogue& catalogue,
                         std::shared_ptr<const domain::WorkingCalendar> calendar,
                         domain::SlaPolicy policy, Timestamp now)
    : catalogue_(catalogue), calendar_(std::move(calendar)), policy_(std::move(policy)), now_(now) {
  if (const auto& backlog = catalogue_.settings.backlog) {
    const auto offset =
        std::chrono::duration_cast<std::chrono::minutes>(calendar_->settings().utc_offset);
    const auto today = std::chrono::sys_days(calendar_->LocalDate(now_));
    backlog_from_ = Timestamp(today - std::chrono::days(backlog->days)) - offset;
  }
  for (const auto& s : catalogue_.services) services_[s.code] = &s;
  for (const auto& a : catalogue_.agencies) {
    agency_names_.emplace_back(a.code, a.name);
    if (a.kind == "kecamatan" && !a.region_code.empty()) kecamatan_offices_[a.region_code] = a.code;
  }
}

Status DemoHistory::Play(store::NewCase& c, std::mt19937_64& rng) const {
  Player player(*this, c, rng);
  return player.Run();
}

}  // namespace sigap::cli
