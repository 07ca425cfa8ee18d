// Declarations (LANGUAGE.md section 3): user traits, events, channels, queues and top-level
// caps, collected in program order across files; duplicates, wire names, defaults.
#include "compiler/check/checker.hpp"

namespace onb::checker {

namespace {

struct Seen {
  std::string_view what;
  Span span;
};

}  // namespace

Type Checker::resolveType(const ast::TypeRef& ref) {
  Type t;
  switch (ref.base) {
    case ast::BaseType::Bool: t.kind = TypeKind::Bool; break;
    case ast::BaseType::Int: t.kind = TypeKind::Int; break;
    case ast::BaseType::Float: t.kind = TypeKind::Float; break;
    case ast::BaseType::String: t.kind = TypeKind::String; break;
    case ast::BaseType::Time: t.kind = TypeKind::Time; break;
    case ast::BaseType::Duration: t.kind = TypeKind::Duration; break;
    case ast::BaseType::Enum: {
      t.kind = TypeKind::Enum;
      std::vector<std::string> members;
      for (const auto& m : ref.enumMembers) {
        bool dup = false;
        for (const auto& prev : members) dup = dup || prev == m.text;
        if (dup) {
          sink_.report(DiagKind::DuplicateDeclaration, m.span, fmt::format("enum member `{}` is listed twice", m.text));
          continue;
        }
        members.emplace_back(m.text);
      }
      t.enumId = internEnum(members);
      break;
    }
  }
  t.optional = ref.optional;
  return t;
}

namespace {

bool isSensitive(const ast::Field& f, DiagnosticSink& sink) {
  bool sensitive = false;
  for (const auto& a : f.annotations) {
    if (a.text == "sensitive") sensitive = true;
    else sink.report(DiagKind::UnknownAnnotation, a.span, fmt::format("unknown annotation `@{}`: the only annotation is @sensitive", a.text));
  }
  return sensitive;
}

}  // namespace

void Checker::collectDeclarations() {
  std::unordered_map<std::string_view, Span> traitSeen, eventSeen, destSeen, journeySeen;
  std::vector<std::pair<uint32_t, const ast::ChannelDecl*>> channelDecls;
  std::vector<std::pair<uint32_t, const ast::CapDecl*>> capDecls;

  auto duplicate = [&](std::unordered_map<std::string_view, Span>& seen, std::string_view name, Span span,
                       std::string_view what) {
    auto [it, fresh] = seen.emplace(name, span);
    if (fresh) return false;
    Diagnostic& d = sink_.report(DiagKind::DuplicateDeclaration, span, fmt::format("{} `{}` is declared twice", what, name));
    d.notes.push_back({it->second, "first declared here"});
    return true;
  };

  for (const DeclRef& ref : loaded_.order) {
    const ast::Module& mod = loaded_.modules[ref.module];
    const ast::Decl& decl = mod.decls[ref.decl];
    if (const auto* user = std::get_if<ast::UserDecl>(&decl)) {
      for (const ast::Field& f : user->fields) {
        if (f.name.text == "id") {
          sink_.report(DiagKind::ReservedName, f.name.span, "`id` cannot be declared: every user has the read-only `user.id`");
          continue;
        }
        if (duplicate(traitSeen, f.name.text, f.name.span, "trait")) continue;
        sema::TraitInfo t;
        t.name = std::string(f.name.text);
        t.type = resolveType(f.type);
        t.sensitive = isSensitive(f, sink_);
        t.span = f.span;
        if (f.defaultValue != ast::kNoExpr) {
          std::string why;
          if (literalFits(ref.module, f.defaultValue, t.type, why)) {
            t.hasDefault = true;
            t.defaultValue = ExprRef{ref.module, f.defaultValue};
          } else {
            sink_.report(DiagKind::BadDefault, mod.exprs[f.defaultValue].span,
                         fmt::format("the default of `{}` must be {} {}{}", f.name.text,
                                     t.type.kind == TypeKind::Enum ? "a member of" : "a literal of type",
                                     typeName(t.type.base()), why.empty() ? "" : ": " + why));
          }
        }
        out_.traits.push_back(std::move(t));
      }
    } else if (const auto* event = std::get_if<ast::EventDecl>(&decl)) {
      if (duplicate(eventSeen, event->name.text, event->name.span, "event")) continue;
      sema::EventInfo e;
      e.name = std::string(event->name.text);
      e.wireName = event->hasWireName ? std::string(mod.string(event->wireName)) : e.name;
      e.span = event->span;
      e.nameSpan = event->name.span;
      Span wireSpan = event->hasWireName ? event->wireName.span : event->name.span;
      std::unordered_map<std::string_view, Span> propSeen;
      for (const ast::Field& f : event->properties) {
        if (duplicate(propSeen, f.name.text, f.name.span, "property")) continue;
        sema::FieldInfo p;
        p.name = std::string(f.name.text);
        p.type = resolveType(f.type);
        p.sensitive = isSensitive(f, sink_);
        p.span = f.span;
        if (f.defaultValue != ast::kNoExpr)
          sink_.report(DiagKind::BadDefault, mod.exprs[f.defaultValue].span, "event properties have no defaults");
        e.properties.push_back(std::move(p));
      }
      out_.events.push_back(std::move(e));
      // Wire names: checked against every earlier event's.
      const auto& added = out_.events.back();
      for (size_t i = 0; i + 1 < out_.events.size(); ++i) {
        if (out_.events[i].wireName != added.wireName) continue;
        Diagnostic& d = sink_.report(DiagKind::DuplicateWireName, wireSpan,
                                     fmt::format("events `{}` and `{}` both have the wire name \"{}\"",
                                                 out_.events[i].name, added.name, added.wireName));
        d.notes.push_back({out_.events[i].span, fmt::format("`{}` is declared here", out_.events[i].name)});
        break;
      }
    } else if (const auto* channel = std::get_if<ast::ChannelDecl>(&decl)) {
      if (duplicate(destSeen, channel->name.text, channel->name.span, "channel or queue")) continue;
      sema::ChannelInfo c;
      c.name = std::string(channel->name.text);
      c.span = channel->span;
      c.nameSpan = channel->name.span;
      if (channel->requirement != ast::kNoExpr) c.requirement = ExprRef{ref.module, channel->requirement};
      out_.channels.push_back(std::move(c));
      channelDecls.emplace_back(ref.module, channel);
    } else if (const auto* queue = std::get_if<ast::QueueDecl>(&decl)) {
      if (duplicate(destSeen, queue->name.text, queue->name.span, "channel or queue")) continue;
      out_.queues.push_back(sema::QueueInfo{std::string(queue->name.text), queue->span, queue->name.span, false});
    } else if (const auto* cap = std::get_if<ast::CapDecl>(&decl)) {
      capDecls.emplace_back(ref.module, cap);
    } else if (const auto* journey = std::get_if<ast::Journey>(&decl)) {
      if (duplicate(journeySeen, journey->name.text, journey->name.span, "journey")) continue;
      journeyDecls_.emplace_back(ref.module, ref.decl);
    }
  }

  // Channel requirements: over the user, `now` and history; no event, no entered_at.
  ExprContext requiresCtx;
  requiresCtx.noEventReason = "a channel's `requires` is evaluated when sending, with no event of its own";
  requiresCtx.allowEnteredAt = false;
  requiresCtx.enteredAtReason = "a channel's `requires` is shared by every journey";
  requiresCtx.inCondition = true;
  for (const auto& [m, channel] : channelDecls)
    if (channel->requirement != ast::kNoExpr) checkCondition(m, channel->requirement, requiresCtx, "`requires`");
  for (const auto& [m, cap] : capDecls) out_.caps.push_back(resolveCap(*cap));
}

sema::CapInfo Checker::resolveCap(const ast::CapDecl& cap) {
  sema::CapInfo info;
  info.span = cap.span;
  for (const ast::Ident& name : cap.channels) {
    int32_t c = findChannel(name.text);
    if (c >= 0) {
      info.channels.push_back(static_cast<uint32_t>(c));
      continue;
    }
    if (findQueue(name.text) >= 0) {
      sink_.report(DiagKind::WrongDestination, name.span,
                   fmt::format("`{}` is a queue: caps limit sends, which go to channels", name.text));
      continue;
    }
    std::vector<std::string_view> names;
    for (const auto& ch : out_.channels) names.push_back(ch.name);
    Diagnostic& d = sink_.report(DiagKind::UnknownName, name.span, fmt::format("unknown channel `{}`", name.text));
    if (std::string hint = suggest(name.text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
  }
  for (const ast::CapPair& pair : cap.pairs) {
    if (pair.countOutOfRange) sink_.report(DiagKind::LiteralOutOfRange, pair.countSpan, "the count does not fit in 64 bits");
    if (pair.window.outOfRange) sink_.report(DiagKind::LiteralOutOfRange, pair.window.span, "the duration does not fit in 64-bit milliseconds");
    info.pairs.push_back(sema::Pair{pair.count, pair.window.millis});
  }
  return info;
}

}  // namespace onb::checker
