// The compiled-program artifact (`.onbc`): how a Program is stored on disk, and the
// loader that reads it back and verifies it before anything runs.
//
// ---- Encoding -------------------------------------------------------------------------
//
// Every integer is little-endian with an explicit width; there is no padding and no
// alignment. Primitive encodings:
//   u8 u16 u32 u64     unsigned, 1/2/4/8 bytes
//   i32 i64            two's complement, 4/8 bytes
//   f64                the IEEE-754 bits of a double, as a u64
//   flag               u8, exactly 0 or 1
//   enum               u8, the enumerator's position (ValueType, HistKind, Trigger, Anchor,
//                      Action, Op); a value past the last enumerator is refused
//   str                u32 byte length, then the bytes (no terminator, no encoding check)
//   list<T>            u32 element count, then the elements
//
// File layout:
//   offset 0   "ONBC"                    magic, 4 bytes
//   offset 4   u32 format version        kArtifactFormatVersion
//   offset 8   u64 checksum              FNV-1a 64 of every byte from offset 16 to the end
//   offset 16  str compiler version      e.g. "onb 0.1.0" (informational)
//              sections                  every section of artifact_sections.def, once
//                                        each, in that order: u8 tag, u32 byte length,
//                                        then the section's payload
//   The file ends right after the last section; trailing bytes are refused.
//
// Section payloads (field by field; artifact_codec.hpp is the executable form and the
// only place the field order is written in code):
//   1 schema     list<enum: list<str member>>
//                list<event: str name, str wireName, list<field>>
//                list<trait: field, flag hasDefault, [default]>, i32 timezoneTrait
//                  field   = str name, enum type, flag optional, flag sensitive, u32 enumIndex
//                  default = by the trait's type: i64 (bool, int, time, duration, enum),
//                            f64 (float) or str (string: defaultText)
//   2 strings    str stringPool
//   3 constants  list<enum type, payload>: i64 | f64 | u32 stringOffset, u32 stringLength
//   4 functions  u32 maxRegisters, list<u32 codeBegin, u32 codeEnd, u16 registerCount,
//                u16 resultCount, u32 event, u32 file>
//   5 code       list<insn: enum op, u16 a, u16 b, i32 c>   (9 bytes; Insn's pads are 0)
//   6 lines      list<u32>
//   7 channels   list<str name, i32 requiresFn>
//   8 queues     list<str>
//   9 caps       list<i32 journey, list<u32 channel>, list<pair>, str text, u32 line,
//                u32 ringOffset, u32 ringSize>       pair = u64 count, i64 windowMs
//  10 journeys   list<str name, u32 enterEvent, i32 enterWhereFn, i32 enterIfFn,
//                flag hasGoal, u32 goalEvent, i64 goalWithinMs, i32 goalWhereFn,
//                list<u32 event, i32 whereFn, i32 ifFn> exits, i64 exitAfterMs,
//                u32 holdoutHundredths, flag hasQuiet, u16 quietStart, u16 quietEnd,
//                u32 retentionEvent, list<u32> caps, u32 ruleBegin, u32 ruleEnd,
//                u32 stateOffset>
//  11 rules      list<str name, u32 journey, enum trigger, list<u32> whenEvents,
//                i64 delayMs, enum anchor, u32 anchorEvent, list<i32> anchorWhereFn,
//                list<flag isUnless, u32 line> conditions,
//                list<u32 event, i32 whereFn, list<i32> conditionFns, i32 withFn> bodies,
//                flag once, list<pair> limits, str limitText, u32 limitLine, enum action,
//                u32 destination, str text,
//                list<str key, enum type, flag optional, u32 enumIndex> with,
//                u32 timerOffset, u32 armedOffset, u32 limitOffset, u32 limitRingSize>
//  12 streams    list<u32 event, i32 filterFn, u32 errorOffset, list<u32> slots>
//  13 history    list<enum kind, u32 stream, u32 offset, u32 k, i64 windowMs>
//  14 layout     u32 size, list<u32> traitOffset
//  15 files      list<str>
//  16 source     str sourceHash
//
// ---- Limits ----------------------------------------------------------------------------
//
// - A list's count is refused when its elements could not fit in the bytes left in its
//   section (each element type has a minimum encoded size), so a corrupted count never
//   causes a large allocation: decoding allocates at most about 8 bytes of Program per
//   byte of file (a 4-byte empty string becomes a 32-byte std::string).
// - The verifier (verifier.hpp) then enforces the limits of the program itself:
//   - at most 65535 registers per function (Program::maxRegisters included);
//   - jumps strictly forward: codegen emits no loops, which keeps verification one pass
//     and every function's running time linear in its length;
//   - history rings, limit rings and cap rings of 1..1024 entries (kMaxRingSize);
//   - at most 1 MiB of state per user (kMaxStateBytes);
//   - sum over functions of registerCount * (1 + jumps) at most 2^24 (kMaxVerifyCost),
//     which bounds the time and memory of verifying a hostile file.
//
// ---- Version history ------------------------------------------------------------------
//
//   1  first version.
//
// A reader accepts exactly its own format version: there is no compatibility across
// versions (recompile the program). Change kArtifactFormatVersion whenever the encoding
// or the meaning of any field, opcode, builtin id or section changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "runtime/bytecode/program.hpp"

namespace onb::bc {

inline constexpr char kArtifactMagic[4] = {'O', 'N', 'B', 'C'};
inline constexpr uint32_t kArtifactFormatVersion = 1;
inline constexpr size_t kArtifactChecksumOffset = 8;
inline constexpr size_t kArtifactHeaderSize = 16;  // magic, version, checksum

// Why an artifact was refused. `offset` is the byte offset at which decoding failed; for
// a program that decodes but fails verification it is the artifact's size (the whole
// file was read) and the message starts with "invalid program: ".
struct LoadError {
  std::string message;
  uint64_t offset = 0;
};

// The outcome of loadArtifact: a verified Program, or why there is none.
struct LoadResult {
  std::variant<Program, LoadError> value;
  std::string compilerVersion;  // from the header, when decoding got that far

  bool ok() const { return std::holds_alternative<Program>(value); }
  const Program& program() const { return std::get<Program>(value); }
  Program& program() { return std::get<Program>(value); }
  const LoadError& error() const { return std::get<LoadError>(value); }
};

// The artifact of `program`. Deterministic: the same program and version give the same
// bytes. Expects a program that verifies (the codegen's output); it is not checked here.
std::string writeArtifact(const Program& program, std::string_view compilerVersion);

// Decodes and verifies an artifact. Never throws and never reads out of bounds: a
// truncated, corrupted or foreign file gives a LoadError, and a Program is returned only
// when verifyProgram accepts it.
LoadResult loadArtifact(std::string_view bytes);

// FNV-1a 64 of `artifact` past its header: the value stored at kArtifactChecksumOffset
// (0 when the artifact is shorter than the header). For tools and tests that patch bytes.
uint64_t artifactChecksum(std::string_view artifact);

}  // namespace onb::bc
