#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags of `sigap import boundaries`.
struct BoundaryImportFlags {
  std::string file;   // a GeoJSON FeatureCollection
  std::string level;  // "kelurahan" (desa too), "kecamatan", or "pemda" (kabupaten, kota, provinsi)
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
  std::string code_property = "kode";      // the feature property with the Kemendagri code
  bool skip_invalid = false;
  bool dry_run = false;
};

// `sigap import boundaries FILE.geojson --level kelurahan|kecamatan`:
// stores each feature's geometry (Polygon or MultiPolygon, holes allowed)
// on the Pemda's region with the feature's Kemendagri code, all in one
// transaction. A feature is bad when it has no code property, names no
// region of the Pemda, names a region of another level, repeats a code, or
// has a geometry the geo index refuses (routing::CheckGeometry). Each
// problem is printed on `err` as "FILE: feature INDEX (CODE): reason"
// (INDEX from 0); with any problem nothing is written unless
// --skip-invalid. Prints "Imported N boundaries (M skipped)" on `out`.
// A running server re-reads boundaries after SIGHUP (or a restart).
// Returns 0 when written (or the dry run found no problem), 1 when nothing
// was written because of problems or the database failed, 2 for a wrong
// flag (missing file, unknown level or Pemda).
int ImportBoundaries(const BoundaryImportFlags& flags, std::ostream& out, std::ostream& err);

// Flags of `sigap import population`.
struct PopulationImportFlags {
  std::string file;                        // CSV: kode,penduduk
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
};

// `sigap import population FILE.csv`: the residents of the Pemda's regions
// (BPS figures, e.g. "Kecamatan Dalam Angka"), one row per region with a
// header naming the columns `kode` (or `code`) and `penduduk` (or
// `population`); `;` separated files (spreadsheets in Indonesian locales)
// are read too. A row is bad when its code is not a region of the Pemda,
// repeats, or its figure is not a whole number from 1 to 100,000,000; each
// problem is printed on `err` as "FILE:LINE: reason". Any problem writes
// nothing; otherwise every figure is written in one transaction and
// "Imported N population figures" printed on `out`. The dashboard's map then
// shades kelurahan by cases per 10,000 residents. Returns 0 when written, 1
// when nothing was, 2 for a wrong flag (missing file, unknown Pemda).
int ImportPopulation(const PopulationImportFlags& flags, std::ostream& out, std::ostream& err);

// `sigap import regions FILE.csv`: the Pemda's own region and every
// province, kabupaten/kota, kecamatan and desa/kelurahan under its code,
// from a Kemendagri list with the columns `kode`, `nama` and `level` (1-4),
// e.g. data/regions of the source tree or the national list of
// ../shared/data/regions; rows of other Pemda are passed over. A row is bad
// when its code and level disagree, its name is empty or its code repeats;
// each problem is printed on `err` as "FILE:LINE: reason" and any problem
// writes nothing. Regions already stored keep their boundaries, centroids
// and population; their names are updated. Prints "Imported N regions of
// PEMDA (K kecamatan, D desa/kelurahan)". Returns 0 when written, 1 when
// nothing was, 2 for a wrong flag.
int ImportRegions(const PopulationImportFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
