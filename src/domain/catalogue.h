#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/time.h"

namespace sigap::domain {

// A local government (tenant). Every other record belongs to one.
struct Pemda {
  PemdaId id = 0;
  std::string code;  // Kemendagri code, "33.74"
  std::string name;  // "Kota Semarang"
  std::string
      time_zone;  // IANA name: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)
};

// A government agency (OPD) or unit that handles cases.
struct Agency {
  std::string code;         // stable short code, "DPU"
  std::string name;         // "Dinas Pekerjaan Umum"
  std::string kind;         // "dinas", "badan", "satpol_pp", "bumd", "kecamatan", ...
  std::string region_code;  // for area offices (kecamatan), else empty
  std::string parent_code;  // for units inside an agency, else empty
};

// A Kemendagri region: PP (province), PP.KK (kab/kota), PP.KK.CC
// (kecamatan), PP.KK.CC.DDDD (desa/kelurahan).
struct Region {
  std::string code;
  std::string name;
  int level = 0;  // 1 province, 2 kab/kota, 3 kecamatan, 4 desa/kelurahan
  std::string parent_code;
  std::optional<GeoPoint> centroid;
  std::string boundary_geojson;  // GeoJSON geometry, may be empty
};

// Returns the parent code of a Kemendagri code ("33.74.01" -> "33.74"), or
// "" for a province.
std::string ParentRegionCode(const std::string& code);
// Returns 1..4 for a well-formed code, 0 otherwise.
int RegionLevel(const std::string& code);

// Standar Pelayanan (UU 25/2009 art. 21; PermenPAN-RB 15/2014). The first
// six components are published to citizens (service delivery); the other
// eight are internal (service management).
struct ServiceStandard {
  int version = 0;
  Timestamp effective_from{};
  // Published components.
  std::vector<std::string> requirements;  // persyaratan
  std::vector<std::string> procedure;     // sistem, mekanisme dan prosedur (steps)
  int completion_days = 0;                // jangka waktu penyelesaian, working days (0 = not set)
  std::string cost;                       // biaya/tarif ("Gratis" or the tariff and its basis)
  std::string product;                    // produk pelayanan
  std::string complaint_channel;          // penanganan pengaduan, saran dan masukan
  // Internal components.
  std::string legal_basis;             // dasar hukum
  std::string facilities;              // sarana dan prasarana, dan/atau fasilitas
  std::string staff_competence;        // kompetensi pelaksana
  std::string internal_supervision;    // pengawasan internal
  std::string staffing;                // jumlah pelaksana
  std::string guarantee;               // jaminan pelayanan
  std::string security_assurance;      // jaminan keamanan dan keselamatan pelayanan
  std::string performance_evaluation;  // evaluasi kinerja pelaksana
  std::string changed_by;              // who published this version
  std::string change_note;
};

// An entry of the service catalogue (layanan). `standard` is the current
// version; older versions stay in the store because cases point at them.
struct Service {
  std::string code;  // "PU-DRAINASE"
  std::string name;
  std::string agency_code;  // the responsible agency
  std::string group;        // catalogue group for citizens, "Infrastruktur"
  std::string description;
  std::vector<std::string> keywords;
  std::vector<CaseKind> kinds;  // which kinds of case it accepts
  bool active = true;
  ServiceStandard standard;
};

}  // namespace sigap::domain
