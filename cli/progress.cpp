#include "cli/progress.hpp"

#include <unistd.h>

#include <cmath>

#include <fmt/format.h>

#include "runtime/io/line_reader.hpp"

namespace onb::cli {

namespace {

constexpr std::chrono::milliseconds kFirstDraw{500};  // short runs show nothing
constexpr std::chrono::milliseconds kRedraw{250};     // at most four redraws a second

std::string bytesText(uint64_t n) {
  static const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  size_t unit = 0;
  while (v >= 1000 && unit + 1 < std::size(kUnits)) {
    v /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", n) : fmt::format("{:.1f} {}", v, kUnits[unit]);
}

std::string rateText(double perSecond) {
  if (perSecond >= 1e6) return fmt::format("{:.2f}M", perSecond / 1e6);
  if (perSecond >= 1e3) return fmt::format("{:.1f}k", perSecond / 1e3);
  return fmt::format("{:.0f}", perSecond);
}

std::string clockText(double seconds) {
  const auto s = static_cast<uint64_t>(std::max(0.0, seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string progressLine(const ProgressSample& s) {
  std::string out = "onb: " + bytesText(s.bytes);
  const bool known = s.totalBytes && *s.totalBytes > 0;
  if (known) {
    const double done = std::min(1.0, static_cast<double>(s.bytes) / static_cast<double>(*s.totalBytes));
    out += fmt::format(" of {} ({:.0f}%)", bytesText(*s.totalBytes), std::floor(done * 100));
  }
  if (s.compressed) out += " compressed";
  const double rate = s.elapsedSeconds > 0 ? static_cast<double>(s.lines) / s.elapsedSeconds : 0;
  out += fmt::format(", {} events/s, {} elapsed", rateText(rate), clockText(s.elapsedSeconds));
  if (known && s.bytes > s.startBytes && s.bytes < *s.totalBytes) {
    const double left = s.elapsedSeconds * static_cast<double>(*s.totalBytes - s.bytes) /
                        static_cast<double>(s.bytes - s.startBytes);
    out += fmt::format(", ETA {}", clockText(std::ceil(left)));
  }
  return out;
}

Progress::Progress(const io::LineReader& reader, bool enabled, std::FILE* out)
    : reader_(reader), enabled_(enabled), out_(out), start_(Clock::now()), lastDraw_(start_), startBytes_(bytesRead()) {}

uint64_t Progress::bytesRead() const {
  return reader_.compressed() ? reader_.rawBytesRead() : reader_.bytesConsumed();
}

Progress::~Progress() { finish(); }

bool Progress::stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::update(uint64_t lines) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (now - start_ < kFirstDraw || (drawn_ && now - lastDraw_ < kRedraw)) return;
  ProgressSample s;
  s.compressed = reader_.compressed();
  s.bytes = bytesRead();
  s.startBytes = startBytes_;
  s.totalBytes = s.compressed ? reader_.rawTotalBytes() : reader_.totalBytes();
  s.lines = lines;
  s.elapsedSeconds = std::chrono::duration<double>(now - start_).count();
  // \r back to the start of the line, ESC[K erases what a longer previous line left.
  fmt::print(out_, "\r{}\x1b[K", progressLine(s));
  std::fflush(out_);
  lastDraw_ = now;
  drawn_ = true;
}

void Progress::finish() {
  if (!drawn_) return;
  fmt::print(out_, "\r\x1b[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace onb::cli
