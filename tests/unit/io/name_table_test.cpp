#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/io/name_table.hpp"

namespace onb::io {
namespace {

TEST(NameTable, FindsEveryNameAndNothingElse) {
  std::vector<std::string> owned;
  for (int i = 0; i < 300; ++i) {
    // Short names, names of 8-16 bytes and long ones (compared byte by byte).
    std::string name = i % 3 == 0 ? "n" : i % 3 == 1 ? "name_" : "a_rather_long_property_name_";
    owned.push_back(name.append(std::to_string(i)));
  }
  std::vector<std::string_view> names(owned.begin(), owned.end());
  names.push_back("");           // the empty name is a name
  names.push_back("name_7");     // a repeat: the first position wins
  names.push_back("a_rather_long_property_name_8");
  const NameTable table(names);
  EXPECT_EQ(table.size(), 301u);
  for (uint32_t i = 0; i < 300; ++i) EXPECT_EQ(table.find(owned[i]), i);
  EXPECT_EQ(table.find(""), 300u);
  EXPECT_EQ(table.find("name_"), NameTable::kNotFound);
  EXPECT_EQ(table.find("a_rather_long_property_name_9"), NameTable::kNotFound);  // 9 % 3 == 0
  EXPECT_EQ(table.find("a_rather_long_property_nbme_8"), NameTable::kNotFound);
  EXPECT_EQ(table.find("a_rather_long_property_name_81"), NameTable::kNotFound);
  EXPECT_EQ(table.find("n"), NameTable::kNotFound);
  EXPECT_EQ(table.find("n0"), 0u);
  EXPECT_EQ(table.find("name_3000"), NameTable::kNotFound);
  EXPECT_EQ(table.find("Name_1"), NameTable::kNotFound);
  EXPECT_EQ(NameTable().find("x"), NameTable::kNotFound);
  EXPECT_EQ(NameTable(std::vector<std::string_view>{}).find(""), NameTable::kNotFound);
}

}  // namespace
}  // namespace onb::io
