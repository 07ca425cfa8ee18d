#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/io/name_table.hpp"

namespace onb::io {
namespace {

TEST(NameTable, FindsEveryNameAndNothingElse) {
  std::vector<std::string> owned;
  for (int i = 0; i < 300; ++i) owned.push_back("name_" + std::to_string(i));
  std::vector<std::string_view> names(owned.begin(), owned.end());
  names.push_back("");           // the empty name is a name
  names.push_back("name_7");     // a repeat: the first position wins
  const NameTable table(names);
  EXPECT_EQ(table.size(), 301u);
  for (uint32_t i = 0; i < 300; ++i) EXPECT_EQ(table.find(owned[i]), i);
  EXPECT_EQ(table.find(""), 300u);
  EXPECT_EQ(table.find("name_"), NameTable::kNotFound);
  EXPECT_EQ(table.find("name_3000"), NameTable::kNotFound);
  EXPECT_EQ(table.find("Name_1"), NameTable::kNotFound);
  EXPECT_EQ(NameTable().find("x"), NameTable::kNotFound);
  EXPECT_EQ(NameTable(std::vector<std::string_view>{}).find(""), NameTable::kNotFound);
}

}  // namespace
}  // namespace onb::io
