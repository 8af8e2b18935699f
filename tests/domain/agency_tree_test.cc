#include "domain/agency_tree.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sigap::domain {
namespace {

Agency Unit(std::string code, std::string parent) {
  Agency a;
  a.code = std::move(code);
  a.name = a.code;
  a.kind = "dinas";
  a.parent_code = std::move(parent);
  return a;
}

std::vector<std::string> Sorted(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  return codes;
}

TEST(AgencyTree, ListsTheUnitsUnderAnAgencyAndTheirUnitsInTurn) {
  const std::vector<Agency> agencies = {
      Unit("DISHUB", ""), Unit("BLU-TRANS", "DISHUB"), Unit("HALTE", "BLU-TRANS"),
      Unit("DINKES", ""), Unit("PKM-A", "DINKES"),     Unit("UPTD-PARKIR", "DISHUB"),
  };
  EXPECT_EQ(Sorted(UnitsUnder(agencies, "DISHUB")),
            (std::vector<std::string>{"BLU-TRANS", "HALTE", "UPTD-PARKIR"}));
  EXPECT_EQ(UnitsUnder(agencies, "BLU-TRANS"), std::vector<std::string>{"HALTE"});
  EXPECT_TRUE(UnitsUnder(agencies, "HALTE").empty());
}

TEST(AgencyTree, AnUnknownOrEmptyParentHasNoUnits) {
  const std::vector<Agency> agencies = {Unit("DISHUB", ""), Unit("BLU-TRANS", "DISHUB")};
  EXPECT_TRUE(UnitsUnder(agencies, "DPU").empty());
  // "" is the parent of every top-level agency, not an agency with units.
  EXPECT_TRUE(UnitsUnder(agencies, "").empty());
  EXPECT_TRUE(UnitsUnder({}, "DISHUB").empty());
}

TEST(AgencyTree, ACycleInBadRowsEndsTheWalk) {
  const std::vector<Agency> agencies = {Unit("A", "C"), Unit("B", "A"), Unit("C", "B"),
                                        Unit("SELF", "SELF")};
  EXPECT_EQ(Sorted(UnitsUnder(agencies, "A")), (std::vector<std::string>{"B", "C"}));
  EXPECT_TRUE(UnitsUnder(agencies, "SELF").empty());
}

}  // namespace
}  // namespace sigap::domain
