#include "compiler/format/line_diff.hpp"

#include <algorithm>
#include <vector>

namespace onb {

namespace {

// Lines with their newline (the last one may have none).
std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t newline = text.find('\n', start);
    const size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class Op : uint8_t { Equal, Delete, Insert };

// The edit script from a[aBegin, aEnd) to b[bBegin, bEnd) (Myers, "An O(ND) Difference
// Algorithm", with the V array of every step kept for the walk back), appended to `ops`.
// Past kMaxEdits edits: delete everything, insert everything.
void myers(const std::vector<std::string_view>& a, size_t aBegin, size_t aEnd, const std::vector<std::string_view>& b,
           size_t bBegin, size_t bEnd, std::vector<Op>& ops) {
  constexpr int64_t kMaxEdits = 2000;  // the kept V arrays take about 4 * kMaxEdits^2 bytes
  const int64_t n = static_cast<int64_t>(aEnd - aBegin), m = static_cast<int64_t>(bEnd - bBegin);
  const int64_t maxD = std::min(n + m, kMaxEdits);
  const int64_t offset = maxD + 1;
  std::vector<int32_t> v(static_cast<size_t>(2 * offset + 1), 0);
  std::vector<std::vector<int32_t>> trace;  // trace[d]: v[k] for k in [-d-1, d+1] before step d
  int64_t found = -1;
  for (int64_t d = 0; d <= maxD && found < 0; ++d) {
    trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (int64_t k = -d; k <= d; k += 2) {
      int64_t x =
          (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      int64_t y = x - k;
      while (x < n && y < m && a[aBegin + x] == b[bBegin + y]) ++x, ++y;
      v[offset + k] = static_cast<int32_t>(x);
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    ops.insert(ops.end(), static_cast<size_t>(n), Op::Delete);
    ops.insert(ops.end(), static_cast<size_t>(m), Op::Insert);
    return;
  }
  std::vector<Op> reversed;
  int64_t x = n, y = m;
  for (int64_t d = found; d >= 0; --d) {
    const std::vector<int32_t>& vd = trace[static_cast<size_t>(d)];
    const auto at = [&](int64_t k) { return static_cast<int64_t>(vd[static_cast<size_t>(k + d + 1)]); };
    const int64_t k = x - y;
    const int64_t previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const int64_t previousX = d == 0 ? 0 : at(previousK);
    const int64_t previousY = d == 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      reversed.push_back(Op::Equal);
      --x, --y;
    }
    if (d > 0) reversed.push_back(x == previousX ? Op::Insert : Op::Delete);
    x = previousX;
    y = previousY;
  }
  ops.insert(ops.end(), reversed.rbegin(), reversed.rend());
}

void appendLine(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  if (!line.empty() && line.back() == '\n') {
    out += line;
  } else {
    out += line;
    out += "\n\\ No newline at end of file\n";
  }
}

std::string range(size_t start, size_t length) {
  // GNU diff: a one-line range is just its line; an empty one names the line before it.
  if (length == 1) return std::to_string(start + 1);
  return std::to_string(length == 0 ? start : start + 1) + "," + std::to_string(length);
}

}  // namespace

std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view fromName,
                        std::string_view toName) {
  if (before == after) return "";
  const std::vector<std::string_view> a = splitLines(before), b = splitLines(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  std::vector<Op> ops(prefix, Op::Equal);
  myers(a, prefix, a.size() - suffix, b, prefix, b.size() - suffix, ops);
  ops.insert(ops.end(), suffix, Op::Equal);

  constexpr size_t kContext = 3;
  std::string out = "--- " + std::string(fromName) + "\n+++ " + std::string(toName) + "\n";
  // Positions (op index, line of a, line of b) at each op.
  std::vector<size_t> aLine(ops.size() + 1), bLine(ops.size() + 1);
  for (size_t i = 0; i < ops.size(); ++i) {
    aLine[i + 1] = aLine[i] + (ops[i] != Op::Insert);
    bLine[i + 1] = bLine[i] + (ops[i] != Op::Delete);
  }
  size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::Equal) {
      ++i;
      continue;
    }
    // A hunk: from kContext equal lines before this change to kContext after the last
    // change that is at most 2 * kContext equal lines from the previous one.
    const size_t start = i >= kContext ? i - kContext : 0;
    size_t end = i;
    size_t equalRun = 0;
    for (size_t j = i; j < ops.size(); ++j) {
      if (ops[j] == Op::Equal) {
        if (++equalRun > 2 * kContext) break;
      } else {
        equalRun = 0;
        end = j + 1;
      }
    }
    end = std::min(ops.size(), end + kContext);
    out += "@@ -" + range(aLine[start], aLine[end] - aLine[start]) + " +" +
           range(bLine[start], bLine[end] - bLine[start]) + " @@\n";
    for (size_t j = start; j < end; ++j) {
      switch (ops[j]) {
        case Op::Equal:
          appendLine(out, ' ', a[aLine[j]]);
          break;
        case Op::Delete:
          appendLine(out, '-', a[aLine[j]]);
          break;
        case Op::Insert:
          appendLine(out, '+', b[bLine[j]]);
          break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace onb
