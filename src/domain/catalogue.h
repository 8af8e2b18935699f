#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/result.h"
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
  // Residents (BPS figures a Pemda imports, `sigap import population`): the
  // dashboard's map then shades kelurahan by cases per 10,000 residents.
  std::optional<int64_t> population;
};

// Returns the parent code of a Kemendagri code ("33.74.01" -> "33.74"), or
// "" for a province.
std::string ParentRegionCode(const std::string& code);
// Returns 1..4 for a well-formed code, 0 otherwise.
int RegionLevel(const std::string& code);

// One allowed answer of a list question.
struct AttributeValue {
  std::string key;   // what clients send
  std::string name;  // what citizens read
};

// The kind of answer a service question takes (Open311 GeoReport v2
// datatypes).
enum class AttributeType { kString, kNumber, kDatetime, kText, kSingleValueList, kMultiValueList };

std::string_view ToString(AttributeType type);
std::optional<AttributeType> ParseAttributeType(std::string_view text);

// A question a service asks besides the description (Open311 "attribute"):
// the number of potholes, whether the road is closed, ... Versioned with
// the Standar Pelayanan that holds it.
struct ServiceAttribute {
  std::string code;      // stable key, "JUMLAH_LUBANG"
  bool variable = true;  // false: an informational text only, no answer expected
  AttributeType datatype = AttributeType::kString;
  bool required = false;
  std::string datatype_description;    // hint on the expected format, may be empty
  int order = 0;                       // display order, 1-based
  std::string description;             // the question itself
  std::vector<AttributeValue> values;  // for the two list types
  // About the reporter, not the problem (e.g. whether they are elderly or
  // disabled): the answer is shown to officers and the reporter, never to
  // the public.
  bool personal = false;
};

// Checks `answers` against the questions of a service: required ones
// answered (when `require_answers`), no unknown code, list answers among
// the keys, numbers and datetimes well-formed, one value unless
// multivaluelist. Returns one FieldError per problem, its field
// "attribute[CODE]".
std::vector<FieldError> ValidateAnswers(const std::vector<ServiceAttribute>& attributes,
                                        const std::vector<AttributeAnswer>& answers,
                                        bool require_answers = true);

// Answers to number questions written with a decimal point: "1,5", as
// Indonesians write it and ValidateAnswers takes it, is kept as "1.5",
// which every client reads as a number.
void NormalizeAnswers(const std::vector<ServiceAttribute>& attributes,
                      std::vector<AttributeAnswer>& answers);

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
  // What the service asks of a submission besides its description.
  std::vector<ServiceAttribute> attributes;
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
